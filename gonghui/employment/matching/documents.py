"""What the matcher knows of a posting and of a seeker: plain dataclasses, and their builders.

Pay is kept in whole 元 per month (``int``): the matcher only compares it, and the integer arrays
of the index stay exact. Occupation codes are those of the national classification
("4-01-02"); region codes are six-digit division codes, where a code ending in "00" means the
whole city or province.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(slots=True)
class PostingDoc:
    id: int
    occupation: str
    region: str
    text: str
    pay_min: int | None = None
    pay_max: int | None = None
    lat: float | None = None
    lon: float | None = None
    education_min: int = 0
    age_min: int | None = None
    age_max: int | None = None
    skills: frozenset[str] = field(default_factory=frozenset)
    certificates: frozenset[str] = field(default_factory=frozenset)
    valid_until: datetime.date | None = None
    published: bool = True
    title: str = ""
    employer: str = ""
    unit_id: int | None = None

    @property
    def tags(self) -> frozenset[str]:
        return self.skills | self.certificates


@dataclass(slots=True)
class SeekerDoc:
    id: int
    occupations: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    text: str = ""
    expected_pay: int | None = None
    lat: float | None = None
    lon: float | None = None
    education: int = 0
    age: int | None = None
    skills: frozenset[str] = field(default_factory=frozenset)
    certificates: frozenset[str] = field(default_factory=frozenset)
    hardship: bool = False
    max_km: float | None = None
    name: str = ""
    unit_id: int | None = None

    @property
    def tags(self) -> frozenset[str]:
        return self.skills | self.certificates


def occupation_levels(code: str) -> tuple[str, str, str]:
    """The major, medium and small category a code belongs to ("" where it stops short)."""
    parts = [p for p in (code or "").split("-") if p]
    return tuple("-".join(parts[: n + 1]) if len(parts) > n else "" for n in range(3))  # type: ignore[return-value]


def region_prefix(code: str) -> str:
    """The prefix a wanted place covers: "340800" (the city) covers every "3408xx"."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def _yuan(value: Any) -> int | None:
    if value is None:
        return None
    return int(Decimal(value))


def _coordinate(value: Any) -> float | None:
    return None if value is None else float(value)


def _tags(values: Any) -> frozenset[str]:
    if not values:
        return frozenset()
    return frozenset(str(v).strip() for v in values if str(v).strip())


def age_on(birth_date: datetime.date | None, today: datetime.date) -> int | None:
    if birth_date is None:
        return None
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


POSTING_FIELDS = (
    "id", "title", "description", "requirements", "occupation__code", "region_code",
    "latitude", "longitude", "pay_min", "pay_max", "education_min", "age_min", "age_max",
    "skills", "certificates", "valid_until", "status", "enterprise__name", "unit_id",
)  # fmt: skip


def posting_doc_from_row(row: dict[str, Any]) -> PostingDoc:
    from gonghui.employment.choices import PostingStatus

    return PostingDoc(
        id=row["id"],
        occupation=row["occupation__code"] or "",
        region=row["region_code"] or "",
        text=" ".join(filter(None, (row["title"], row["description"], row["requirements"]))),
        pay_min=_yuan(row["pay_min"]),
        pay_max=_yuan(row["pay_max"]),
        lat=_coordinate(row["latitude"]),
        lon=_coordinate(row["longitude"]),
        education_min=row["education_min"] or 0,
        age_min=row["age_min"],
        age_max=row["age_max"],
        skills=_tags(row["skills"]),
        certificates=_tags(row["certificates"]),
        valid_until=row["valid_until"],
        published=row["status"] == PostingStatus.PUBLISHED,
        title=row["title"],
        employer=row["enterprise__name"] or "",
        unit_id=row["unit_id"],
    )


def posting_docs(queryset: Any) -> list[PostingDoc]:
    """Documents of the postings in ``queryset``: one query, rows read in chunks."""
    rows = queryset.order_by("id").values(*POSTING_FIELDS).iterator(chunk_size=5000)
    return [posting_doc_from_row(row) for row in rows]


SEEKER_FIELDS = (
    "id", "person_id", "person__name", "person__birth_date", "wanted_region_codes", "latitude",
    "longitude", "expected_pay_min", "education", "skills", "certificates", "experience",
    "unit_id",
)  # fmt: skip


def seeker_docs(
    queryset: Any, *, today: datetime.date | None = None, chunk_size: int = 5000
) -> list[SeekerDoc]:
    """Documents of the seekers in ``queryset``, three queries per chunk whatever its size:
    the seekers, their wanted occupations, and which of them are on a hardship file."""
    from gonghui.assistance.choices import FileStatus
    from gonghui.assistance.models import HardshipFile
    from gonghui.employment.models import JobSeeker

    today = today or datetime.date.today()
    docs: list[SeekerDoc] = []
    rows = list(queryset.order_by("id").values(*SEEKER_FIELDS))
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start : start + chunk_size]
        ids = [row["id"] for row in chunk]
        wanted: dict[int, list[str]] = {}
        through = JobSeeker.wanted_occupations.through.objects.filter(jobseeker_id__in=ids)
        for seeker_id, code in through.values_list("jobseeker_id", "occupation__code"):
            wanted.setdefault(seeker_id, []).append(code)
        hardship = set(
            HardshipFile.objects.filter(
                person_id__in=[row["person_id"] for row in chunk], status=FileStatus.ON_FILE
            ).values_list("person_id", flat=True)
        )
        for row in chunk:
            docs.append(
                SeekerDoc(
                    id=row["id"],
                    occupations=tuple(sorted(wanted.get(row["id"], ()))),
                    regions=tuple(str(code) for code in (row["wanted_region_codes"] or ())),
                    text=" ".join(filter(None, [row["experience"], *(row["skills"] or ())])),
                    expected_pay=_yuan(row["expected_pay_min"]) or None,
                    lat=_coordinate(row["latitude"]),
                    lon=_coordinate(row["longitude"]),
                    education=row["education"] or 0,
                    age=age_on(row["person__birth_date"], today),
                    skills=_tags(row["skills"]),
                    certificates=_tags(row["certificates"]),
                    hardship=row["person_id"] in hardship,
                    name=row["person__name"],
                    unit_id=row["unit_id"],
                )
            )
    return docs


def seeker_doc(seeker: Any, *, today: datetime.date | None = None) -> SeekerDoc:
    from gonghui.employment.models import JobSeeker

    return seeker_docs(JobSeeker.objects.filter(pk=seeker.pk), today=today)[0]


def posting_doc(posting: Any) -> PostingDoc:
    from gonghui.employment.models import JobPosting

    return posting_docs(JobPosting.objects.filter(pk=posting.pk))[0]
