"""Re-encrypt personal data under the newest field key.

1. Generate a key: ``gonghui generate_field_key``.
2. Put it first: ``GONGHUI_FIELD_KEY=<new>,<old>`` and restart the platform (old rows stay
   readable and findable: lookups try the blind index under every configured key).
3. Run ``gonghui rotate_field_key``: every encrypted value is re-encrypted and every blind
   index recomputed under the new key, in batches, each batch in its own transaction, so an
   interrupted run can simply be started again.
4. Remove the old key from ``GONGHUI_FIELD_KEY`` and restart.

Values are re-encrypted in the current format (AES-GCM tokens, ``gonghui.core.crypto``).
Values written before that format (Fernet tokens) stay readable; to convert them without
changing the key, run ``gonghui rotate_field_key --convert-legacy``: it accepts a single key
and re-encrypts only the rows that still hold a value in the old format, so it too can be run
again after an interruption.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Q

from gonghui.core import crypto
from gonghui.core.fields import EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt personal data and recompute blind indexes under the first GONGHUI_FIELD_KEY."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--convert-legacy",
            action="store_true",
            help="Only re-encrypt values still in the old (Fernet) format; works with one key.",
        )

    def handle(self, *args: Any, batch_size: int, convert_legacy: bool, **options: Any) -> None:
        if len(settings.FIELD_KEYS) < 2 and not convert_legacy:
            raise CommandError(
                "GONGHUI_FIELD_KEY holds one key: put the new key first and the old one after it "
                "(comma-separated), then run this command."
            )
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if fields:
                self._rotate(model, batch_size, legacy_only=convert_legacy)

    def _rotate(self, model: type[models.Model], batch_size: int, *, legacy_only: bool) -> None:
        manager = model._base_manager
        derived = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname.endswith(("_hash", "_masked"))
        ]
        encrypted = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        todo = manager.all()
        if legacy_only:
            # A value in the old format: neither empty nor a token of the current format.
            prefix = crypto.TOKEN_VERSION + "."
            legacy = Q()
            for name in encrypted:
                legacy |= ~Q(**{f"{name}__startswith": prefix}) & ~Q(**{name: ""})
            todo = todo.filter(legacy)
        last_pk: Any = None
        done = 0
        while True:
            with transaction.atomic():
                batch = todo.order_by("pk")
                if last_pk is not None:
                    batch = batch.filter(pk__gt=last_pk)
                rows = list(batch.select_for_update()[:batch_size])
                if not rows:
                    break
                for row in rows:
                    # Reading decrypted with any key; saving encrypts with the newest and the
                    # model recomputes its blind indexes.
                    refresh = getattr(row, "refresh_derived_fields", None)
                    if refresh is not None:
                        refresh()
                manager.bulk_update(rows, encrypted + derived)
                last_pk = rows[-1].pk
                done += len(rows)
            self.stdout.write(f"{model._meta.label}: {done}")
        self.stdout.write(self.style.SUCCESS(f"{model._meta.label}: {done} rows re-encrypted"))
