"""Aid: kinds, the yearly cap (also with two officers at once on PostgreSQL), bad amounts."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.assistance import selectors, services
from gonghui.assistance.choices import AidKind
from gonghui.assistance.models import AidGrant
from gonghui.assistance.tests.conftest import grant

pytestmark = [pytest.mark.access("assistance.AidGrant")]


@pytest.mark.django_db
class TestAid:
    def test_the_cap_across_kinds_shows_the_remaining_allowance(
        self, settings, county_officer, file_a
    ) -> None:
        settings.ASSISTANCE_YEARLY_CAP_YUAN = Decimal("10000")
        child = file_a.members.get(relationship="child")
        grant(county_officer, file_a, "3000")
        grant(county_officer, file_a, "2500.50", kind=AidKind.EDUCATION, member=child)
        grant(county_officer, file_a, "4000", kind=AidKind.MEDICAL, bill_amount=Decimal("12000"))
        assert selectors.remaining_allowance(file_a, file_a.opened_on.year) in {
            Decimal("499.50"),
            Decimal("10000"),  # a file opened last year (early January) starts afresh
        }
        with pytest.raises(ValidationError) as refused:
            grant(county_officer, file_a, "500", kind=AidKind.CRITICAL_ILLNESS)
        assert "还可救助499.50元" in str(refused.value)
        grant(county_officer, file_a, "499.50", kind=AidKind.CRITICAL_ILLNESS)
        assert AidGrant.objects.count() == 4

    @pytest.mark.parametrize(
        ("amount", "code"),
        [
            (0.1, "float"),
            ("-5", "negative"),
            ("0", "negative"),
            ("12.345", "precision"),
            ("abc", "invalid"),
            ("NaN", "invalid"),
            ("99999999", "absurd"),
        ],
    )
    def test_bad_amounts_are_refused(self, county_officer, file_a, amount, code) -> None:
        with pytest.raises(ValidationError) as refused:
            services.aid_grant_create(
                by=county_officer, file=file_a, kind="living", amount=amount,
                granted_on=file_a.opened_on, fund="帮扶资金", decided_by="区总工会",
            )  # fmt: skip
        assert refused.value.error_dict["amount"][0].code == code
        assert AidGrant.objects.count() == 0

    def test_kind_rules(self, county_officer, file_a, file_b) -> None:
        with pytest.raises(ValidationError):  # education names the child
            grant(county_officer, file_a, "100", kind=AidKind.EDUCATION)
        with pytest.raises(ValidationError):  # medical aid within the bills
            grant(county_officer, file_a, "900", kind=AidKind.MEDICAL, bill_amount=Decimal("800"))
        with pytest.raises(ValidationError):  # a member of another household
            grant(
                county_officer, file_a, "100", kind=AidKind.EDUCATION,
                member=file_b.members.get(),
            )  # fmt: skip
        assert AidGrant.objects.count() == 0

    def test_refused_personas_change_nothing(self, auditor, grassroots_officer, file_a) -> None:
        from django.core.exceptions import PermissionDenied

        for user in (auditor, grassroots_officer):
            with pytest.raises(PermissionDenied):
                grant(user, file_a, "100")
        assert AidGrant.objects.count() == 0


def _in_thread(target: Any, results: list[Any]) -> threading.Thread:
    def run() -> None:
        try:
            results.append(("ok", target()))
        except Exception as exc:
            results.append(("error", exc))
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_cannot_pass_the_cap(
    settings, city_admin, county_officer, file_a
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL only")
    settings.ASSISTANCE_YEARLY_CAP_YUAN = Decimal("5000")
    results: list[Any] = []
    start = threading.Barrier(2)

    def give(user: Any) -> Any:
        start.wait(5)
        return grant(user, file_a, "3000")

    threads = [_in_thread(lambda u=u: give(u), results) for u in (city_admin, county_officer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError) and "2000.00" in str(error)
    assert AidGrant.objects.count() == 1
