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


def test_a_kept_fragment_shows_each_request_its_own_csrf_token_and_address(rf):
    from django.middleware.csrf import get_token

    form = Template(
        "{% load fragments %}{% fragment 'form' 1 %}{% csrf_token %}"
        '<input name=next value="{% current_path %}">{{ counter }}{% endfragment %}'
    )
    counter = Counter()
    shown = []
    for path in ("/servers/?q=a&b=c", "/dns/"):
        request = rf.get(path)
        token = get_token(request)
        html = form.render(Context({"counter": counter, "csrf_token": token, "request": request}))
        shown.append(html)
        assert f'value="{token}"' in html
        assert "\x00" not in html
    assert counter.renders == 1  # kept, with the token and the address left open
    assert 'value="/servers/?q=a&amp;b=c"' in shown[0]
    assert 'value="/dns/"' in shown[1]
    # Without a token (a page rendered without its request), no token field at all.
    assert "csrfmiddlewaretoken" not in form.render(Context({"counter": counter}))


def test_a_fragment_inside_a_fragment_leaves_the_holes_to_the_outer_one(rf):
    from django.middleware.csrf import get_token

    page = Template(
        "{% load fragments %}{% fragment 'outer' 1 %}[{% fragment 'inner' 1 %}{% csrf_token %}"
        "{% current_path %}{% endfragment %}]{% endfragment %}"
    )
    for path in ("/a/", "/b/"):
        request = rf.get(path)
        token = get_token(request)
        html = page.render(Context({"csrf_token": token, "request": request}))
        assert f'value="{token}"' in html and f"{path}]" in html


def test_a_fragment_with_a_one_time_form_token_is_never_kept():
    form = Template(
        "{% load fragments %}{% fragment 'form' 1 %}"
        "<input name=form_token value={{ counter }}>{% endfragment %}"
    )
    counter = Counter()
    for _ in range(2):
        form.render(Context({"counter": counter}))
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


def test_lazy_text_in_the_values_is_keyed_by_its_words():
    from django.utils.functional import lazy

    counter = Counter()
    first = lazy(lambda: "first", str)()
    second = lazy(lambda: "second", str)()
    ROW.render(Context({"value": [("a", first)], "counter": counter}))
    ROW.render(Context({"value": [("a", lazy(lambda: "first", str)())], "counter": counter}))
    assert counter.renders == 1  # another lazy object with the same words: the same row
    ROW.render(Context({"value": [("a", second)], "counter": counter}))
    assert counter.renders == 2


def test_the_header_is_each_members_own(client, team, make_user):
    from accounts.models import Membership

    pages = []
    for name in ("ada", "bob"):
        user = make_user(name)
        Membership.objects.create(team=team, user=user, role="viewer")
        client.force_login(user)
        pages.append(client.get(reverse("dashboard")).content.decode())
    assert 'data-testid="user-menu">' in pages[0]
    assert "ada" in pages[0].split('data-testid="user-menu"')[1][:200]
    assert "bob" in pages[1].split('data-testid="user-menu"')[1][:200]
    assert "ada" not in pages[1].split('data-testid="user-menu"')[1][:200]


def test_the_header_follows_a_renamed_team_and_a_new_role(client, team, make_user):
    from accounts.models import Membership

    user = make_user("cyd")
    membership = Membership.objects.create(team=team, user=user, role="viewer")
    client.force_login(user)
    switcher = (
        client.get(reverse("dashboard")).content.decode().split('data-testid="team-switcher"')[1]
    )
    assert "Ops team" in switcher[:300] and "Viewer" in switcher[:400]
    team.name = "Renamed team"
    team.save()
    membership.role = "admin"
    membership.save()
    switcher = (
        client.get(reverse("dashboard")).content.decode().split('data-testid="team-switcher"')[1]
    )
    assert "Renamed team" in switcher[:300] and "Admin" in switcher[:400]
    assert "Ops team" not in switcher[:300]


def test_the_servers_page_header_and_table_follow_the_role(login, owner, viewer, connection):
    """The page's header, filters and table are kept rendered too: each role gets its own
    buttons, whoever saw the page first."""
    for _ in range(2):
        viewer_page = login(viewer).get(reverse("vps:list")).content.decode()
        owner_page = login(owner).get(reverse("vps:list")).content.decode()
        assert 'data-testid="order-server-link"' in owner_page
        assert 'data-testid="bulk-restart"' in owner_page
        assert 'data-testid="order-server-link"' not in viewer_page
        assert 'data-testid="bulk-restart"' not in viewer_page


def test_the_servers_table_follows_the_filters_sorting_and_page(login, viewer, connection):
    client = login(viewer)
    everything = client.get(reverse("vps:list")).content.decode()
    vps_only = client.get(reverse("vps:list"), {"type": "vps"}).content.decode()
    assert '<option value="vps" selected>' in vps_only
    assert '<option value="vps" selected>' not in everything
    counted = [
        page.split('data-testid="orders-count">')[1].split("<")[0].strip()
        for page in (everything, vps_only)
    ]
    assert counted[0] != counted[1]
    by_name = client.get(reverse("vps:list"), {"sort": "-name"}).content.decode()
    assert 'name="sort" value="-name"' in by_name and "bi-caret-down-fill" in by_name
    assert "bi-caret-down-fill" not in everything
    small = client.get(reverse("vps:list"), {"per_page": "25"}).content.decode()
    assert 'name="per_page" value="25"' in small and 'name="per_page"' not in everything


def test_the_servers_count_follows_an_order_on_another_page(login, viewer, connection):
    """A new order that the shown page does not list still changes the count and the pager."""
    orders = selectors.orders(connection).data
    vps = next(order for order in orders if order.type == "vps")

    def answer(extra: int) -> None:
        copies = [
            dataclasses.replace(vps, id=f"99-{n:06d}", name=f"zz-{n:02d}") for n in range(extra)
        ]
        gateway.invalidate(connection, "orders")
        gateway.read(connection, "orders", lambda client: [*orders, *copies])

    def shown(client) -> tuple[str, str]:
        page = client.get(reverse("vps:list"), {"sort": "name"}).content.decode()
        rows = page.split("<tbody>")[1].split("</tbody>")[0]
        return rows, page.split('data-testid="orders-count">')[1].split("<")[0].strip()

    client = login(viewer)
    answer(60)
    rows, counted = shown(client)
    assert "zz-59" not in rows  # on a later page
    answer(61)
    rows_after, counted_after = shown(client)
    assert rows_after == rows  # the same rows on this page...
    assert counted_after != counted  # ...and one order more in all
    assert str(len(orders) + 61) in counted_after
