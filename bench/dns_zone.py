"""What the DNS pages cost on a big zone: 2,000 records (`python -m fornexpanel.sandbox
--records 2000`).

Prints the time of the domain page (records grouped by type) when the zone is read from Fornex
and when it comes from the cache, of the highlighted zone file page, of the plan page with 50
staged changes diffed against the zone, and of the highlighting alone.
"""

from __future__ import annotations

from _setup import django_setup, sandbox, timed

django_setup("dns_zone")

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.connections import _store_key  # noqa: E402
from accounts.models import Connection, Membership, Team, User  # noqa: E402
from dns import selectors  # noqa: E402
from dns.models import StagedChange  # noqa: E402
from dns.zonefile import highlight  # noqa: E402

DOMAIN = "northwind.io"


def main() -> None:
    with sandbox("--records", "2000") as api_url:
        settings.FORNEX_API_URL = api_url
        settings.ALLOWED_HOSTS = ["*"]
        team = Team.objects.create(name="Bench")
        user = User.objects.create_user("bench", "bench@example.com", "bench-password-1")
        Membership.objects.create(team=team, user=user, role="operator")
        connection = Connection(team=team, label="bench")
        _store_key(connection, "sandbox-full")
        connection.save()
        client = Client()
        client.force_login(user)
        domain_url = f"/dns/{connection.pk}/{DOMAIN}/"

        def get(url: str) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        cold = timed(lambda: get(domain_url + "?refresh=1"), repeat=5)
        warm = timed(lambda: get(domain_url), repeat=10)
        zone_cold = timed(lambda: get(domain_url + "zone/?refresh=1"), repeat=5)
        zone_warm = timed(lambda: get(domain_url + "zone/"), repeat=10)
        records = selectors.records(connection, DOMAIN).data
        for record in records[:50]:
            StagedChange.objects.create(
                team=team,
                connection=connection,
                domain=DOMAIN,
                action="delete",
                record_id=record.id,
                host=record.host,
                type=record.type,
                value=record.value,
                ttl=record.ttl,
                prio=record.prio,
                before={"id": record.id, "host": record.host, "type": record.type,
                        "value": record.value, "ttl": record.ttl, "prio": record.prio},
                created_by=user,
            )  # fmt: skip
        plan = timed(lambda: get(domain_url + "plan/"), repeat=10)
        text = selectors.zone_file(connection, DOMAIN).data
        lines = len(text.splitlines())
        paint = timed(lambda: highlight(text), repeat=10)

    print(f"{DOMAIN}: {len(records)} records, zone file of {lines} lines")
    print(f"  domain page, zone read from Fornex (median of 5):  {cold:7.1f} ms")
    print(f"  domain page, zone from the cache (median of 10):   {warm:7.1f} ms")
    print(f"  zone file page, from Fornex (median of 5):         {zone_cold:7.1f} ms")
    print(f"  zone file page, from the cache (median of 10):     {zone_warm:7.1f} ms")
    print(f"  plan page, 50 staged deletes (median of 10):       {plan:7.1f} ms")
    print(f"  highlighting the zone file alone (median of 10):   {paint:7.1f} ms")


if __name__ == "__main__":
    main()
