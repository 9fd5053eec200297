"""The stats endpoints under ``/api/v1/``: (prefix, viewset, basename) triples that
``gonghui.api_urls`` registers.

``stats/targets/``: targets (目标任务) the user may view, ``?unit=<id>`` (the unit's subtree)
and ``?year=``; ``POST`` sets a unit's target (the change action on the unit is needed);
``POST stats/targets/<id>/push/`` pushes it down to the units directly below
(``{"shares": [{"unit": id, "share": "120.00"}], "percent": false}``); the shares must add up
to the target. Each target carries its completion for the year as of today.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.api.serializers import ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.views.base import parse_id
from gonghui.stats import services
from gonghui.stats.models import MAX_TARGET, Target


class TargetSerializer(serializers.ModelSerializer[Target]):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    completion = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id", "unit", "unit_code", "unit_name", "indicator", "year", "value", "parent",
            "note", "completion", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_completion(self, target: Target) -> dict[str, Any] | None:
        """``{"value", "rate", "expected", "behind"}`` (rate and expected in percent)."""
        if target.indicator_obj is None:
            return None
        request = self.context.get("request")
        done = services.completion(
            target.unit,
            target.indicator,
            target.year,
            user=request.user if request else None,
            target=target,
        )
        if done is None:  # pragma: no cover - the target is given
            return None
        value = done.value
        return {
            "value": str(value) if isinstance(value, Decimal) else value,
            "rate": str(done.rate) if done.rate is not None else None,
            "expected": str(done.expected),
            "behind": done.behind,
        }


class TargetInput(serializers.Serializer[dict[str, Any]]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.CHANGE)
    indicator = serializers.CharField(max_length=100)
    year = serializers.IntegerField(min_value=1949, max_value=2199)
    value = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_TARGET
    )
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class ShareInput(serializers.Serializer[dict[str, Any]]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    share = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=Decimal(0), max_value=MAX_TARGET
    )


class PushInput(serializers.Serializer[dict[str, Any]]):
    shares = ShareInput(many=True)
    percent = serializers.BooleanField(default=False)


@extend_schema_view(
    list=extend_schema(summary="List targets"),
    retrieve=extend_schema(summary="Read a target with its completion"),
    create=extend_schema(summary="Set a unit's target for a year", responses=TargetSerializer),
    push=extend_schema(
        summary="Push a target down to the units below", responses=TargetSerializer(many=True)
    ),
)
class TargetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    """Yearly targets (目标任务) per unit and indicator, and their shares below."""

    queryset = Target.objects.select_related("unit").order_by("-year", "indicator", "unit__code")
    serializer_class = TargetSerializer
    write_serializer_classes = {"create": TargetInput, "push": PushInput}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        unit_id = parse_id(self.request.query_params.get("unit"))
        if unit_id is not None:
            unit = get_object_or_404(
                OrgUnit.objects.restrict(self.request.user, Action.VIEW), pk=unit_id
            )
            queryset = queryset.within(unit)  # type: ignore[attr-defined]
        year = parse_id(self.request.query_params.get("year"))
        if year is not None:
            queryset = queryset.filter(year=year)
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        target = services.target_set(by=request.user, **data)
        return self.saved_response(target, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def push(self, request: Request, pk: Any = None) -> Response:
        target = self.get_object()
        data = self.validated_input()
        shares = {item["unit"]: item["share"] for item in data["shares"]}
        made = services.target_push_down(
            by=request.user, target=target, shares=shares, percent=data["percent"]
        )
        queryset = self.queryset.filter(pk__in=[t.pk for t in made])
        serializer = TargetSerializer(queryset, many=True, context=self.get_serializer_context())
        return Response(serializer.data, status=status.HTTP_200_OK)


ROUTES: list = [("stats/targets", TargetViewSet, "stats-target")]
