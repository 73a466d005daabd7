"""`manage.py check_translations`: is every string marked for translation translated?"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fornexpanel.core.translations import catalogue_problems


class Command(BaseCommand):
    help = (
        "List the strings marked for translation that a language's catalogue lacks (no entry, "
        "empty, fuzzy, or a placeholder lost), for the code and for the scripts. Needs Babel (a "
        "development dependency), not GNU gettext."
    )

    def handle(self, *args, **options) -> None:
        languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        problems = [
            f"{language} {domain}: {problem}"
            for language in languages
            for domain in ("django", "djangojs")
            for problem in catalogue_problems(language, domain)
        ]
        if problems:
            raise CommandError(f"{len(problems)} translation problem(s):\n" + "\n".join(problems))
        self.stdout.write(f"Every marked string is translated ({', '.join(languages)}).")
