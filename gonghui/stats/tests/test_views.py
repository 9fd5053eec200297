"""The statistics pages show the figures of the fixed data set (see conftest)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gonghui.stats import services
from gonghui.stats.models import Target

pytestmark = pytest.mark.django_db

CODE = "rights.consultations"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_dashboard_shows_key_figures_with_last_year(client, data, city_admin):
    services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                        value=Decimal(20))  # fmt: skip
    client.force_login(city_admin)
    response = client.get(reverse("stats:dashboard"), {"period": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    card = html[html.index(f'data-code="{CODE}"') :]
    card = _text(card[: card.index("</div>\n      </div>")])
    assert "11次" in card and "4次" in card and "同比增长175.0%" in card
    # 11 of 20, the year 2025 is over (today is later): behind the calendar.
    assert "55.0%" in card and "落后" in card
    assert f'href="/stats/drill/{CODE}/?unit={data.city.pk}&amp;period=2025"' in html
    assert "vendor/echarts/echarts.min.js" in html


def test_bad_period_answers_400(client, data, city_admin):
    client.force_login(city_admin)
    assert client.get(reverse("stats:dashboard"), {"period": "2025Q9"}).status_code == 400
    assert client.get(reverse("stats:charts"), {"period": "nope"}).status_code == 400


def test_charts_json(client, data, city_admin):
    client.force_login(city_admin)
    response = client.get(reverse("stats:charts"), {"period": "2025", "rank": CODE})
    ranking = response.json()["ranking"]
    assert ranking["series"][0]["data"] == [6, 4]
    assert ranking["links"][0] == f"/stats/drill/{CODE}/?unit={data.county_a.pk}&period=2025"


def test_drill_down_to_the_records(client, data, city_admin):
    client.force_login(city_admin)
    url = reverse("stats:drill", args=[CODE])
    response = client.get(url, {"unit": data.city.pk, "period": "2025"})
    html = response.content.decode()
    rows = re.findall(r'<tr data-unit="([^"]+)">.*?<td class="text-end">([^<]*)</td>', html, re.S)
    assert rows == [("340802", "6次"), ("340822", "4次")]
    assert re.search(r'data-unit="own">.*?1次', html, re.S)
    assert re.search(r'data-unit="total">.*?11次', html, re.S)
    assert f"?unit={data.county_a.pk}&amp;period=2025" in html
    # Sorted by value ascending.
    html = client.get(url, {"unit": data.city.pk, "period": "2025", "sort": "value"}).content
    assert re.findall(rb'<tr data-unit="(\d+)">', html) == [b"340822", b"340802"]
    # A grassroots union has no children: its records.
    response = client.get(url, {"unit": data.grassroots_a.pk, "period": "2025"})
    html = response.content.decode()
    assert 'id="record-count">3<' in html and "2025年12月31日" in html
    # The township's own records.
    response = client.get(url, {"unit": data.township_a.pk, "period": "2025", "own": "1"})
    assert 'id="record-count">1<' in response.content.decode()
    # No data in the period: zeros.
    response = client.get(url, {"unit": data.city.pk, "period": "2019"})
    assert re.search(r'data-unit="total">.*?0次', response.content.decode(), re.S)
    # An unknown indicator: 404.
    assert client.get(reverse("stats:drill", args=["rights.nothing"])).status_code == 404


def test_table_page_and_xlsx(client, data, city_admin):
    client.force_login(city_admin)
    params = {"unit": data.city.pk, "period": "2025",
              "indicator": [CODE, "rights.outreach_attendees"]}  # fmt: skip
    html = client.get(reverse("stats:table"), params).content.decode()
    assert re.search(r'data-unit="340802">.*?6次.*?30人次', html, re.S)
    assert re.search(r'data-unit="total">.*?11次.*?150人次', html, re.S)
    response = client.get(reverse("stats:table_export"), params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[0][:2] == ["单位", "单位代码"]
    assert rows[1][1:2] + rows[1][3:] == ["340802", 6, 30]
    assert rows[2][1:2] + rows[2][3:] == ["340822", 4, 120]
    assert rows[3][1:2] + rows[3][3:] == ["340800", 1, 0]
    assert rows[4][3:] == [11, 150]


def test_big_figures_are_exact_in_xlsx(client, data, city_admin):
    from gonghui.rights.models import OutreachEvent

    OutreachEvent.objects.create(unit=data.county_a, date="2025-10-10", place="体育场",
                                 topic="宣传", attendees=123456)  # fmt: skip
    client.force_login(city_admin)
    params = {"unit": data.city.pk, "period": "2025", "indicator": "rights.outreach_attendees"}
    html = client.get(reverse("stats:table"), params).content.decode()
    assert "12.35万人次" in html
    response = client.get(reverse("stats:table_export"), params)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=3, column=4).value == 123486


def test_target_pages(client, data, city_admin):
    client.force_login(city_admin)
    url = reverse("stats:target_set") + f"?unit={data.city.pk}"
    response = client.post(url, {"indicator": CODE, "year": 2025, "value": "20", "note": ""})
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.unit, target.value) == (data.city, Decimal(20))
    push = reverse("stats:target_push", args=[target.pk])
    response = client.post(push, {"mode": "values", f"unit_{data.county_a.pk}": "12",
                                  f"unit_{data.county_b.pk}": "7"})  # fmt: skip
    assert response.status_code == 400 and "1.00" in response.content.decode()
    assert Target.objects.count() == 1
    response = client.post(push, {"mode": "percent", f"unit_{data.county_a.pk}": "60",
                                  f"unit_{data.county_b.pk}": "40"})  # fmt: skip
    assert response.status_code == 302
    assert sorted(Target.objects.filter(parent=target).values_list("value", flat=True)) == [
        Decimal(8),
        Decimal(12),
    ]
    html = client.get(reverse("stats:targets"), {"unit": data.city.pk, "year": 2025}).content
    html = html.decode()
    # City 11 of 20; county A 6 of 12 = 50.0%; county B 4 of 8 = 50.0%; 2025 is over.
    assert "55.0%" in html and html.count("50.0%") == 2 and "table-danger" in html
