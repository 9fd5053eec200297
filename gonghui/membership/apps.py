from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "gonghui.membership"
    label = "membership"
    verbose_name = _("Membership")

    def ready(self) -> None:
        from gonghui.casework.kinds import register_kind
        from gonghui.membership import runners  # noqa: F401 - registers the quality scan
        from gonghui.membership.kinds import TRANSFER

        register_kind(TRANSFER)
