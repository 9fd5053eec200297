from django.urls import path

from gonghui.employment.matching import views

app_name = "matching"
urlpatterns = [
    path("seekers/<int:pk>/", views.SeekerMatchesView.as_view(), name="seeker"),
    path("postings/<int:pk>/", views.PostingSeekersView.as_view(), name="posting"),
    path("batch/", views.BatchView.as_view(), name="batch"),
]
