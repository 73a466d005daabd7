"""Plan catalogues: one table per kind, sorted and filtered in ways that fit it, cached an hour,
priced in the account's currency, and a side-by-side comparison."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from billing import plans
from billing.plans import CATALOGUES


@pytest.fixture
def viewer_client(login, viewer):
    return login(viewer)


def shown_keys(response) -> list[str]:
    return [row["key"] for row in response.context["shown"]]


def test_sizes_are_read_as_gigabytes_whatever_the_wording():
    assert plans.size_gb("16 GB") == Decimal(16)
    assert plans.size_gb("4 × 300 GB SAS 15k") == Decimal(1200)
    assert plans.size_gb("2 × 1.92 TB NVMe") == Decimal(3840)
    assert plans.size_gb("unmetered") is None


def test_dedicated_cores_come_from_the_processor_name_times_the_processors():
    assert plans.cores("Intel Xeon E5-2620v4 (8×2.1Ghz)", 2) == 16
    assert plans.cores("Some CPU", 1) == 1


def test_unknown_sort_columns_fall_back_to_the_price():
    catalogue = CATALOGUES["vps"]
    rows = [{"key": "a", "name": "A", "price": Decimal(9)}, {"key": "b", "name": "B", "price": 1}]
    ordered, applied = plans.sort_rows(catalogue, rows, "-password")
    assert [r["key"] for r in ordered] == ["b", "a"] and applied == "price"


@pytest.mark.parametrize("kind", sorted(CATALOGUES))
def test_every_catalogue_has_a_page_with_its_plans(viewer_client, connection, kind, fornex):
    expected = len(CATALOGUES[kind].fetch(fornex))

    response = viewer_client.get(reverse("billing:plans", args=[kind]))

    assert response.status_code == 200
    assert len(response.context["shown"]) == expected > 0
    assert response.context["currency"] == "EUR"


def test_the_vps_table_sorts_by_ram_both_ways(viewer_client, connection):
    url = reverse("billing:plans", args=["vps"])

    down = viewer_client.get(url, {"sort": "-ram"})
    up = viewer_client.get(url, {"sort": "ram"})

    assert shown_keys(down)[0] == "438" and shown_keys(down)[-1] == "433"
    assert shown_keys(up) == list(reversed(shown_keys(down)))
    assert down.context["sort"] == "-ram"


def test_the_dedicated_table_filters_by_location_ram_and_price(viewer_client, connection):
    url = reverse("billing:plans", args=["dedicated"])

    response = viewer_client.get(url, {"location": "DE", "ram_min": "64", "price_max": "400"})

    assert shown_keys(response) == ["103"]  # DS HyperXeon, 128 GB in DE
    assert "FI" in [value for value, _ in response.context["form"].fields["location"].choices]


def test_the_hosting_table_filters_by_location_available(viewer_client, connection):
    response = viewer_client.get(reverse("billing:plans", args=["hosting"]), {"location": "NL"})
    assert sorted(shown_keys(response)) == ["34", "35", "36"]


def test_the_backups_table_sorts_by_price_per_gigabyte(viewer_client, connection):
    response = viewer_client.get(reverse("billing:plans", args=["backups"]), {"sort": "per_gb"})
    assert shown_keys(response)[0] == "1000Gb"


def test_an_invalid_filter_is_ignored_rather_than_failing_the_page(viewer_client, connection):
    response = viewer_client.get(reverse("billing:plans", args=["vps"]), {"cpu_min": "lots"})
    assert response.status_code == 200
    assert len(response.context["shown"]) == 6


def test_htmx_sorting_answers_with_the_table_alone(viewer_client, connection):
    response = viewer_client.get(
        reverse("billing:plans", args=["vps"]),
        {"sort": "-price"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="plan-table",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-table">')
    assert "<nav" not in html


def test_catalogues_are_cached_for_an_hour(viewer_client, connection, sandbox_api):
    url = reverse("billing:plans", args=["vpn"])
    viewer_client.get(url)
    viewer_client.get(url, {"sort": "-price"})
    assert sandbox_api.count("GET", "/api/plans/vpn") == 1

    viewer_client.get(url, {"refresh": "1"})
    assert sandbox_api.count("GET", "/api/plans/vpn") == 2


def test_an_unknown_catalogue_is_404(viewer_client, connection):
    assert viewer_client.get(reverse("billing:plans", args=["yachts"])).status_code == 404


def test_plans_compare_side_by_side_with_the_best_value_marked(viewer_client, connection):
    response = viewer_client.get(
        reverse("billing:plan_compare", args=["vps"]), {"plan": ["433", "437"]}
    )

    assert [plan["name"] for plan in response.context["chosen"]] == [
        "SSD Cloud 1GB",
        "SSD Cloud 16GB",
    ]
    lines = {line["column"].key: line["cells"] for line in response.context["lines"]}
    assert [cell["best"] for cell in lines["price"]] == [True, False]
    assert [cell["best"] for cell in lines["ram"]] == [False, True]
    assert 'data-testid="compare-table"' in response.content.decode()


def test_comparing_fewer_than_two_plans_explains_what_to_do(viewer_client, connection):
    response = viewer_client.get(reverse("billing:plan_compare", args=["vps"]), {"plan": "433"})
    assert 'data-testid="compare-empty"' in response.content.decode()


def test_a_fornex_failure_on_a_catalogue_is_explained(viewer_client, connection, sandbox_api):
    sandbox_api.fault(path="/api/plans/", status=500)
    response = viewer_client.get(reverse("billing:plans", args=["vps"]))
    assert response.status_code == 200
    assert 'data-testid="plans-error"' in response.content.decode()
