from __future__ import annotations

import datetime

import factory

from gonghui.core.tests.factories import OrgUnitFactory
from gonghui.registry.models import Enterprise, Person
from gonghui.utils.credit_code import make_credit_code
from gonghui.utils.idcard import make_id_number
from gonghui.utils.phone import make_mobile


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"安庆测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: make_credit_code("340802", n + 1))
    region_code = "340802"
    employee_count = 50


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(OrgUnitFactory)
    name = factory.Sequence(lambda n: f"职工{n}")
    id_number = factory.Sequence(
        lambda n: make_id_number(
            "340802",
            datetime.date(1985, 1, 1) + datetime.timedelta(days=n),
            n % 500,
            "male" if n % 2 else "female",
        )
    )
    phone = factory.Sequence(lambda n: make_mobile(n))
