from django.urls import path

from gonghui.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.me, name="me"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("verify/", views.verify, name="verify"),
    path("requests/<int:pk>/", views.request_status, name="request_status"),
    path("requests/<int:pk>/transfer/", views.request_transfer, name="request_transfer"),
    path("join/<str:token>/", views.join, name="join"),
    path("join/<str:token>/employers/", views.join_employers, name="join_employers"),
]
