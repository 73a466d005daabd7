"""What a statistics graph costs: the JSON one chart asks for, per range, against the sandbox.

Prints, for 24 hours, 7 days, 30 days and a full year of one field (traffic, two series): the
points Fornex sends, the points the browser gets after server-side averaging, the JSON size, and
the time of the chart's request through the whole view (access check, gateway, conversion),
first from Fornex and then from the cache.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from _setup import django_setup, sandbox, timed

django_setup("vps_stats")
logging.getLogger("fornexpanel").setLevel(logging.WARNING)  # one log line per request: noise here

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.connections import _store_key  # noqa: E402
from accounts.models import Connection, Membership, Team, User  # noqa: E402
from fornexpanel import gateway  # noqa: E402

VPS = "34-177054"


def main() -> None:
    with sandbox() as api_url:
        settings.FORNEX_API_URL = api_url
        settings.ALLOWED_HOSTS = ["*"]
        team = Team.objects.create(name="Bench")
        user = User.objects.create_user("bench", "bench@example.com", "x" * 20)
        Membership.objects.create(team=team, user=user, role="viewer")
        connection = Connection(team=team, label="bench")
        _store_key(connection, "sandbox-full")
        connection.save()
        client = Client()
        client.force_login(user)
        url = reverse("vps:stats", args=[connection.pk, VPS, "traffic"])
        today = timezone.now().date()
        ranges = [
            ("24 hours", {"range": "24h"}),
            ("7 days", {"range": "7d"}),
            ("30 days", {"range": "30d"}),
            (
                "366 days",
                {"start": (today - timedelta(days=365)).isoformat(), "end": today.isoformat()},
            ),
        ]
        print("VPS statistics, field 'traffic' (2 series), one chart's JSON request")
        print(
            f"  {'range':<10} {'Fornex points':>13} {'drawn':>6} {'JSON':>9} {'cold':>9} {'cached':>9}"
        )
        for label, params in ranges:

            def ask(params=params):
                response = client.get(url, params)
                assert response.status_code == 200, response.content[:200]
                return response

            def cold(params=params):
                gateway.invalidate_connection(connection)
                ask(params)

            cold_ms = timed(cold, repeat=5)
            ask()
            warm_ms = timed(ask, repeat=30)
            payload = ask().json()
            size = len(ask().content)
            print(
                f"  {label:<10} {payload['points']:>13,} {len(payload['x']):>6} "
                f"{size / 1024:>7.1f} kB {cold_ms:>6.1f} ms {warm_ms:>6.1f} ms"
            )


if __name__ == "__main__":
    main()
