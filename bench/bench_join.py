"""Join submissions (扫码入会) against gunicorn with PostgreSQL on loopback (figures only).

    uv run python bench/bench_join.py                       # makes and drops its own database
    uv run python bench/bench_join.py --requests 400 --concurrency 16
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_join uv run python bench/bench_join.py

Without DATABASE_URL it creates a throwaway database ``gh_bench_join_<pid>`` on
127.0.0.1:5432 (user postgres) and drops it afterwards; a given DATABASE_URL must point at an
empty database. It migrates, makes a union with a join code (manual approval) and one that
approves automatically, and one portal login per submission. It starts gunicorn (2 sync
workers) on a free loopback port, then fires, from ``--concurrency`` threads:

1. the cheapest page, ``GET /accounts/login/`` (the baseline);
2. the phone login, ``POST /portal/login/`` with a code: the text-message step is satisfied by
   codes written straight into the database beforehand (only their hash, as the app does);
3. join submissions, ``POST /portal/join/<token>/?c=qr``, to the union that approves by hand
   (one pending request each), and to the one that approves automatically (each makes the
   worker's record, the membership and a card number in the same request).

For each: requests per second (wall clock), median and p99 latency, and the ratio to the
baseline. Each submission has its own ID number and phone. See bench/README.md.
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CODE = "246810"
CSRF = "benchcsrftoken0123456789abcdefgh"  # 32 characters: an unmasked CSRF secret


@dataclass
class Worker:
    phone: str
    id_number: str
    session: str = ""


@dataclass
class Phase:
    name: str
    seconds: float
    latencies: list[float]
    failures: int

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def throwaway_database() -> str:
    import psycopg

    name = f"gh_bench_join_{os.getpid()}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def setup(count: int) -> tuple[str, str, list[Worker], list[Worker]]:
    """Migrate; make the unions, join codes, portal logins and their codes."""
    from cryptography.fernet import Fernet

    os.environ.setdefault("GONGHUI_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("GONGHUI_FIELD_KEY", Fernet.generate_key().decode())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from gonghui.core.choices import UnitKind
    from gonghui.core.models import OrgUnit
    from gonghui.membership.models import MembershipSettings
    from gonghui.portal import services as portal
    from gonghui.portal.models import PhoneCode
    from gonghui.utils.idcard import make_id_number
    from gonghui.utils.phone import make_mobile

    call_command("migrate", interactive=False, verbosity=0)
    # Served pages name hashed static files, as under `gonghui serve`.
    call_command("collectstatic", interactive=False, verbosity=0)
    if OrgUnit.objects.exists():
        raise SystemExit("bench_join needs an empty database")
    city = OrgUnit.objects.create(code="340800", name="安庆市总工会", kind=UnitKind.CITY,
                                  region_code="340800", path="")  # fmt: skip
    OrgUnit.objects.filter(pk=city.pk).update(path=f"/{city.pk}/")
    city.refresh_from_db()
    tokens = []
    for n, auto in enumerate((False, True)):
        unit = OrgUnit.objects.create(
            code=f"340822{n:03d}", name=f"怀宁测试{n}厂工会", kind=UnitKind.GRASSROOTS,
            region_code="340822", parent=city, path="", depth=1,
        )  # fmt: skip
        OrgUnit.objects.filter(pk=unit.pk).update(path=f"{city.path}{unit.pk}/")
        row = MembershipSettings.objects.create(
            unit=unit, join_token=secrets.token_urlsafe(18), token_created_at=timezone.now(),
            auto_approve=auto,
        )  # fmt: skip
        tokens.append(row.join_token)
    now = timezone.now()
    workers = []
    for i in range(2 * count):
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i // 400)
        workers.append(Worker(make_mobile(i), make_id_number("340822", birth, i % 400, "male")))
    PhoneCode.objects.bulk_create(
        [
            PhoneCode(
                phone_hash=portal._phone_hash(w.phone),
                code_hash=portal._code_hash(portal._phone_hash(w.phone), CODE),
                expires_at=now + datetime.timedelta(hours=1),
            )
            for w in workers
        ]
    )
    connection.close()
    return tokens[0], tokens[1], workers[:count], workers[count:]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "gonghui.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "GONGHUI_SMS_BACKEND": "memory"},
    )  # fmt: skip
    atexit.register(server.terminate)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


_local = threading.local()


def send(
    port: int, method: str, path: str, body: str = "", cookies: str = ""
) -> tuple[int, dict[str, str]]:
    conn: http.client.HTTPConnection | None = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "Cookie": cookies}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body.encode() or None, headers=headers)
        response = conn.getresponse()
    except (http.client.HTTPException, OSError):
        conn.close()
        conn.request(method, path, body=body.encode() or None, headers=headers)
        response = conn.getresponse()
    response.read()
    return response.status, {k.lower(): v for k, v in response.getheaders()} | {
        "set-cookie": ", ".join(response.headers.get_all("Set-Cookie") or [])
    }


def run(name: str, items: list[Worker], concurrency: int, call: Callable[[Worker], bool]) -> Phase:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def one(worker: Worker) -> None:
        nonlocal failures
        started = time.perf_counter()
        ok = call(worker)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            failures += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, items))
    return Phase(name, time.perf_counter() - started, latencies, failures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="per phase")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = throwaway_database()
    if not os.environ.get("GONGHUI_DATA_DIR"):
        folder = tempfile.mkdtemp(prefix="gonghui-bench-join-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["GONGHUI_DATA_DIR"] = folder
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench_join measures PostgreSQL: point DATABASE_URL at one")
    started = time.perf_counter()
    manual, auto, by_hand, automatic = setup(args.requests)
    print(f"database: {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}; "
          f"setup {time.perf_counter() - started:.1f} s")  # fmt: skip
    port = free_port()
    start_gunicorn(port)
    print(f"gunicorn: 2 sync workers on 127.0.0.1:{port}; {args.requests} requests per phase, "
          f"{args.concurrency} client threads, {os.cpu_count()} cores")  # fmt: skip

    def baseline(worker: Worker) -> bool:
        return send(port, "GET", "/accounts/login/")[0] == 200

    def login(worker: Worker) -> bool:
        body = urllib.parse.urlencode(
            {"phone": worker.phone, "code": CODE, "csrfmiddlewaretoken": CSRF, "next": "/portal/"}
        )
        status, headers = send(port, "POST", "/portal/login/", body, f"csrftoken={CSRF}")
        for part in headers["set-cookie"].split(","):
            if part.strip().startswith("sessionid="):
                worker.session = part.strip().split(";")[0].split("=", 1)[1]
        return status == 302 and bool(worker.session)

    def joiner(token: str) -> Callable[[Worker], bool]:
        def join(worker: Worker) -> bool:
            body = urllib.parse.urlencode(
                {"name": "测试职工", "id_number": worker.id_number, "worker_group": "courier",
                 "employer_name": "某快递站点", "csrfmiddlewaretoken": CSRF}
            )  # fmt: skip
            cookies = f"csrftoken={CSRF}; sessionid={worker.session}"
            status, headers = send(port, "POST", f"/portal/join/{token}/?c=qr", body, cookies)
            return status == 302 and "/portal/requests/" in headers.get("location", "")

        return join

    # Warm both workers (imports, connections) before anything is timed.
    run("warm-up", by_hand[:20], args.concurrency, baseline)
    phases = [run("cheapest page: GET /accounts/login/", by_hand, args.concurrency, baseline)]
    phases.append(
        run("phone login: POST /portal/login/", by_hand + automatic, args.concurrency, login)
    )
    phases.append(run("join, manual approval: POST /portal/join/…", by_hand, args.concurrency,
                      joiner(manual)))  # fmt: skip
    phases.append(run("join, automatic approval (member + card)", automatic, args.concurrency,
                      joiner(auto)))  # fmt: skip
    base = phases[0]
    print()
    print(f"{'':44} {'req/s':>8} {'median ms':>10} {'p99 ms':>8} {'× base p99':>11} {'failed':>7}")
    for phase in phases:
        print(
            f"{phase.name:44} {phase.rps:8.1f} {phase.quantile(0.5):10.1f} "
            f"{phase.quantile(0.99):8.1f} {phase.quantile(0.99) / base.quantile(0.99):11.2f} "
            f"{phase.failures:7d}"
        )
    print(f"\nthroughput ratio base/join (manual): {base.rps / phases[2].rps:.2f}; "
          f"base/join (automatic): {base.rps / phases[3].rps:.2f}")  # fmt: skip
    verify(args.requests)


def verify(count: int) -> None:
    """The submissions really landed: one request each, members with card numbers."""
    from django.db import connection

    from gonghui.membership.models import JoinRequest, Membership

    pending = JoinRequest.objects.filter(status="pending").count()
    members = Membership.objects.exclude(card_number=None).count()
    print(f"written: {pending} pending requests, {members} memberships with card numbers "
          f"(expected {count} each)")  # fmt: skip
    connection.close()


if __name__ == "__main__":
    main()
