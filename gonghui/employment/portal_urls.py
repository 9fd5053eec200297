from django.urls import path

from gonghui.employment import portal_views

app_name = "employment_portal"
urlpatterns = [
    path("", portal_views.home, name="home"),
    path("profile/", portal_views.profile, name="profile"),
    path("postings/", portal_views.postings, name="postings"),
    path("postings/<int:pk>/", portal_views.posting, name="posting"),
    path("fairs/", portal_views.fairs, name="fairs"),
    path("fairs/<int:pk>/register/", portal_views.fair_register, name="fair_register"),
    path("fairs/<int:pk>/pass/", portal_views.fair_pass, name="fair_pass"),
    path("placements/", portal_views.placements, name="placements"),
]
