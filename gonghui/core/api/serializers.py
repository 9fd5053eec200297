"""Serializers for union units, grants and the audit log, and the shared API fields.

Reading and writing use separate serializers: the write serializers only validate input, the
viewsets hand it to the services (which check access again and write the audit row) and answer
with the read serializer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers

from gonghui.core.choices import Action
from gonghui.core.models import AuditLog, Grant, OrgUnit, User


class ExactAmountField(serializers.DecimalField):
    """An amount in 元 given as a string or an integer: a JSON float is refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, float):
            raise serializers.ValidationError(
                _("Amounts must be given exactly (a decimal number), not as a float."),
                code="float",
            )
        return super().to_internal_value(data)  # type: ignore[no-any-return]


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A reference to a scoped record, looked up only among those the user may ``action``.

    A record outside the scope answers like one that does not exist, so input never confirms
    what the user may not see.
    """

    def __init__(self, *, action: str = Action.VIEW, **kwargs: Any) -> None:
        self.scope_action = action
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Model]:
        queryset = super().get_queryset()
        assert queryset is not None, "a writable reference needs a queryset"
        user = getattr(self.context.get("request"), "user", None)
        return queryset.restrict(user, self.scope_action)  # type: ignore[attr-defined,no-any-return]


class OrgUnitSerializer(serializers.ModelSerializer[OrgUnit]):
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)

    class Meta:
        model = OrgUnit
        fields = [
            "id", "code", "name", "short_name", "kind", "parent", "parent_name", "path",
            "depth", "region_code", "status", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class OrgUnitUpdateSerializer(serializers.ModelSerializer[OrgUnit]):
    """A unit's own fields; the model's validators (region code, unique code) run here."""

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "short_name", "kind", "region_code", "status"]


class OrgUnitCreateSerializer(OrgUnitUpdateSerializer):
    # The stubs know Field.parent (the enclosing serializer); declared fields are popped off
    # the class at run time, so the name is free.
    parent = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        action=Action.MANAGE, queryset=OrgUnit.objects.all(), allow_null=True
    )

    class Meta(OrgUnitUpdateSerializer.Meta):
        fields = [*OrgUnitUpdateSerializer.Meta.fields, "parent"]


class OrgUnitMoveSerializer(serializers.Serializer[Any]):
    parent = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        action=Action.MANAGE, queryset=OrgUnit.objects.all()
    )


class GrantSerializer(serializers.ModelSerializer[Grant]):
    user = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="username", queryset=User.objects.filter(is_active=True)
    )
    unit = ScopedPrimaryKeyRelatedField(action=Action.MANAGE, queryset=OrgUnit.objects.all())
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Grant
        fields = ["id", "user", "unit", "unit_name", "role", "created_at"]
        read_only_fields = ["id", "created_at"]
        # The service answers a repeated grant with the existing one instead of an error.
        validators: list[Any] = []


class AuditLogSerializer(serializers.ModelSerializer[AuditLog]):
    app_label = serializers.CharField(source="content_type.app_label", read_only=True)
    model = serializers.CharField(source="content_type.model", read_only=True)

    class Meta:
        model = AuditLog
        fields = [
            "id", "at", "user", "username", "unit", "unit_path", "action", "app_label", "model",
            "object_id", "object_repr", "before", "after", "request_id", "ip_address",
        ]  # fmt: skip
        read_only_fields = fields
