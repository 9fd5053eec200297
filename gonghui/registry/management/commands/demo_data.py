"""``demo_data``: fill an empty database with the demo city (安庆市总工会) and print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.core.choices import UnitKind
from gonghui.core.models import OrgUnit
from gonghui.demo import logins
from gonghui.demo.config import DEFAULT_SEED, SIZES


class Command(BaseCommand):
    help = (
        "Build a realistic demo city (Anqing) into an empty database: union tree, employers, "
        "workers and one login per role. With units already present, only print the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="city")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--address", default="", help="the site's address, to print")

    def handle(self, *args: Any, size: str, seed: int, address: str, **options: Any) -> None:
        if OrgUnit.objects.exists():
            self.stdout.write("数据库中已有工会组织，不再生成演示数据。")
            rows = logins.read_logins()
        else:
            from gonghui.demo.builder import build_demo

            self.stdout.write(f"正在生成演示数据（{size}，seed={seed}）……")
            result = build_demo(size, seed)
            plan = result.plan
            grassroots = sum(u.kind == UnitKind.GRASSROOTS for u in plan.units)
            self.stdout.write(
                f"已生成：工会组织 {len(plan.units)} 个（基层工会 {grassroots} 个），"
                f"用人单位 {len(plan.enterprises)} 家，职工 {len(plan.persons)} 人，"
                f"用时 {result.seconds:.1f} 秒。"
            )
            rows = result.logins
        text = logins.format_logins(rows, address)
        text += _membership_lines(address)
        self.stdout.write("")
        self.stdout.write(text, ending="")
        if rows:
            path = logins.write_logins_file(text)
            self.stdout.write(f"（已写入 {path}）")


def _membership_lines(address: str) -> str:
    """Where to try joining by QR code, and where its requests are approved."""
    from gonghui.demo.members import counts, demo_join_path

    join_path = demo_join_path()
    if join_path is None:
        return ""
    base = address.rstrip("/")
    members, pending = counts()
    return (
        f"\n会员 {members} 人，待审核入会申请 {pending} 份。\n"
        f"扫码入会（手机打开）：{base}{join_path}\n"
        f"职工端：{base}/portal/（手机号登录；演示环境不发短信，验证码打印在服务器日志中）\n"
        f"入会审核：{base}/membership/（用 grassroots_officer 登录）\n"
    )
