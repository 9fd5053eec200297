from django.urls import path

from gonghui.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("charts.json", views.ChartsView.as_view(), name="charts"),
    path("drill/<str:code>/", views.DrillView.as_view(), name="drill"),
    path("table/", views.TableView.as_view(), name="table"),
    path("table/export.xlsx", views.TableExportView.as_view(), name="table_export"),
    path("targets/", views.TargetListView.as_view(), name="targets"),
    path("targets/new/", views.TargetFormView.as_view(), name="target_set"),
    path("targets/<int:pk>/push/", views.TargetPushView.as_view(), name="target_push"),
]
