"""`manage.py compile_translations`: locale/*/LC_MESSAGES/*.po -> .mo, without GNU gettext."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from fornexpanel.core.translations import BASE_DIR, compile_catalogues


class Command(BaseCommand):
    help = (
        "Compile the panel's translation catalogues (.po to .mo). Needs no GNU gettext, unlike "
        "compilemessages; fuzzy entries are left out, as msgfmt does."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--stale", action="store_true", help="Only the catalogues whose .mo is out of date."
        )

    def handle(self, *args, stale: bool = False, **options) -> None:
        for path in compile_catalogues(only_stale=stale):
            if options["verbosity"] > 0:
                self.stdout.write(f"compiled {path.relative_to(BASE_DIR)}")
