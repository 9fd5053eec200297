from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "gonghui.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its import specs in its own importers.py.
        autodiscover_modules("importers")
        from gonghui.imports import runners  # noqa: F401 - registers the job runner
