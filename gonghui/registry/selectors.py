"""Reads of persons and employers: search by name, pinyin initials, ID number or phone."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from gonghui.core import crypto
from gonghui.registry.models import ID_NUMBER_INDEX, PHONE_INDEX, Enterprise, Person
from gonghui.utils.credit_code import normalize_credit_code
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.phone import normalize_mobile

_LATIN = re.compile(r"^[A-Za-z]+$")
_DIGITISH = re.compile(r"^[\d\sXx+\-０-９ｘＸ]+$")


def persons_by_id_number(queryset: QuerySet[Person], id_number: str) -> QuerySet[Person]:
    """Exact match through the blind index (``id_number`` must be canonical)."""
    return queryset.filter(
        id_number_hash__in=crypto.blind_index_candidates(id_number, ID_NUMBER_INDEX)
    )


def persons_by_phone(queryset: QuerySet[Person], phone: str) -> QuerySet[Person]:
    return queryset.filter(phone_hash__in=crypto.blind_index_candidates(phone, PHONE_INDEX))


def person_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """What a search box means: an ID number or a mobile number exactly, else a name.

    Latin letters search pinyin initials or full pinyin ("zs", "zhangsan").
    """
    text = text.strip()
    if not text:
        return queryset
    if _DIGITISH.match(text):
        for normalize, lookup in (
            (normalize_id_number, persons_by_id_number),
            (normalize_mobile, persons_by_phone),
        ):
            try:
                canonical = normalize(text)
            except ValidationError:
                continue
            return lookup(queryset, canonical)
        return queryset.none()
    if _LATIN.match(text):
        lowered = text.lower()
        return queryset.filter(
            Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)
        )
    return queryset.filter(name__contains=text)


def enterprise_search(queryset: QuerySet[Enterprise], text: str) -> QuerySet[Enterprise]:
    """A credit code exactly, pinyin initials, or part of the name."""
    text = text.strip()
    if not text:
        return queryset
    if len(text) >= 15 and text.isalnum():
        try:
            return queryset.filter(credit_code=normalize_credit_code(text))
        except ValidationError:
            pass
    if _LATIN.match(text):
        lowered = text.lower()
        return queryset.filter(
            Q(name_initials__startswith=lowered) | Q(name_pinyin__startswith=lowered)
        )
    return queryset.filter(name__contains=text)
