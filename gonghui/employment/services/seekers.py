"""Job seekers' profiles, filled in by staff or by the worker in the portal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_save
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.employment.models import JobSeeker
from gonghui.employment.services.common import clean_list, snapshot, user_or_none
from gonghui.registry.models import Person
from gonghui.utils.regions import validate_region_code

SEEKER_FIELDS = (
    "wanted_region_codes", "latitude", "longitude", "expected_pay_min", "education", "skills",
    "certificates", "experience", "available_from", "flexible_work",
    "consent_to_share_contact", "active",
)  # fmt: skip


def _is_self(by: Any, person: Person) -> bool:
    return bool(person.user_id) and getattr(by, "pk", None) == person.user_id


@transaction.atomic
def seeker_save(
    *, by: Any, person: Person, unit: OrgUnit | None = None, wanted_occupations: Any = None,
    **fields: Any,
) -> JobSeeker:  # fmt: skip
    """Create or update the person's profile. The worker may save their own (owned by their
    registering unit); staff need the right on the owning unit. Consent to share contact
    details is recorded with its time, and withdrawn the same way."""
    unknown = set(fields) - set(SEEKER_FIELDS)
    if unknown:
        raise TypeError(f"unknown seeker fields: {sorted(unknown)}")
    seeker = JobSeeker.objects.select_for_update().filter(person=person).first()
    self_service = _is_self(by, person)
    if seeker is None:
        owner = unit or person.unit
        if not self_service:
            ensure_can(by, Action.VIEW, person)
            ensure_can(by, Action.ADD, owner)
        seeker = JobSeeker(person=person, unit=owner, created_by=user_or_none(by))
        before = None
    else:
        if not self_service:
            ensure_can(by, Action.CHANGE, seeker)
        before = snapshot(seeker)
    for name in ("skills", "certificates"):
        if name in fields:
            fields[name] = clean_list(fields[name], name)
    if "wanted_region_codes" in fields:
        codes = clean_list(fields["wanted_region_codes"], "wanted_region_codes")
        try:
            fields["wanted_region_codes"] = [validate_region_code(c) for c in codes]
        except ValidationError as error:
            raise ValidationError({"wanted_region_codes": error.messages}) from None
    consent = fields.get("consent_to_share_contact")
    if consent is not None and bool(consent) != seeker.consent_to_share_contact:
        seeker.consent_at = timezone.now() if consent else None
    for name, value in fields.items():
        setattr(seeker, name, value)
    if seeker.expected_pay_min is None:
        seeker.expected_pay_min = 0
    seeker.full_clean(exclude=["person"])
    seeker.save()
    if wanted_occupations is not None:
        occupations = list(wanted_occupations)
        if len(occupations) > 10:
            raise ValidationError({"wanted_occupations": _("Choose at most 10 occupations.")})
        seeker.wanted_occupations.set(occupations)
    audit_save(by=by, obj=seeker, before=before)
    return seeker
