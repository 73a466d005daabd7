"""Names and tags: an order renamed and tagged, a domain tagged, in place on the lists (htmx
fragments) or on a page of their own without JavaScript; audited; operators and up; on a legacy
connection an explanation."""

from __future__ import annotations

from html import unescape

import pytest
import requests
from django.urls import reverse

from accounts.models import AuditEvent
from tests.vps.conftest import VPS, make_connection

DOMAIN = "northwind.io"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def v2_connection(team, sandbox_api):
    return make_connection(team, sandbox_api.FULL_KEY, "v2")


@pytest.fixture
def legacy_connection(team, sandbox_api):
    return make_connection(team, sandbox_api.FULL_KEY, "legacy", label="Legacy account")


def order_url(connection, order_id: str = VPS) -> str:
    return reverse("labels:order", args=[connection.pk, order_id])


def domain_url(connection, name: str = DOMAIN) -> str:
    return reverse("labels:domain_tags", args=[connection.pk, name])


def _fornex_order(sandbox_api, order_id: str = VPS) -> dict:
    return requests.get(
        f"{sandbox_api.api_url}/orders/{order_id}/",
        headers={"Authorization": f"Api-Key {sandbox_api.FULL_KEY}"},
        timeout=5,
    ).json()


def _text(response) -> str:
    return unescape(response.content.decode())


def test_the_servers_list_offers_the_inline_edit_to_operators(
    login, operator, viewer, v2_connection
):
    body = _text(login(operator).get(reverse("vps:list")))
    assert f'hx-get="{order_url(v2_connection)}"' in body
    assert f'href="{order_url(v2_connection)}?next=' in body  # the same without JavaScript
    assert 'data-testid="label-edit"' not in _text(login(viewer).get(reverse("vps:list")))


def test_the_inline_form_saves_and_gives_the_cell_back(login, operator, v2_connection, sandbox_api):
    client = login(operator)
    form = _text(client.get(order_url(v2_connection), **HTMX))
    assert 'data-testid="label-form"' in form and 'value="web-1"' in form
    cell = _text(client.post(order_url(v2_connection), {"name": "web-one", "tags": "web, prod, web"}, **HTMX))  # fmt: skip
    assert ">web-one</a>" in cell and cell.count("badge rounded-pill") == 2
    assert 'data-testid="label-form"' not in cell
    shown = _fornex_order(sandbox_api)
    assert (shown["name"], shown["tags"]) == ("web-one", ["web", "prod"])
    event = AuditEvent.objects.get(action="order.label")
    assert event.outcome == "success" and event.target_id == f"{v2_connection.pk}:{VPS}"
    assert event.detail == {"before": {"name": "web-1", "tags": []}, "name": "web-one", "tags": ["web", "prod"]}  # fmt: skip
    # The list shows it at once (the cached orders were forgotten).
    listed = _text(client.get(reverse("vps:list")))
    assert ">web-one</a>" in listed and ">prod</span>" in listed


def test_cancel_gives_the_cell_back_unchanged(login, operator, v2_connection, sandbox_api):
    cell = _text(login(operator).get(order_url(v2_connection) + "?show=1", **HTMX))
    assert ">web-1</a>" in cell and 'data-testid="label-edit"' in cell
    assert sandbox_api.count("PATCH", f"/api/orders/{VPS}/") == 0


