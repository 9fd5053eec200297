from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "gonghui.employment"
    label = "employment"
    verbose_name = _("Employment services")

    def ready(self) -> None:
        from gonghui.employment import runners  # noqa: F401  (registers the expiry job)
        from gonghui.employment.matching import runners as matching_runners  # noqa: F401
