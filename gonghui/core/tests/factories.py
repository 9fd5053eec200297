from __future__ import annotations

from typing import Any

import factory

from gonghui.core.choices import Role, UnitKind
from gonghui.core.models import Grant, OrgUnit, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests-123")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """A unit with its tree path set, as ``unit_create`` would (without the audit row)."""

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:06d}")
    name = factory.Sequence(lambda n: f"测试工会{n}")
    kind = UnitKind.GRASSROOTS
    region_code = "340802"
    parent = None

    @classmethod
    def _create(cls, model_class: type[OrgUnit], *args: Any, **kwargs: Any) -> OrgUnit:
        unit = super()._create(model_class, *args, **kwargs)
        parent_path = unit.parent.path if unit.parent else "/"
        unit.path = f"{parent_path}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
        OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
        return unit


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    role = Role.FEDERATION_OFFICER
