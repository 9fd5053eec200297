from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    """Hardship assistance (困难职工帮扶): household files, eligibility, aid, annual reviews."""

    name = "gonghui.assistance"
    label = "assistance"
    verbose_name = _("Hardship assistance")

    def ready(self) -> None:
        from gonghui.assistance.kinds import APPLICATION_KIND
        from gonghui.casework.kinds import register_kind

        register_kind(APPLICATION_KIND)
