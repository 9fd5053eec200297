from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.choices import AuditAction, Role, UnitKind, UnitStatus
from gonghui.core.scoping import ScopedManager, ScopedQuerySet, ScopedRecord
from gonghui.utils.regions import region_code_validator


class User(AbstractUser):
    """A login: union staff (工会干部) through their grants, or a worker (职工) in the portal."""


class OrgUnitQuerySet(ScopedQuerySet):
    def subtree(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """The unit and every unit below it, in one query."""
        return self.within(unit)

    def descendants(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.subtree(unit).exclude(pk=unit.pk)

    def ancestors(self, unit: OrgUnit, *, include_self: bool = False) -> OrgUnitQuerySet:
        ids = unit.ancestor_ids if not include_self else [*unit.ancestor_ids, unit.pk]
        return self.filter(pk__in=ids).order_by("depth")


class OrgUnitManager(models.Manager.from_queryset(OrgUnitQuerySet)):  # type: ignore[misc]
    pass


class OrgUnit(ScopedRecord, models.Model):
    """A union unit (工会组织): a federation, a township or park union, or a grassroots union.

    ``path`` is the materialized path of primary keys from the root (``/1/7/42/``), so a
    subtree is one prefix query and the ancestors are read off the path.
    """

    code = models.CharField(_("unit code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    region_code = models.CharField(
        _("region code"),
        max_length=6,
        validators=[region_code_validator],
        help_text=_("Six-digit administrative division code (GB/T 2260)"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "path"
    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("union unit")
        verbose_name_plural = _("union units")
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' on PostgreSQL needs a pattern-ops index unless the collation is C.
            models.Index(
                fields=["path"], name="orgunit_path_like", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["parent", "name"], name="orgunit_parent_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def is_within(self, other: OrgUnit) -> bool:
        return self.path.startswith(other.path)


class Grant(ScopedRecord, models.Model):
    """A staff user's role on a unit (授权); it covers the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class AuditLogQuerySet(ScopedQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied("Audit log rows cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Audit log rows cannot be deleted")


class AuditLogManager(models.Manager.from_queryset(AuditLogQuerySet)):  # type: ignore[misc]
    pass


class AuditLog(ScopedRecord, models.Model):
    """One write or reveal (操作日志): who, when, which unit, which object, before and after.

    Rows are append-only: the platform offers no way to change or delete them.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    # The unit's path when the row was written, so scoping survives moves and deletions.
    unit_path = models.CharField(_("unit path"), max_length=400, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    scope_path_lookup: ClassVar[str] = "unit_path"
    objects = AuditLogManager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        action = self.get_action_display()
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied("Audit log rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Audit log rows cannot be deleted")
