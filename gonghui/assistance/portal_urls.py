from django.urls import path

from gonghui.assistance.views import portal

app_name = "assistance_portal"
urlpatterns = [
    path("", portal.my_applications, name="mine"),
    path("apply/", portal.apply, name="apply"),
]
