"""Re-encrypt every stored Fornex API key and two-factor seed under the first key of FORNEX_KEYS."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.connections import rotate_all_keys
from accounts.crypto import KeyDecryptionError


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored Fornex API key and two-factor seed under the first key of "
        "FORNEX_KEYS, so that the other keys can then be removed."
    )

    def handle(self, *args, **options) -> None:
        try:
            count = rotate_all_keys()
        except KeyDecryptionError as error:
            # All or nothing: the transaction rolled back, every key is as it was.
            raise CommandError(f"{error} Nothing was changed.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {count} API key(s) and two-factor seed(s) under the first key of "
                "FORNEX_KEYS."
            )
        )
