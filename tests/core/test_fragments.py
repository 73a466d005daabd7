"""{% fragment %}: a list's rows rendered once per process for the same inputs, and never shown
for other inputs (another language, role, time zone, or changed data)."""

from __future__ import annotations

import dataclasses
import zoneinfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from fornexpanel import gateway
from fornexpanel.core.templatetags.fragments import fragments
from tests.vps.conftest import VPS
from vps import selectors


@pytest.fixture(autouse=True)
def _empty():
    fragments.clear()
    yield
    fragments.clear()


class Counter:
    def __init__(self) -> None:
        self.renders = 0

    def __str__(self) -> str:
        self.renders += 1
        return str(self.renders)


ROW = Template(
    "{% load fragments %}{% fragment 'row' value %}{{ value }}:{{ counter }}{% endfragment %}"
)


def test_the_same_inputs_are_rendered_once():
    counter = Counter()
    assert ROW.render(Context({"value": "a", "counter": counter})) == "a:1"
    assert ROW.render(Context({"value": "a", "counter": counter})) == "a:1"
    assert counter.renders == 1
    assert ROW.render(Context({"value": "b", "counter": counter})) == "b:2"


def test_the_language_and_the_time_zone_are_part_of_the_key():
    counter = Counter()
    with translation.override("en"):
        ROW.render(Context({"value": "a", "counter": counter}))
    with translation.override("ru"):
        ROW.render(Context({"value": "a", "counter": counter}))
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Asia/Tokyo")):
        ROW.render(Context({"value": "a", "counter": counter}))
    assert counter.renders == 3


def test_it_keeps_at_most_the_configured_number(settings):
    settings.FRAGMENT_CACHE_SIZE = 3
    counter = Counter()
    for value in "abcd":
        ROW.render(Context({"value": value, "counter": counter}))
    ROW.render(Context({"value": "a", "counter": counter}))  # the oldest went first
    assert counter.renders == 5


def test_a_fragment_with_a_csrf_token_is_never_kept(rf):
    from django.middleware.csrf import get_token

    form = Template(
        "{% load fragments %}{% fragment 'form' 1 %}{% csrf_token %}{{ counter }}{% endfragment %}"
    )
    counter = Counter()
    for _ in range(2):
        request = rf.get("/")
        get_token(request)
        form.render(Context({"counter": counter, "csrf_token": get_token(request)}))
    assert counter.renders == 2


def _row(body: str, order_id: str) -> str:
    start = body.index(f'data-order="{order_id}"')
    return body[start : body.index("</tr>", start)]


def test_a_changed_order_shows_its_new_row(login, viewer, connection):
    client = login(viewer)
    assert "web-1" in _row(client.get(reverse("vps:list")).content.decode(), VPS)
    orders = selectors.orders(connection).data
    renamed = [
        dataclasses.replace(order, name="renamed-web") if order.id == VPS else order
        for order in orders
    ]
    gateway.invalidate(connection, "orders")
    gateway.read(connection, "orders", lambda client: renamed)
    row = _row(client.get(reverse("vps:list")).content.decode(), VPS)
    assert "renamed-web" in row and ">web-1<" not in row


def test_each_role_and_language_gets_its_own_rows(login, owner, viewer, connection):
    owner_row = _row(login(owner).get(reverse("vps:list")).content.decode(), VPS)
    assert f'data-testid="select-{VPS}"' in owner_row  # the bulk selection: for who may power
    viewer_client = login(viewer)
    viewer_row = _row(viewer_client.get(reverse("vps:list")).content.decode(), VPS)
    assert f'data-testid="select-{VPS}"' not in viewer_row
    viewer.language = "ru"
    viewer.save()
    russian = _row(viewer_client.get(reverse("vps:list")).content.decode(), VPS)
    assert russian != viewer_row
