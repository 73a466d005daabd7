"""A domain Fornex does not hold is "not found" (404), whether Fornex says so with a 404 or with
an error body, and never an outage (503)."""

from __future__ import annotations

from django.test import RequestFactory
from django.utils import timezone

from dns.views.common import unavailable
from fornexpanel.fornex import BadRequest, UpstreamUnavailable
from fornexpanel.gateway import Fetched


def _page(connection, owner, error):
    request = RequestFactory().get("/dns/")
    request.user = owner
    fetched = Fetched(None, timezone.now(), error=error)
    return unavailable(request, connection, "nosuch.example", fetched)


def test_an_error_body_about_the_domain_is_not_found(connection, owner):
    response = _page(connection, owner, BadRequest("Domain not found", operation="dns_records"))
    assert response.status_code == 404
    assert "Fornex does not know this domain" in response.content.decode()


def test_an_outage_is_still_an_outage(connection, owner):
    response = _page(connection, owner, UpstreamUnavailable("down", operation="dns_records"))
    assert response.status_code == 503
    assert "Fornex could not be asked" in response.content.decode()
