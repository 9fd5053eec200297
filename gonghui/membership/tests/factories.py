from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from gonghui.core.tests.factories import OrgUnitFactory
from gonghui.membership.choices import JoinChannel
from gonghui.membership.models import JoinRequest, Membership, MembershipSettings
from gonghui.registry.tests.factories import PersonFactory
from gonghui.utils.idcard import make_id_number
from gonghui.utils.phone import make_mobile


class MembershipSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipSettings
        django_get_or_create = ["unit"]

    unit = factory.SubFactory(OrgUnitFactory)
    join_token = factory.Sequence(lambda n: f"token-{n:04d}-abcdefghijkl")
    token_created_at = factory.LazyFunction(timezone.now)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    unit = factory.SubFactory(OrgUnitFactory)
    channel = JoinChannel.QR
    name = factory.Sequence(lambda n: f"申请人{n}")
    id_number = factory.Sequence(
        lambda n: make_id_number(
            "340822", datetime.date(1992, 3, 1) + datetime.timedelta(days=n), n % 500, "female"
        )
    )
    phone = factory.Sequence(lambda n: make_mobile(50_000 + n))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    unit = factory.SelfAttribute("person.unit")
    joined_on = datetime.date(2020, 5, 1)
    channel = JoinChannel.DESK
    card_number = factory.Sequence(lambda n: f"TEST-{n:06d}")
