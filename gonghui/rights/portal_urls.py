from django.urls import path

from gonghui.rights import portal_views

app_name = "rights_portal"
urlpatterns = [
    path("", portal_views.request_list, name="list"),
    path("new/", portal_views.request_new, name="new"),
    path("<int:pk>/", portal_views.request_detail, name="detail"),
    path("<int:pk>/rating/", portal_views.request_rate, name="rate"),
]
