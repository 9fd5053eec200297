from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("Union organisation")

    def ready(self) -> None:
        from gonghui.core import crypto

        crypto.connect_setting_listener()