def test_without_javascript_the_page_saves_and_returns_to_the_list(
    login, operator, v2_connection, sandbox_api
):
    client = login(operator)
    page = client.get(order_url(v2_connection) + "?next=/servers/?q=web")
    assert page.status_code == 200 and 'data-testid="label-page-form"' in page.content.decode()
    response = client.post(order_url(v2_connection), {"name": "web-one", "tags": "", "next": "/servers/?q=web"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/servers/?q=web"
    assert _fornex_order(sandbox_api)["name"] == "web-one"


def test_an_unsafe_next_is_ignored(login, operator, v2_connection):
    response = login(operator).post(order_url(v2_connection), {"name": "x", "tags": "", "next": "https://evil.example/"})  # fmt: skip
    assert response["Location"] == reverse("vps:list")


def test_nothing_changed_sends_nothing(login, operator, v2_connection, sandbox_api):
    login(operator).post(order_url(v2_connection), {"name": "web-1", "tags": ""}, **HTMX)
    assert sandbox_api.count("PATCH", f"/api/orders/{VPS}/") == 0
    assert not AuditEvent.objects.filter(action="order.label").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x" * 65, "tags": ""}, "at most 64 characters"),
        ({"name": "", "tags": ""}, "takes no empty name"),
        ({"name": "web-1", "tags": "a" * 65}, "at most 64 characters"),
        ({"name": "web-1", "tags": ",".join(f"t{n}" for n in range(21))}, "At most 20 tags"),
    ],
)
def test_bad_input_is_refused_with_the_reason(login, operator, v2_connection, sandbox_api, data, message):  # fmt: skip
    client = login(operator)
    response = client.post(order_url(v2_connection), data)
    assert response.status_code == 400 and message in _text(response)
    inline = client.post(order_url(v2_connection), data, **HTMX)
    assert 'data-testid="label-error"' in _text(inline) and message in _text(inline)
    assert sandbox_api.count("PATCH", f"/api/orders/{VPS}/") == 0


def test_a_refusal_is_shown_and_audited(login, operator, v2_connection, sandbox_api):
    sandbox_api.fault(path=f"/orders/{VPS}/$", method="PATCH", status=400)
    client = login(operator)
    response = client.post(order_url(v2_connection), {"name": "web-one", "tags": ""}, **HTMX)
    assert "Injected fault" in _text(response)
    assert AuditEvent.objects.get(action="order.label").outcome == "failure"


def test_a_viewer_cannot_rename(login, viewer, v2_connection, sandbox_api):
    assert (
        login(viewer).post(order_url(v2_connection), {"name": "x", "tags": ""}).status_code == 403
    )
    assert sandbox_api.count("PATCH", f"/api/orders/{VPS}/") == 0


def test_an_unknown_order_is_404(login, operator, v2_connection):
    assert login(operator).get(order_url(v2_connection, "34-1")).status_code == 404


def test_a_legacy_connection_says_it_needs_the_v2_api(
    login, operator, legacy_connection, sandbox_api
):
    client = login(operator)
    assert 'data-testid="label-edit"' not in _text(client.get(reverse("vps:list")))
    assert 'data-testid="needs-v2"' in _text(client.get(order_url(legacy_connection)))
    assert client.post(order_url(legacy_connection), {"name": "x"}).status_code == 302
    assert sandbox_api.count("PATCH", f"/api/orders/{VPS}/") == 0


# Domains


def test_a_domain_is_tagged_inline_and_audited(login, operator, v2_connection, sandbox_api):
    client = login(operator)
    listed = _text(client.get(reverse("dns:list")))
    assert f'hx-get="{domain_url(v2_connection)}"' in listed
    form = _text(client.get(domain_url(v2_connection), **HTMX))
    assert 'data-testid="tags-form"' in form
    cell = _text(client.post(domain_url(v2_connection), {"tags": "eu, prod"}, **HTMX))
    assert ">eu</a>" in cell and ">prod</a>" in cell
    event = AuditEvent.objects.get(action="dns.domain.tags")
    assert event.detail["tags"] == ["eu", "prod"] and event.target_label == DOMAIN
    assert "?tag=eu" in _text(client.get(reverse("dns:list")))  # the list shows it at once


def test_domain_tags_without_javascript(login, operator, v2_connection, sandbox_api):
    response = login(operator).post(domain_url(v2_connection), {"tags": ""})
    assert response.status_code == 302 and response["Location"] == reverse("dns:list")
    assert AuditEvent.objects.get(action="dns.domain.tags").detail["tags"] == []


def test_an_unknown_domain_is_404(login, operator, v2_connection):
    assert login(operator).get(domain_url(v2_connection, "nope.example")).status_code == 404


def test_a_viewer_cannot_tag_a_domain(login, viewer, v2_connection):
    assert login(viewer).post(domain_url(v2_connection), {"tags": "x"}).status_code == 403
