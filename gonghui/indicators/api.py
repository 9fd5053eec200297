"""API for indicators: the registered ones (``indicators/``), their values (``indicator-values/``).

``GET indicator-values/?unit=<id>&period=2024[&codes=a,b][&children=1]`` answers the values over
the unit's subtree for the period (``2024``, ``2024Q3``, ``2024-09``,
``2024-01-01..2024-06-30``; default this year), and with ``children=1`` the same for each child
unit (each over its own subtree) and for the unit's own records. A unit outside the user's
scope answers 404, a bad period or an unknown code 400. ``value`` is a number (counts whole,
sums and rates to two decimals) or null when there is no value (a rate of nothing);
``display`` is how pages print it (``2.5万人``, ``50.0%``, ``—``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.templatetags.gonghui_format import figure
from gonghui.core.views.base import default_unit
from gonghui.indicators import registry, selectors
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import Indicator, Value

TWO_PLACES = Decimal("0.01")


class IndicatorSerializer(serializers.Serializer[Indicator]):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    unit_label = serializers.CharField(read_only=True)
    section = serializers.CharField(source="section.code", read_only=True)
    section_name = serializers.CharField(source="section.name", read_only=True)
    description = serializers.CharField(read_only=True)


@extend_schema_field(OpenApiTypes.NUMBER)
class FigureField(serializers.Field):  # type: ignore[type-arg]
    def to_representation(self, value: Value) -> Any:
        if isinstance(value, Decimal):
            return value.quantize(TWO_PLACES)
        return value


class ValueSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField()
    unit_label = serializers.CharField()
    value = FigureField(allow_null=True)
    display = serializers.CharField()


class UnitBriefSerializer(serializers.Serializer[OrgUnit]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class PeriodSerializer(serializers.Serializer[Period]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    start = serializers.DateField()
    end = serializers.DateField()


class ChildValuesSerializer(serializers.Serializer[dict[str, Any]]):
    unit = UnitBriefSerializer()
    values = ValueSerializer(many=True)


class IndicatorValuesSerializer(serializers.Serializer[dict[str, Any]]):
    unit = UnitBriefSerializer()
    period = PeriodSerializer()
    values = ValueSerializer(many=True)
    own = ValueSerializer(many=True, required=False, help_text="With children=1 only")
    children = ChildValuesSerializer(many=True, required=False, help_text="With children=1 only")


class IndicatorValuesQuerySerializer(serializers.Serializer[dict[str, Any]]):
    unit = serializers.IntegerField(
        required=False, min_value=1, help_text="Union unit id; default: the user's highest unit"
    )
    period = serializers.CharField(
        required=False,
        help_text="2024, 2024Q3, 2024-09 or 2024-01-01..2024-06-30; default: this year",
    )
    codes = serializers.CharField(
        required=False, help_text="Comma-separated indicator codes; default: all"
    )
    children = serializers.BooleanField(
        required=False, default=False, help_text="Also the values of each child unit"
    )

    def validate_period(self, text: str) -> Period:
        try:
            return Period.parse(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate_codes(self, text: str) -> list[Indicator]:
        codes = [code.strip() for code in text.split(",") if code.strip()]
        found = []
        for code in codes:
            try:
                found.append(registry.get(code))
            except LookupError:
                raise serializers.ValidationError(
                    _("No indicator with the code %(code)s.") % {"code": code}
                ) from None
        return found


def _values(indicators: list[Indicator], figures: dict[str, Value]) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "name": str(i.name),
            "unit_label": i.unit_label,
            "value": figures[i.code],
            "display": figure(figures[i.code], i.unit_label),
        }
        for i in indicators
    ]


class IndicatorViewSet(viewsets.ViewSet):
    """The registered indicators (统计指标) in display order."""

    @extend_schema(summary="List the indicators", responses=IndicatorSerializer(many=True))
    def list(self, request: Request) -> Response:
        indicators = registry.all_indicators()
        return Response(IndicatorSerializer(indicators, many=True).data)  # type: ignore[arg-type]


class IndicatorValueViewSet(viewsets.ViewSet):
    """Indicator values of a unit (rolled up over its subtree) for a period."""

    @extend_schema(
        summary="Indicator values of a unit for a period",
        parameters=[IndicatorValuesQuerySerializer],
        responses=IndicatorValuesSerializer,
    )
    def list(self, request: Request) -> Response:
        query = IndicatorValuesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = request.user
        if "unit" in params:
            unit = get_object_or_404(OrgUnit.objects.restrict(user, Action.VIEW), pk=params["unit"])
        else:
            found = default_unit(user)
            if found is None:  # pragma: no cover - the permission needs a grant
                return Response(status=404)
            unit = found
        period: Period = params.get("period") or Period.current_year()
        indicators: list[Indicator] = params.get("codes") or registry.all_indicators()
        answer: dict[str, Any] = {"unit": unit, "period": period}
        if params["children"]:
            table = selectors.breakdown_many(indicators, unit, period, user=user)
            answer["values"] = _values(indicators, table.total)
            answer["own"] = _values(indicators, table.own)
            answer["children"] = [
                {"unit": row.unit, "values": _values(indicators, row.values)} for row in table.rows
            ]
        else:
            answer["values"] = _values(
                indicators, selectors.values(indicators, unit, period, user=user)
            )
        return Response(IndicatorValuesSerializer(answer).data)
