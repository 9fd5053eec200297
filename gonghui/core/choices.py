from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Kinds of union units (工会组织类型), from the federations down to grassroots unions."""

    NATIONAL = "national", _("National federation")
    PROVINCE = "province", _("Provincial federation")
    CITY = "city", _("City federation")
    COUNTY = "county", _("County federation")
    TOWNSHIP = "township", _("Township or street union")
    PARK = "park", _("Industrial park union")
    INDUSTRY = "industry", _("Industry union")
    SECTOR_FEDERATION = "sector_federation", _("Sector union federation")
    JOINT = "joint", _("Joint union")
    GRASSROOTS = "grassroots", _("Grassroots union")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


class Role(models.TextChoices):
    """Staff roles; a grant of a role on a unit covers the unit's whole subtree."""

    FEDERATION_ADMIN = "federation_admin", _("Federation administrator")
    FEDERATION_OFFICER = "federation_officer", _("Federation officer")
    GRASSROOTS_OFFICER = "grassroots_officer", _("Grassroots officer")
    AUDITOR = "auditor", _("Auditor (read-only)")


class Action(models.TextChoices):
    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    REVEAL = "reveal", _("Reveal personal data")
    AUDIT = "audit", _("Read the audit log")
    MANAGE = "manage", _("Manage units and grants")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.FEDERATION_ADMIN: frozenset(Action.values),
    Role.FEDERATION_OFFICER: frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.REVEAL}),
    Role.GRASSROOTS_OFFICER: frozenset({Action.VIEW, Action.ADD, Action.CHANGE}),
    Role.AUDITOR: frozenset({Action.VIEW, Action.AUDIT}),
}


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    REVEAL = "reveal", _("Reveal")
    MOVE = "move", _("Move")
