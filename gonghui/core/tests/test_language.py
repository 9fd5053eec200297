"""The interface is Chinese whatever language the browser prefers."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_an_english_browser_still_gets_the_chinese_interface(client) -> None:
    page = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page.status_code == 200
    assert 'lang="zh-hans"' in page.content.decode()
    assert "登录" in page.content.decode()
