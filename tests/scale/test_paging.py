"""Server-side paging of the long lists: a page of 50 by default, the size the member chooses,
search, filters and sorting applied before paging and kept in the pager's links, htmx updates in
place, and the pager's accessibility (a labelled nav, the current page marked)."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from fornexpanel.core.paging import DEFAULT_PER_PAGE, paginate
from tests.scale.conftest import DOMAIN

ROW = re.compile(r'data-testid="order-row" data-order="([^"]+)"')
RECORD = re.compile(r'data-testid="record-row" data-record-id="(\d+)"')
KEY = re.compile(r'data-testid="account-key" data-key="(\d+)"')
LINE = re.compile(r'class="zf-line" data-line="(\d+)"')


def _page(query: dict, items=range(214)):
    return paginate(RequestFactory().get("/", query), list(items))


def test_a_page_has_50_rows_by_default():
    paged = _page({})
    assert DEFAULT_PER_PAGE == 50
    assert list(paged.rows) == list(range(50)) and paged.count == 214 and paged.num_pages == 5


def test_the_member_chooses_the_page_size_and_a_size_not_offered_is_the_default():
    assert len(_page({"per_page": "100"}).rows) == 100
    assert len(_page({"per_page": "7"}).rows) == 50
    assert len(_page({"per_page": "lots"}).rows) == 50


def test_a_bad_page_number_is_no_error():
    assert _page({"page": "999"}).number == 5
    assert _page({"page": "x"}).number == 1


def test_links_keep_the_filters_and_the_size_but_not_the_refresh():
    paged = _page({"q": "web", "sort": "-name", "per_page": "25", "page": "2", "refresh": "1"})
    assert paged.next_query == "q=web&sort=-name&per_page=25&page=3"
    assert paged.previous_query == "q=web&sort=-name&per_page=25"
    assert [link.number for link in paged.links if link.current] == [2]


def test_the_pager_shows_its_own_links_for_each_page_filter_and_count():
    from django.template.loader import render_to_string

    from fornexpanel.core.templatetags.fragments import fragments

    fragments.clear()

    def pager(query: dict, items=range(214), label="Orders") -> str:
        return render_to_string(
            "includes/pager.html", {"paged": _page(query, items), "target": "t", "label": label}
        )

    first = pager({"q": "web"})
    assert first == pager({"q": "web"})  # the same page is the same pager (kept once rendered)
    assert 'href="?q=web&amp;page=2"' in first
    assert 'href="?q=db&amp;page=2"' in pager({"q": "db"})
    assert "51–100 of 214" in pager({"q": "web", "page": "2"})
    assert "1–50 of 300" in pager({"q": "web"}, items=range(300))
    assert 'aria-label="Keys"' in pager({"q": "web"}, label="Keys")


def test_the_servers_list_pages_after_filtering_and_sorting(login, viewer, big_account):
    big_account(300)
    client = login(viewer)
    first = client.get(reverse("vps:list"))
    assert len(ROW.findall(first.content.decode())) == 50
    body = client.get(reverse("vps:list"), {"q": "node-02", "sort": "-name", "page": 2}).content
    rows = ROW.findall(body.decode())
    # node-0200 .. node-0299 match; descending by name; the second page starts at node-0249.
    assert len(rows) == 50 and rows[0] == "34-200249" and rows[-1] == "34-200200"
    assert "100 orders" in body.decode()


def test_the_pager_is_a_labelled_nav_with_the_current_page_marked(login, viewer, big_account):
    big_account(120)
    body = login(viewer).get(reverse("vps:list"), {"page": 2}).content.decode()
    assert '<nav aria-label="Pages of servers">' in body
    assert re.search(r'aria-current="page"[^>]*>2<', body)
    assert 'hx-target="#orders-table"' in body and 'href="?page=3"' in body


def test_an_htmx_page_change_answers_the_table_only(login, viewer, big_account):
    big_account(120)
    response = login(viewer).get(
        reverse("vps:list"), {"page": 3}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="orders-table"
    )
    body = response.content.decode()
    assert "<html" not in body and len(ROW.findall(body)) == 20


def test_select_all_matching_offers_the_whole_filtered_set(login, operator, big_account):
    big_account(300)
    body = login(operator).get(reverse("vps:list"), {"q": "node-0"}).content.decode()
    # 300 orders match "node-0"; one in four is a dedicated server: 225 VPSes.
    assert "Select all 225 matching VPSes on every page" in body
    assert 'name="matching"' in body and 'name="q" value="node-0"' in body


def test_bulk_power_on_all_matching_targets_every_filtered_vps(login, operator, big_account):
    connection = big_account(300)
    response = login(operator).get(
        reverse("vps:bulk"), {"action": "restart", "matching": "1", "q": "node-01"}
    )
    body = response.content.decode()
    # node-0100 .. node-0199: 100 orders, 75 of them VPSes (every fourth is a dedicated server).
    assert response.status_code == 200 and body.count('name="target"') == 75
    assert f'value="{connection.pk}:34-200101"' in body
    assert f'value="{connection.pk}:34-200100"' not in body  # a dedicated server


def test_dns_records_are_paged_and_filtered_by_type_and_text(login, viewer, big_account):
    connection = big_account(230)
    url = reverse("dns:domain", args=[connection.pk, DOMAIN])
    client = login(viewer)
    assert len(RECORD.findall(client.get(url).content.decode())) == 50
    last = client.get(url, {"page": 5}).content.decode()
    assert len(RECORD.findall(last)) == 30 and '<nav aria-label="Pages of records">' in last
    found = client.get(url, {"q": "node-0007", "type": "a"}).content.decode()
    assert RECORD.findall(found) == ["1007"]
    fragment = client.get(url, {"page": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="records")
    assert "<html" not in fragment.content.decode() and 'id="records"' in fragment.content.decode()


def test_the_zone_file_is_paged_and_numbered_and_the_download_is_whole(login, viewer, big_account):
    connection = big_account(230)
    client = login(viewer)
    url = reverse("dns:zone", args=[connection.pk, DOMAIN])
    body = client.get(url, {"page": 2}).content.decode()
    assert LINE.findall(body) == [str(n) for n in range(51, 101)]
    download = client.get(reverse("dns:zone_download", args=[connection.pk, DOMAIN]))
    assert len(download.content.decode().splitlines()) == 232


def test_ssh_keys_are_searched_and_paged(login, viewer, big_account):
    big_account(120)
    client = login(viewer)
    assert len(KEY.findall(client.get(reverse("vps:ssh_keys")).content.decode())) == 50
    found = client.get(reverse("vps:ssh_keys"), {"q": "KEY-0042"}).content.decode()
    assert KEY.findall(found) == ["542"]


@pytest.mark.parametrize("per_page", ["25", "100"])
def test_operations_are_paged_at_the_chosen_size(login, admin, team, per_page):
    from operations.models import Operation

    Operation.objects.bulk_create(
        [
            Operation(team=team, kind="vps.restart", target_type="order", target_id="1:34-1")
            for _ in range(130)
        ]
    )
    body = login(admin).get(reverse("operations:list"), {"per_page": per_page}).content.decode()
    assert body.count('<td><a href="/operations/') == int(per_page)
    assert '<nav aria-label="Pages of jobs">' in body


def test_server_jobs_are_paged_too(login, admin, team):
    from operations.models import Operation

    Operation.objects.bulk_create(
        [
            Operation(team=team, kind="vps.restart", target_type="order", target_id="1:34-1")
            for _ in range(120)
        ]
    )
    client = login(admin)
    body = client.get(reverse("vps:jobs"), {"page": 3}).content.decode()
    assert body.count('<td><a href="/operations/') == 20
    assert '<nav aria-label="Pages of server jobs">' in body
