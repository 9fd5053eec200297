from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    verbose_name = _("Rights protection")

    def ready(self) -> None:
        from gonghui.casework.kinds import register_kind
        from gonghui.rights import runners  # noqa: F401  (registers the escalation job)
        from gonghui.rights.kinds import LEGAL_AID, REQUEST, WAGE_ARREARS

        for kind in (REQUEST, LEGAL_AID, WAGE_ARREARS):
            register_kind(kind)
