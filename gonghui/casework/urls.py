from django.urls import path

from gonghui.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.CaseQueueView.as_view(), name="queue"),
    path("export.csv", views.CaseExportView.as_view(), name="export"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/transition/", views.CaseTransitionView.as_view(), name="transition"),
    path("<int:pk>/assign/", views.CaseAssignView.as_view(), name="assign"),
    path("<int:pk>/route/", views.CaseRouteView.as_view(), name="route"),
    path("<int:pk>/route/units/", views.RouteTargetsView.as_view(), name="route_targets"),
    path("<int:pk>/notes/", views.CaseNoteView.as_view(), name="note"),
    path("files/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
]
