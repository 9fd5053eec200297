from django.urls import path

from gonghui.indicators.views import BreakdownExportView, IndicatorValuesView

app_name = "indicators"
urlpatterns = [
    path("", IndicatorValuesView.as_view(), name="values"),
    path("breakdown.csv", BreakdownExportView.as_view(), name="breakdown_export"),
]
