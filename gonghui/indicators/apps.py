from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "gonghui.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # Every app's models are loaded before any ready() runs, so the apps' indicators
        # modules can be imported here whatever the order of INSTALLED_APPS.
        from gonghui.indicators.registry import discover

        discover()
