from django.contrib.admin.apps import AdminConfig


class GonghuiAdminConfig(AdminConfig):
    """Django's admin on gonghui's site, which admits users by their grants."""

    default_site = "gonghui.core.admin_site.GonghuiAdminSite"
