"""Create (or refresh) the demo team used by `make run`: idempotent, safe to run on every start."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.connections import _store_key
from accounts.models import Connection, Membership, Team, User
from accounts.roles import Role
from fornexpanel.demo import (
    DEMO_CONNECTION,
    DEMO_LEGACY_CONNECTION,
    DEMO_PASSWORD,
    DEMO_TEAM,
    DEMO_USERS,
    SANDBOX_KEY,
    SANDBOX_LEGACY_KEY,
)


class Command(BaseCommand):
    help = "Create the demo users and team with connections to the local sandbox (v2 and legacy)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true")

    @transaction.atomic
    def handle(self, *args, quiet: bool = False, **options) -> None:
        team, _created = Team.objects.get_or_create(name=DEMO_TEAM, is_personal=False)
        for username, role in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username, email=f"{username}@example.com", password=DEMO_PASSWORD
                )
                personal = Team.objects.create(name=f"{username}'s team", is_personal=True)
                Membership.objects.create(team=personal, user=user, role=Role.OWNER)
            Membership.objects.update_or_create(team=team, user=user, defaults={"role": role})

        # The demo's main account on the v2 API (the default), a second one on the legacy API.
        for label, key, dialect in (
            (DEMO_CONNECTION, SANDBOX_KEY, Connection.Dialect.V2),
            (DEMO_LEGACY_CONNECTION, SANDBOX_LEGACY_KEY, Connection.Dialect.LEGACY),
        ):
            connection = Connection.objects.filter(team=team, label=label).first()
            if connection is None:
                connection = Connection(team=team, label=label)
            connection.dialect = dialect
            _store_key(connection, key)
            connection.save()

        if not quiet:
            self.stdout.write(
                f"Demo users (password {DEMO_PASSWORD}): "
                + ", ".join(f"{name} ({role})" for name, role in DEMO_USERS)
            )
