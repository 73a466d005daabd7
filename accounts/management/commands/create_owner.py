"""Create the first user of a fresh installation: an owner of their personal team (and, with
--team, of a shared team too). The password is prompted for, or read from OWNER_PASSWORD for
scripts; never from the command line, where it would end up in the shell history and `ps`."""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import User
from accounts.services import team_create, user_create

PASSWORD_VARIABLE = "OWNER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a user who owns their personal team (and --team, if given). The password is "
        f"prompted for, or read from the {PASSWORD_VARIABLE} environment variable."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--team", default="", help="also create this shared team, owned")

    def handle(self, *args, username: str, email: str, team: str, **options) -> None:
        username = username.strip()
        if not username:
            raise CommandError("The username must not be empty.")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username!r} already exists. Nothing was changed.")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid email address.") from None

        password = self._password(username, email)
        with transaction.atomic():
            user = user_create(username=username, email=email, password=password)
            if team.strip():
                team_create(actor=user, name=team.strip())
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {username}, owner of their personal team"
                + (f" and of {team.strip()!r}" if team.strip() else "")
                + ". They can sign in now."
            )
        )

    def _password(self, username: str, email: str) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(
                    f"No terminal to ask for the password: set {PASSWORD_VARIABLE} in the "
                    "environment instead (never on the command line)."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match. Nothing was changed.")
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError(
                "The password was refused: " + " ".join(error.messages) + " Nothing was changed."
            ) from None
        return password
