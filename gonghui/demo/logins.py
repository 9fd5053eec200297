"""The demo's logins: one per staff role and a worker, printed and written to a file."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from gonghui.core.choices import Role
from gonghui.core.models import Grant, OrgUnit, User
from gonghui.registry.models import Person

DEMO_PASSWORD = "gonghui-demo"
LOGINS_FILE = "demo-logins.txt"
WORKER = "worker"
# (username, role); the worker has no grant, only a Person linked to the login.
DEMO_USERS: tuple[tuple[str, str], ...] = (
    ("city_admin", Role.FEDERATION_ADMIN),
    ("county_officer", Role.FEDERATION_OFFICER),
    ("grassroots_officer", Role.GRASSROOTS_OFFICER),
    ("auditor", Role.AUDITOR),
    (WORKER, ""),
)
# Used when the interface translations do not (yet) give a Chinese label.
_ROLE_ZH = {
    Role.FEDERATION_ADMIN: "总工会管理员",
    Role.FEDERATION_OFFICER: "总工会工作人员",
    Role.GRASSROOTS_OFFICER: "基层工会工作人员",
    Role.AUDITOR: "审计员（只读）",
    "": "职工（会员）",
}


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    unit: str


def role_label(role: str) -> str:
    if not role:
        return _ROLE_ZH[""]
    label = Role(role).label
    with translation.override("zh-hans"):
        chinese = str(label)
    with translation.override(None):
        untranslated = str(label)
    return chinese if chinese != untranslated else _ROLE_ZH[role]


def create_logins(
    *, city: OrgUnit, county: OrgUnit, grassroots: OrgUnit, worker: Person, names: list[str]
) -> list[Login]:
    """Create (or reset) the demo users; ``names`` are display names, one per user."""
    units: dict[str, OrgUnit] = {
        Role.FEDERATION_ADMIN: city,
        Role.FEDERATION_OFFICER: county,
        Role.GRASSROOTS_OFFICER: grassroots,
        Role.AUDITOR: city,
    }
    for (username, role), display in zip(DEMO_USERS, names, strict=True):
        user = User.objects.filter(username=username).first() or User(username=username)
        user.first_name = worker.name if username == WORKER else display
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role:
            Grant.objects.get_or_create(user=user, unit=units[role], role=role)
        else:
            Person.objects.filter(pk=worker.pk).update(user=user)
    return read_logins()


def read_logins() -> list[Login]:
    """The demo logins present in the database (none if the demo users do not exist)."""
    rows = []
    users = {u.username: u for u in User.objects.filter(username__in=[n for n, _ in DEMO_USERS])}
    for username, role in DEMO_USERS:
        user = users.get(username)
        if user is None:
            continue
        if role:
            grant = Grant.objects.filter(user=user, role=role).select_related("unit").first()
            if grant is not None:
                rows.append(Login(username, role_label(role), grant.unit.name))
        else:
            person = Person.objects.filter(user=user).select_related("unit").first()
            if person is not None:
                rows.append(Login(username, role_label(role), f"{person.name}，{person.unit.name}"))
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_logins(logins: list[Login], address: str = "") -> str:
    lines = []
    if address:
        lines += [f"gonghui 演示站点：{address}", ""]
    if not logins:
        lines.append("（没有演示账号：数据库中已有数据，未生成演示数据）")
        return "\n".join(lines) + "\n"
    header = Login("用户名", "角色", "单位")
    widths = [
        max(_width(getattr(row, name)) for row in [header, *logins])
        for name in ("username", "role")
    ]
    for row in [header, *logins]:
        lines.append(f"{_pad(row.username, widths[0])}  {_pad(row.role, widths[1])}  {row.unit}")
        if row is header:
            lines.append("-" * (widths[0] + widths[1] + 4 + max(_width(r.unit) for r in logins)))
    lines += ["", f"密码（所有演示账号）：{DEMO_PASSWORD}"]
    return "\n".join(lines) + "\n"


def write_logins_file(text: str) -> Path:
    """Write the table to ``<DATA_DIR>/demo-logins.txt``, readable by the owner only."""
    folder = Path(settings.DATA_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOGINS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path
