"""``gonghui check_indicator_consistency [--period 2025] [--unit 340800]``

Checks for every additive indicator and every unit of the tree (or of the unit's subtree) that
the unit's figure is the sum of its children's figures plus its own records. Prints each
difference and exits with 1 when there is any.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.models import OrgUnit
from gonghui.indicators.periods import Period
from gonghui.stats import consistency


class Command(BaseCommand):
    help = "Check that every unit's figures add up from its children and its own records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", default="", help="2025, 2025Q3, 2025-09 or a range; default: this year"
        )
        parser.add_argument("--unit", default="", help="unit code; default: every top unit")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(options["period"]) if options["period"] else Period.current_year()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["unit"]:
            tops = list(OrgUnit.objects.filter(code=options["unit"]))
            if not tops:
                raise CommandError(f"no unit with the code {options['unit']}")
        else:
            tops = list(OrgUnit.objects.filter(parent__isnull=True).order_by("code"))
        indicators = consistency.additive_indicators()
        found = []
        for top in tops:
            found.extend(consistency.check(top, period, indicators))
        for item in found:
            self.stdout.write(
                f"{item.unit.code} {item.unit.name} {item.indicator.code}: "
                f"figure {item.figure}, own {item.own} + children {item.children} "
                f"(difference {item.difference})"
            )
        units = sum(OrgUnit.objects.within(top).count() for top in tops)
        summary = (
            f"{period.value}: {len(indicators)} additive indicators, {units} units, "
            f"{len(found)} differences"
        )
        if found:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)
