"""A token is shown once, on the page that makes it, and nowhere else: not in the database, the
cache, a log line, a later page, or the audit history."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from tests.api.conftest import DOMAIN
from tests.vps.leaks import redis_keys_with, tables_with


def test_the_token_is_shown_once_and_kept_nowhere(
    api, operator, owner, connection, login, caplog, capfd, sandbox_api
):
    caplog.set_level(logging.DEBUG)
    client = login(operator)
    form = {
        "name": "acme.sh",
        "connection": connection.pk,
        "expires_on": "2099-01-01",
        "scope_dns": "on",
        "dns_domains": DOMAIN,
        "dns_types": ["TXT"],
        "dns_hosts": "_acme-challenge _acme-challenge.*",
    }
    too_late = client.post(reverse("api:token_create"), form)
    assert "at most one year" in too_late.content.decode()
    form["expires_on"] = (timezone.localdate() + timedelta(days=60)).isoformat()
    created = client.post(reverse("api:token_create"), form)
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    plain = re.search(r'data-testid="new-token-value">([^<]+)<', created.content.decode())[1]
    assert plain.startswith("fxp_")

    # Used as scripts use it, well and badly (the legacy way, in the query: not accepted).
    assert api.get(f"dns/domain/{DOMAIN}/entry_set/", token=plain).status_code == 200
    body = {"host": f"_acme-challenge.{DOMAIN}", "type": "TXT", "value": "v", "ttl": None}
    assert api("POST", f"dns/domain/{DOMAIN}/entry_set/", token=plain, json=body).ok
    assert api.get(f"dns/domain/?apikey={plain}", token=None).status_code == 401
    assert api.get(f"orders/?q={plain}", token=plain).status_code == 403
    assert api.get("dns/domain/", token=plain + "x").status_code == 401

    for name in ("api:tokens", "api:my_tokens", "api:docs", "accounts:audit"):
        page = client.get(reverse(name))
        if page.status_code == 200:
            assert plain not in page.content.decode(), name
    client.force_login(owner)
    audit_page = client.get(reverse("accounts:audit"))
    assert audit_page.status_code == 200 and "acme.sh" in audit_page.content.decode()
    assert plain not in audit_page.content.decode()

    assert AuditEvent.objects.filter(action="api.call").count() == 3
    assert tables_with(plain) == []
    assert redis_keys_with(plain) == []
    assert plain not in caplog.text
    out, err = capfd.readouterr()
    assert plain not in out and plain not in err
