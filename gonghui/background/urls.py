from django.urls import path

from gonghui.background import views

app_name = "background"
urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/cancel/", views.JobCancelView.as_view(), name="job_cancel"),
]
