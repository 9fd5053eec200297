from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core.crypto import generate_key


class Command(BaseCommand):
    help = "Print a new key for GONGHUI_FIELD_KEY (urlsafe base64 of 32 random bytes)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_key())
