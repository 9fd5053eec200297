"""The whole join flow in a real browser on a phone-sized screen: the QR page, the code, the
form, the submitted page, the staff's approval, and the worker's member card number.

Runs Debian's Chromium through Playwright against pytest-django's live server and saves a
screenshot of every step under ``var/test-artefacts/join-flow/`` (``GONGHUI_TEST_ARTEFACTS``
moves it). Skipped, saying why, only when Chromium is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

import gonghui
from gonghui.conftest import Tree
from gonghui.core.sms import MemorySender
from gonghui.membership.models import JoinRequest, Membership
from gonghui.membership.tests.conftest import wait_for_other_sessions
from gonghui.membership.tests.factories import MembershipSettingsFactory
from gonghui.registry.tests.factories import EnterpriseFactory
from gonghui.utils.idcard import make_id_number

CHROMIUM = os.environ.get("GONGHUI_CHROMIUM", "/usr/bin/chromium")
PHONE = "15855501234"
ID = make_id_number("340822", datetime.date(1996, 4, 9), 27, "female")
PHONE_SIZE = {"width": 360, "height": 740}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.access("membership.JoinRequest", "membership.Membership"),
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() or shutil.which("chromium")),
        reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)",
    ),
]


def artefacts() -> Path:
    base = os.environ.get("GONGHUI_TEST_ARTEFACTS") or (
        Path(gonghui.__file__).resolve().parent.parent / "var" / "test-artefacts"
    )
    folder = Path(base) / "join-flow"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


def fits_the_screen(page: Any) -> bool:
    """No sideways scrolling at 360 px."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_join_flow_from_the_qr_code_to_the_member_card(
    live_server: Any, tree: Tree, grassroots_officer: Any, monkeypatch: Any
) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls below
    # are ordinary synchronous test code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    row = MembershipSettingsFactory(unit=tree.grassroots_b, join_token="browser-test-token-1234")
    EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织有限公司", region_code="340822")
    shots = artefacts()
    join_url = f"{live_server.url}{reverse('portal:join', args=[row.join_token])}?c=qr"
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")

    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            phone = browser.new_context(
                viewport=PHONE_SIZE, device_scale_factor=2, is_mobile=True, has_touch=True,
                locale="zh-CN",
            )  # fmt: skip
            worker = phone.new_page()
            outside: list[str] = []
            worker.on(
                "request",
                lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
            )

            # 1. The QR code opens the union's join page: the phone comes first.
            worker.goto(join_url)
            assert tree.grassroots_b.name in worker.inner_text("header")
            assert fits_the_screen(worker)
            worker.screenshot(path=str(shots / "01-join-page.png"), full_page=True)

            # 2. A code by text message (read from the test sender), then the form.
            worker.fill("#id_phone", PHONE)
            worker.click("#send-code")
            worker.wait_for_selector("#code-status .notice")
            message = MemorySender.last_to(PHONE)
            assert message is not None
            worker.fill("#id_code", message.params["code"])
            worker.screenshot(path=str(shots / "02-code-entered.png"), full_page=True)
            worker.click("#log-in")
            worker.wait_for_selector("#join-form")
            assert fits_the_screen(worker)

            # 3. The form: name, ID number, employer searched, group.
            worker.fill("#id_name", "孙 丽")
            worker.fill("#id_id_number", ID)
            worker.fill("#employer-q", "纺织")
            worker.wait_for_selector("#employer-options input[type=radio][value]:not([value=''])")
            worker.check("#employer-options input[type=radio]:not([value=''])")
            worker.select_option("#id_worker_group", "courier")
            worker.screenshot(path=str(shots / "03-join-form.png"), full_page=True)
            worker.click("#submit-join")
            worker.wait_for_selector("#request-status")
            assert "待审核" in worker.inner_text("#request-status")
            assert fits_the_screen(worker)
            worker.screenshot(path=str(shots / "04-submitted.png"), full_page=True)

            request = JoinRequest.objects.get()
            assert request.name == "孙丽" and request.employer is not None  # spaces dropped

            # 4. Staff of the union approve it in the workspace.
            desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
            staff = desk.new_page()
            staff.goto(f"{live_server.url}{reverse('login')}")
            staff.fill("input[name=username]", grassroots_officer.username)
            staff.fill("input[name=password]", "pw-for-tests-123")
            staff.click("button[type=submit]")
            staff.goto(f"{live_server.url}{reverse('membership:request_list')}")
            staff.wait_for_selector(f"text={request.name}")
            staff.screenshot(path=str(shots / "05-staff-pending.png"), full_page=True)
            staff.click(f"a:has-text('{request.name}')")
            staff.click("#approve")
            staff.wait_for_selector("text=已通过")
            staff.screenshot(path=str(shots / "06-staff-approved.png"), full_page=True)

            # 5. The worker sees the member card number.
            card = Membership.objects.get().card_number
            assert card == f"{tree.grassroots_b.code}-000001"
            worker.goto(f"{live_server.url}{reverse('portal:me')}")
            assert worker.inner_text("#card-number").strip() == card
            assert fits_the_screen(worker)
            worker.screenshot(path=str(shots / "07-member-card.png"), full_page=True)
            assert not outside, f"pages loaded something from outside the platform: {outside}"
        finally:
            browser.close()
            # Inside Playwright's context the ORM had a connection of its own: close it, or
            # the test database cannot be dropped on PostgreSQL.
            connection.close()
    wait_for_other_sessions()
    assert len(list(shots.glob("*.png"))) == 7
