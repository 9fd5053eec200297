"""Access by grants: the one place that decides which records a user may see or change.

A staff user holds grants (unit, role). A grant covers the unit's whole subtree; a role allows
a set of actions (``choices.ROLE_ACTIONS``). Every scoped model names the lookup of its owning
unit's path in ``scope_path_lookup`` and uses ``ScopedManager``, whose ``restrict(user, action)``
keeps what the user's grants cover. No grant, no rows: it fails closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.core.choices import ROLE_ACTIONS, Action

if TYPE_CHECKING:
    from gonghui.core.models import Grant

_GRANTS_CACHE = "_gonghui_grants"

M = TypeVar("M", bound=models.Model)


class ScopedObject(Protocol):
    @property
    def scope_path(self) -> str: ...


def user_grants(user: Any) -> list[Grant]:
    """The user's grants with their units, read once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _GRANTS_CACHE, None)
    if cached is None:
        from gonghui.core.models import Grant

        cached = list(
            Grant.objects.filter(user=user)
            .exclude(unit__status="dissolved")
            .select_related("unit")
            .order_by("unit__path")
        )
        setattr(user, _GRANTS_CACHE, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _GRANTS_CACHE):
        delattr(user, _GRANTS_CACHE)


def scope_paths(user: Any, action: str) -> list[str]:
    """The subtree roots where the user may perform ``action``, without nested duplicates."""
    paths = sorted({g.unit.path for g in user_grants(user) if action in ROLE_ACTIONS[g.role]})
    roots: list[str] = []
    for path in paths:
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def is_staff_user(user: Any) -> bool:
    return bool(user_grants(user))


def can(user: Any, action: str, obj: ScopedObject | None = None) -> bool:
    """Whether the user may perform ``action`` on ``obj`` (or anywhere, when obj is None)."""
    roots = scope_paths(user, action)
    if obj is None:
        return bool(roots)
    path = obj.scope_path
    return any(path.startswith(root) for root in roots)


def ensure_can(user: Any, action: str, obj: ScopedObject | None = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(_("You do not have permission for this operation on this record."))


def subtree_condition(lookup: str, root: str, *, using: str = DEFAULT_DB_ALIAS) -> Q:
    """Rows whose tree path (at ``lookup``) starts with ``root``, in a form the index serves.

    SQLite's LIKE is case-insensitive and cannot use the index; paths hold only digits and
    '/', and '/' sorts just below '0', so the range [root, root-without-slash + '0') is the
    same set under SQLite's binary collation. PostgreSQL keeps LIKE, served by the
    pattern-ops index: a range would be wrong under a locale collation.
    """
    if connections[using].vendor == "sqlite":
        return Q(**{f"{lookup}__gte": root, f"{lookup}__lt": root[:-1] + "0"})
    return Q(**{f"{lookup}__startswith": root})


def path_filter(lookup: str, roots: list[str], *, using: str = DEFAULT_DB_ALIAS) -> Q:
    condition = Q()
    for root in roots:
        condition |= subtree_condition(lookup, root, using=using)
    return condition


class ScopedRecord:
    """Mixin of every scoped model: ``scope_path`` follows ``scope_path_lookup`` on the object
    (``"case__unit__path"`` → ``self.case.unit.path``), so the two never disagree."""

    scope_path_lookup: ClassVar[str]

    @property
    def scope_path(self) -> str:
        value: Any = self
        for name in self.scope_path_lookup.split("__"):
            value = getattr(value, name)
        return str(value)


class ScopedQuerySet(models.QuerySet[M]):
    def restrict(self, user: Any, action: str = Action.VIEW) -> Self:
        """Only the rows the user may perform ``action`` on; none without a matching grant."""
        roots = scope_paths(user, action)
        if not roots:
            return self.none()
        lookup = self.model.scope_path_lookup  # type: ignore[attr-defined]
        return self.filter(path_filter(lookup, roots, using=self.db))

    def within(self, unit: Any) -> Self:
        """Only the rows owned by ``unit`` or a unit below it (a roll-up's set)."""
        lookup = self.model.scope_path_lookup  # type: ignore[attr-defined]
        return self.filter(subtree_condition(lookup, unit.path, using=self.db))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """Manager of every scoped model: ``Model.objects.restrict(user, action)``."""


def scoped_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("gonghui.") and hasattr(model, "scope_path_lookup")
    ]
