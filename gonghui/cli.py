"""The ``gonghui`` command.

gonghui demo [--port 8000] [--no-serve] [--size small|city]   web server and a worker
gonghui serve [--port 8000] [--host 127.0.0.1] [--workers 2]
gonghui worker                 background jobs (Django tasks, database queue)
gonghui <django command> ...   anything else goes to Django's management commands
"""

from __future__ import annotations

import argparse
import atexit
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def data_dir() -> Path:
    return Path(os.environ.get("GONGHUI_DATA_DIR") or Path.cwd() / "var").resolve()


def _read_or_create_secret(path: Path, make: Callable[[], str]) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    value = make()
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def _data_folder_keys() -> None:
    """Use the keys a demo left in the data folder when the environment names none."""
    folder = data_dir()
    for variable, name in (
        ("GONGHUI_SECRET_KEY", "secret.key"),
        ("GONGHUI_FIELD_KEY", "field.key"),
    ):
        if not os.environ.get(variable) and (folder / name).exists():
            os.environ[variable] = (folder / name).read_text().strip()


def _demo_environment() -> None:
    """Keys for the demo, generated once into the data folder (mode 0600)."""
    from cryptography.fernet import Fernet

    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault(
        "GONGHUI_SECRET_KEY",
        _read_or_create_secret(folder / "secret.key", lambda: secrets.token_urlsafe(50)),
    )
    os.environ.setdefault(
        "GONGHUI_FIELD_KEY",
        _read_or_create_secret(folder / "field.key", lambda: Fernet.generate_key().decode()),
    )
    os.environ["GONGHUI_DATA_DIR"] = str(folder)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        print(f"gonghui: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def _serve(host: str, port: int, workers: int) -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "gonghui.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]
    run()


def _demo(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="gonghui demo", description="Run gonghui with demo data on SQLite."
    )
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--no-serve", action="store_true", help="prepare the database and exit")
    parser.add_argument("--size", choices=["small", "city"], default="city")
    args = parser.parse_args(argv)
    _demo_environment()
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_data", size=args.size, address=f"http://{args.host}:{args.port}/")
    if not args.no_serve:
        _start_worker()
        _serve(args.host, args.port, workers=2)


def _start_worker() -> None:
    """Run the background-job worker beside the demo's web server, stopped with it."""
    worker = subprocess.Popen([sys.executable, "-m", "gonghui.cli", "worker"])
    atexit.register(worker.terminate)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command == "demo":
        _demo(argv[1:])
        return
    if command == "serve":
        parser = argparse.ArgumentParser(prog="gonghui serve")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2)
        args = parser.parse_args(argv[1:])
        _data_folder_keys()
        _setup_django()
        _serve(args.host, args.port, args.workers)
        return
    if command == "worker":
        argv = ["db_worker", *argv[1:]]
    elif command in {"help", "-h", "--help"}:
        print(__doc__)
        return
    _data_folder_keys()
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gonghui", *argv])


if __name__ == "__main__":
    main()
