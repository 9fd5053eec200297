"""Each hard filter of the matcher on its own, in the plain scorer and in the vectorised index:
a posting failing only that filter is left out by both, its twin passing it is kept."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.test import override_settings

from gonghui.employment.matching import scorer
from gonghui.employment.matching.documents import PostingDoc, SeekerDoc
from gonghui.employment.matching.index import PostingIndex

TODAY = datetime.date(2026, 6, 1)
# 迎江区 (30.51, 117.09): one degree of latitude is ~111.2 km
HOME = (30.51, 117.09)


def posting(posting_id: int = 1, **fields: object) -> PostingDoc:
    base = PostingDoc(
        id=posting_id, occupation="6-31-01", region="340802", text="电工 负责配电柜维修",
        pay_min=5000, pay_max=7000, education_min=2, age_min=18, age_max=50,
        skills=frozenset({"配电柜"}), valid_until=TODAY,
    )  # fmt: skip
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def seeker(**fields: object) -> SeekerDoc:
    base = SeekerDoc(
        id=1, occupations=("6-31-01",), regions=("340802",), text="做过电工",
        expected_pay=6000, education=3, age=35, skills=frozenset({"配电柜"}),
    )  # fmt: skip
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def kept_by_both(person: SeekerDoc, *postings: PostingDoc) -> list[int]:
    """Ids the index keeps, after checking the plain scorer keeps the same ones."""
    plain = sorted(p.id for p in postings if scorer.passes(person, p, TODAY))
    index = PostingIndex(list(postings))
    vectorised = sorted(m.id for m in index.rank(person, TODAY, limit=100))
    assert vectorised == plain
    return vectorised


def test_expiry_and_published_status() -> None:
    ok = posting(1, valid_until=TODAY)
    expired = posting(2, valid_until=TODAY - datetime.timedelta(days=1))
    unpublished = posting(3, published=False)
    assert kept_by_both(seeker(), ok, expired, unpublished) == [1]
    assert scorer.open_ok(posting(valid_until=None), TODAY)


def test_place_by_region_code_prefix_without_coordinates() -> None:
    same_county = posting(1, region="340802")
    other_county = posting(2, region="340822")
    other_city = posting(3, region="340102")
    assert kept_by_both(seeker(regions=("340802",)), same_county, other_county, other_city) == [1]
    # "340800" is the whole city: every county of Anqing, not Hefei
    assert kept_by_both(seeker(regions=("340800",)), same_county, other_county, other_city) == [
        1,
        2,
    ]
    assert kept_by_both(
        seeker(regions=("340802", "340822")), same_county, other_county, other_city
    ) == [1, 2]
    # a seeker who named no place is not filtered on it
    assert kept_by_both(seeker(regions=()), same_county, other_county, other_city) == [1, 2, 3]


def test_place_by_commuting_distance_with_coordinates() -> None:
    lat, lon = HOME
    near = posting(1, lat=lat + 25 / 111.2, lon=lon, region="340822")  # 25 km north
    far = posting(2, lat=lat + 35 / 111.2, lon=lon, region="340802")  # 35 km, same county
    no_coordinates = posting(3, region="340802")
    person = seeker(lat=lat, lon=lon, regions=("340802",))
    assert scorer.distance_km(person, near) == pytest.approx(25, abs=0.01)
    # distance decides when both have coordinates; the region only when the posting has none
    assert kept_by_both(person, near, far, no_coordinates) == [1, 3]
    assert kept_by_both(dataclasses.replace(person, max_km=40), near, far, no_coordinates) == [
        1,
        2,
        3,
    ]
    assert kept_by_both(dataclasses.replace(person, max_km=20), near, far, no_coordinates) == [3]


@override_settings(EMPLOYMENT_MATCHING_MAX_KM=40)
def test_the_default_commuting_limit_is_a_setting() -> None:
    lat, lon = HOME
    far = posting(2, lat=lat + 35 / 111.2, lon=lon)
    assert scorer.max_km_default() == 40
    assert kept_by_both(seeker(lat=lat, lon=lon), far) == [2]


def test_pay_expected_minimum_up_to_the_posting_maximum() -> None:
    enough = posting(1, pay_min=5000, pay_max=7000)
    exactly = posting(2, pay_min=4000, pay_max=6000)
    too_low = posting(3, pay_min=3000, pay_max=5999)
    assert kept_by_both(seeker(expected_pay=6000), enough, exactly, too_low) == [1, 2]
    assert kept_by_both(seeker(expected_pay=None), enough, exactly, too_low) == [1, 2, 3]


def test_age_limits() -> None:
    open_age = posting(1, age_min=None, age_max=None)
    up_to_35 = posting(2, age_min=18, age_max=35)
    up_to_34 = posting(3, age_min=18, age_max=34)
    from_36 = posting(4, age_min=36, age_max=None)
    assert kept_by_both(seeker(age=35), open_age, up_to_35, up_to_34, from_36) == [1, 2]
    assert kept_by_both(seeker(age=None), open_age, up_to_35, up_to_34, from_36) == [1, 2, 3, 4]


def test_education_minimum() -> None:
    none = posting(1, education_min=0)
    senior = posting(2, education_min=3)
    college = posting(3, education_min=4)
    assert kept_by_both(seeker(education=3), none, senior, college) == [1, 2]
    assert kept_by_both(seeker(education=0), none, senior, college) == [1]
