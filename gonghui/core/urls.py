from django.urls import path

from gonghui.core.views.audit import AuditLogView
from gonghui.core.views.home import HomeView, UnitPickerView, UnitsView

app_name = "workspace"
urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("units/", UnitsView.as_view(), name="units"),
    path("unit-picker/", UnitPickerView.as_view(), name="unit_picker"),
    path("audit/", AuditLogView.as_view(), name="audit_log"),
]
