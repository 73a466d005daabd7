"""The plan page says when the zone it compares against is the cached one, not Fornex's now."""

from __future__ import annotations

from django.urls import reverse

from tests.dns.conftest import DOMAIN


def _plan(client, connection, refresh=False) -> str:
    url = reverse("dns:plan", args=[connection.pk, DOMAIN]) + ("?refresh=1" if refresh else "")
    return client.get(url).content.decode()


def test_an_empty_plan_says_the_zone_is_stale(sandbox_api, as_operator, connection):
    assert 'data-testid="stale-banner"' not in _plan(as_operator, connection)
    sandbox_api.fault(path="entry_set.json", status=503)
    page = _plan(as_operator, connection, refresh=True)
    assert 'data-testid="plan-empty"' in page
    assert 'data-testid="stale-banner"' in page


def test_a_plan_against_a_stale_zone_does_not_claim_it_is_fornexs_now(
    sandbox_api, as_operator, connection
):
    as_operator.post(
        reverse("dns:record_add", args=[connection.pk, DOMAIN]),
        {"type": "A", "host": "new", "value": "198.51.100.9", "ttl": "3600", "mode": "stage"},
    )
    fresh = _plan(as_operator, connection)
    assert "as Fornex has it now" in fresh and 'data-testid="plan-stale"' not in fresh
    sandbox_api.fault(path="entry_set.json", status=503)
    page = _plan(as_operator, connection, refresh=True)
    assert 'data-testid="stale-banner"' in page
    assert 'data-testid="plan-stale"' in page
    assert "as Fornex has it now" not in page
