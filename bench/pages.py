"""What the main pages cost on a big account: the sandbox padded to 1,000 orders and 2,000 DNS
records (`python -m fornexpanel.sandbox --orders 1000 --records 2000`).

For each main page (dashboard, servers, a server, DNS domain, zone file, billing, audit, and the
operations and SSH key lists) prints its server time (inside Django, caches warm) as a ratio to the
anonymous sign-in page measured in the same run (the median of rounds in which the sign-in page
and every page are requested in turn, so that the machine's other load falls alike on both), the
size of its HTML and its database query count. The issue's target: every page within 3 x the sign-in page and under 200 KiB.

The cache is the database's unless REDIS_URL names a Redis (`REDIS_URL=redis://127.0.0.1:6379/12`
for one of its databases the bench may fill), as in production.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from statistics import median

from _setup import ROOT, django_setup, sandbox, timed
from cryptography.fernet import Fernet

# As in production: DEBUG off (hashed, compressed static files; no query log), quiet logs.
os.environ.update(
    DEBUG="0",
    SECRET_KEY="bench-" + Fernet.generate_key().decode(),
    FORNEX_KEYS=Fernet.generate_key().decode(),
    SECURE_SSL_REDIRECT="0",
    SECURE_COOKIES="0",
    LOG_LEVEL="WARNING",
    STATIC_ROOT=str(ROOT / "var" / "bench" / "pages-static"),
)
django_setup("pages")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection as db  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.audit import audit_record  # noqa: E402
from accounts.connections import _store_key  # noqa: E402
from accounts.models import Connection, Membership, Team, User  # noqa: E402

DOMAIN = "northwind.io"
ORDER = "34-177054"
REPEAT = 25
TARGET_RATIO = 3.0
TARGET_KIB = 200


@contextmanager
def counting_queries():
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    with db.execute_wrapper(count):
        yield counted


def main() -> int:
    call_command("collectstatic", interactive=False, verbosity=0)
    with sandbox("--orders", "1000", "--records", "2000") as api_url:
        settings.FORNEX_API_URL = api_url
        settings.ALLOWED_HOSTS = ["*"]
        team = Team.objects.create(name="Bench")
        user = User.objects.create_user("bench", "bench@example.com", "bench-password-1")
        Membership.objects.create(team=team, user=user, role="owner")
        connection = Connection(team=team, label="bench")
        _store_key(connection, "sandbox-full")
        connection.save()
        for number in range(300):
            audit_record(action="bench.event", actor=user, team=team, detail={"n": number})

        anonymous = Client()
        client = Client()
        client.force_login(user)
        pages = {
            "dashboard": "/",
            "servers": "/servers/",
            "a server": f"/servers/{connection.pk}/{ORDER}/",
            "DNS domain": f"/dns/{connection.pk}/{DOMAIN}/",
            "zone file": f"/dns/{connection.pk}/{DOMAIN}/zone/",
            "billing": "/billing/",
            "audit": "/audit/",
            "operations": "/operations/",
            "SSH keys": "/servers/ssh-keys/",
        }

        def get(browser: Client, url: str):
            response = browser.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        for url in pages.values():  # warm the caches (the issue measures with the cache warm)
            get(client, url)
        get(anonymous, "/accounts/login/")
        rows = []
        for name, url in pages.items():
            with counting_queries() as queries:
                size = len(get(client, url).content)
            rows.append((name, url, size, len(queries)))
        # Rounds: in each, the sign-in page and then every page once, so that the machine's
        # other load falls alike on the unit and the pages; the medians of the rounds are kept.
        samples: dict[str, list[float]] = {name: [] for name in ["sign-in", *pages]}
        for _round in range(REPEAT):
            samples["sign-in"].append(timed(lambda: get(anonymous, "/accounts/login/")))
            for name, url in pages.items():
                samples[name].append(timed(lambda url=url: get(client, url)))

    unit = median(samples["sign-in"])
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"sandbox: 1,000 orders, {DOMAIN} with 2,000 records; median of {REPEAT}, caches warm")
    print(f"cache: {backend}" + ("" if os.environ.get("REDIS_URL") else " (REDIS_URL unset)"))
    print(f"sign-in page (the unit): {unit:.1f} ms")
    print(f"{'page':<12} {'time':>9} {'x sign-in':>10} {'size':>10} {'queries':>8}")
    failing = 0
    for name, _url, size, count in rows:
        elapsed = median(samples[name])
        ratio = elapsed / unit
        over = ratio > TARGET_RATIO or size > TARGET_KIB * 1024
        failing += over
        print(
            f"{name:<12} {elapsed:7.1f}ms {ratio:9.1f}x {size / 1024:7.1f}KiB {count:8d}"
            + ("  over target" if over else "")
        )
    print(f"target: within {TARGET_RATIO:g} x the sign-in page and under {TARGET_KIB} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
