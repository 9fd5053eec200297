from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core import crypto
from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.registry.choices import (
    Education,
    EnterpriseKind,
    EnterpriseSize,
    Ethnicity,
    Gender,
    Hukou,
    Industry,
    WorkerGroup,
)
from gonghui.utils.idcard import mask_id_number, parse_id_number
from gonghui.utils.phone import mask_mobile
from gonghui.utils.pinyin import name_pinyin
from gonghui.utils.regions import region_code_validator

ID_NUMBER_INDEX = "id_number"
PHONE_INDEX = "phone"


class Enterprise(ScopedRecord, models.Model):
    """An employer (用人单位): enterprise, public institution, government body or organisation.

    ``unit`` is the union unit responsible for it (its own grassroots union, or the township,
    park or sector union that covers it).
    """

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible union unit"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    name_pinyin = models.CharField(max_length=400, blank=True, editable=False)
    name_initials = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, null=True, blank=True
    )
    kind = models.CharField(
        _("kind"), max_length=32, choices=EnterpriseKind.choices, default=EnterpriseKind.ENTERPRISE
    )
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=EnterpriseSize.choices, blank=True)
    region_code = models.CharField(
        _("region code"), max_length=6, validators=[region_code_validator]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    employee_count = models.PositiveIntegerField(_("number of employees"), default=0)
    union_founded = models.BooleanField(_("union founded"), default=False)
    union_founded_on = models.DateField(_("union founded on"), null=True, blank=True)
    own_union = models.ForeignKey(
        OrgUnit,
        verbose_name=_("its own union"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founding_employers",
        help_text=_("The grassroots union founded in this employer, or the joint union it joined."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["unit", "union_founded"], name="enterprise_unit_union")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    @property
    def is_small_micro(self) -> bool:
        return self.size in {EnterpriseSize.SMALL, EnterpriseSize.MICRO}

    def refresh_derived_fields(self) -> None:
        self.name_pinyin, self.name_initials = name_pinyin(self.name)


class Person(ScopedRecord, models.Model):
    """A worker (职工), one record per real person (一人一档), keyed by the ID number.

    The ID number and the phone number are encrypted; ``*_hash`` is the blind index used for
    exact search and uniqueness, ``*_masked`` what lists show.
    """

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("registering union unit"),
        on_delete=models.PROTECT,
        related_name="persons",
    )
    name = models.CharField(_("name"), max_length=60)
    name_pinyin = models.CharField(max_length=240, blank=True, editable=False)
    name_initials = models.CharField(max_length=60, blank=True, editable=False, db_index=True)
    id_number = EncryptedTextField(_("ID number"))
    id_number_hash = models.CharField(
        max_length=crypto.BLIND_INDEX_LENGTH, unique=True, editable=False
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_hash = models.CharField(
        max_length=crypto.BLIND_INDEX_LENGTH, blank=True, db_index=True, editable=False
    )
    phone_masked = models.CharField(_("mobile number"), max_length=11, blank=True, editable=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("date of birth"), editable=False)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    hukou = models.CharField(
        _("household registration"), max_length=8, choices=Hukou.choices, blank=True
    )
    is_migrant_worker = models.BooleanField(_("migrant worker"), default=False)
    worker_group = models.CharField(
        _("new form of employment"), max_length=32, choices=WorkerGroup.choices, blank=True
    )
    employer = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employees",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["unit", "worker_group"], name="person_unit_group")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    def refresh_derived_fields(self) -> None:
        """Recompute what is derived from the canonical name, ID number and phone."""
        self.name_pinyin, self.name_initials = name_pinyin(self.name)
        info = parse_id_number(self.id_number)
        self.gender = info.gender
        self.birth_date = info.birth_date
        self.id_number_hash = crypto.blind_index(self.id_number, ID_NUMBER_INDEX)
        self.id_number_masked = mask_id_number(self.id_number)
        if self.phone:
            self.phone_hash = crypto.blind_index(self.phone, PHONE_INDEX)
            self.phone_masked = mask_mobile(self.phone)
        else:
            self.phone_hash = self.phone_masked = ""
