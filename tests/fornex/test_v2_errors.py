"""How the v2 client reads failures, follows pages and retries; and the legacy dialect's refusal
of the operations only v2 has."""

from __future__ import annotations

import pickle

import pytest
import requests
from conftest import BASE, KEY

from fornexpanel.fornex import (
    BadRequest,
    BlockedByFilter,
    FornexClient,
    InvalidApiKey,
    LegacyClient,
    MalformedResponse,
    NoPermission,
    NotFound,
    Unsupported,
    UpstreamUnavailable,
    V2Client,
    v2_base,
)

BALANCE = BASE + "/account/balance"
ORDERS = BASE + "/orders/"
RECORDS = BASE + "/dns/domain/example.com/entry_set/"
GOOD = {"balance": 1, "currency": "EUR"}
HTML_403 = (
    "<!DOCTYPE html><html><head><title>Access denied</title></head><body>DDoS-Guard</body></html>"
)


@pytest.fixture
def client():
    with V2Client(KEY, BASE, backoff=0) as client:
        yield client


def order(number: int) -> dict:
    return {
        "id": f"34-{number}",
        "type": "vps",
        "status": "active",
        "tariff_price": 1,
        "cost_month": 1,
        "ipaddress_set": [],
    }


def test_401_is_a_bad_key_with_drfs_detail(api, client):
    api.get(BALANCE, status=401, json={"detail": "Authentication credentials were not provided."})
    with pytest.raises(InvalidApiKey) as caught:
        client.account_balance()
    assert caught.value.message == "Authentication credentials were not provided."
    assert caught.value.status == 401


def test_403_with_json_is_a_missing_grant(api, client):
    api.get(BALANCE, status=403, json={"detail": "You do not have permission to perform this action."})  # fmt: skip
    with pytest.raises(NoPermission) as caught:
        client.account_balance()
    assert "permission" in caught.value.message
    assert not isinstance(caught.value, InvalidApiKey)


@pytest.mark.parametrize("body", [HTML_403, ""])
def test_403_with_an_html_page_is_a_bot_filter(api, client, body):
    api.post(BASE + "/vps/34-1/stop/", status=403, body=body, content_type="text/html")
    with pytest.raises(BlockedByFilter) as caught:
        client.vps_stop("34-1")
    error = caught.value
    assert isinstance(error, UpstreamUnavailable) and not isinstance(error, NoPermission)
    assert error.maybe_applied is False  # the API never saw it
    assert "bot filter" in str(error) and "DDoS-Guard" not in str(error)
    assert len(api.calls) == 1  # not retried


def test_404_is_not_found(api, client):
    api.get(BASE + "/orders/34-9/", status=404, json={"detail": "Not found."})
    with pytest.raises(NotFound) as caught:
        client.order_details("34-9")
    assert caught.value.message == "Not found."


def test_a_404_html_page_is_not_found_too(api, client):
    api.get(BASE + "/orders/34-9/", status=404, body="<html>Page not found</html>")
    with pytest.raises(NotFound) as caught:
        client.order_details("34-9")
    assert caught.value.message == NotFound.default_message


def test_400_with_detail(api, client):
    api.post(BASE + "/vps/34-1/start/", status=400, json={"detail": "VPS 34-1 is already running"})
    with pytest.raises(BadRequest) as caught:
        client.vps_start("34-1")
    assert (caught.value.message, caught.value.fields) == ("VPS 34-1 is already running", {})


def test_400_with_the_legacy_error_field(api, client):
    api.post(BASE + "/vps/34-1/start/", status=400, json={"error": "Legacy words"})
    with pytest.raises(BadRequest, match="Legacy words"):
        client.vps_start("34-1")


def test_400_with_field_errors_keeps_the_fields(api, client):
    errors = {
        "value": ["Enter a valid IPv4 address."],
        "ttl": ['"5" is not a valid choice.'],
        "non_field_errors": ["This record already exists."],
    }
    api.post(RECORDS, status=400, json=errors)
    with pytest.raises(BadRequest) as caught:
        client.dns_record_add("example.com", host="www", type="A", value="1.2.3", ttl=5)
    error = caught.value
    assert error.fields == {
        "value": ("Enter a valid IPv4 address.",),
        "ttl": ('"5" is not a valid choice.',),
        "non_field_errors": ("This record already exists.",),
    }
    assert error.message == (
        'value: Enter a valid IPv4 address.; ttl: "5" is not a valid choice.; '
        "This record already exists."
    )
    assert pickle.loads(pickle.dumps(error)).fields == error.fields


def test_nested_field_errors_are_flattened(api, client):
    api.post(BASE + "/tickets/ticket/", status=400, json={"credentials": {"username": ["Required."]}})  # fmt: skip
    with pytest.raises(BadRequest) as caught:
        client.ticket_create(subject="s", text="t")
    assert caught.value.fields == {"credentials.username": ("Required.",)}


def test_an_echoed_key_is_masked_in_field_errors(api, client):
    api.post(RECORDS, status=400, json={"value": [f"bad {KEY}"]})
    with pytest.raises(BadRequest) as caught:
        client.dns_record_add("example.com", host="", type="TXT", value=KEY)
    assert KEY not in str(caught.value) and KEY not in repr(caught.value.fields)


def test_a_success_answer_with_a_message_field_is_not_an_error(api, client):
    # The legacy dialect would read `message`/`error` in a 200 as a failure; v2 does not.
    api.post(BASE + "/orders/34-1/cancel/", json={"status": "canceled", "message": "Done."})
    assert client.order_cancel("34-1").message == "Done."


def test_a_non_json_success_is_malformed(api, client):
    api.get(BALANCE, body="<html>login</html>", content_type="text/html")
    with pytest.raises(MalformedResponse):
        client.account_balance()


def test_a_redirect_is_not_followed(api, client):
    api.get(BALANCE, status=301, headers={"Location": "https://elsewhere.example/"})
    with pytest.raises(MalformedResponse, match="redirect"):
        client.account_balance()


# Pagination


def test_every_page_is_read_in_order(api):
    client = V2Client(KEY, BASE, page_size=2, backoff=0)
    pages = [
        ([order(1), order(2)], "https://fornex.com/api/orders/?page=2&page_size=2"),
        ([order(3), order(4)], "https://fornex.com/api/orders/?page=3&page_size=2"),
        ([order(5)], None),
    ]
    for results, next_url in pages:
        api.get(ORDERS, json={"count": 5, "next": next_url, "previous": None, "results": results})
    assert [o.id for o in client.orders_list()] == [f"34-{n}" for n in range(1, 6)]
    queries = [call.request.params for call in api.calls]
    assert queries == [
        {"page_size": "2"},
        {"page_size": "2", "page": "2"},
        {"page_size": "2", "page": "3"},
    ]


def test_next_is_only_read_for_its_query_never_followed_to_another_host(api):
    client = V2Client(KEY, BASE, page_size=1, backoff=0)
    api.get(ORDERS, json={"count": 2, "next": "https://evil.example/steal?page=2", "results": [order(1)]})  # fmt: skip
    api.get(ORDERS, json={"count": 2, "next": None, "results": [order(2)]})
    assert len(client.orders_list()) == 2
    assert all(call.request.url.startswith(ORDERS) for call in api.calls)


def test_a_next_page_that_repeats_is_an_error_not_a_loop(api, client):
    same = {"count": 9, "next": "https://fornex.com/api/orders/?page=2&page_size=100", "results": [order(1)]}  # fmt: skip
    api.get(ORDERS, json=same)
    with pytest.raises(MalformedResponse, match="repeats"):
        client.orders_list()
    assert len(api.calls) == 2


def test_pages_are_capped(api, client, monkeypatch):
    monkeypatch.setattr(v2_base, "MAX_PAGES", 3)
    for number in range(1, 4):
        next_url = f"https://fornex.com/api/orders/?page={number + 1}"
        api.get(ORDERS, json={"count": 99, "next": next_url, "results": [order(number)]})
    with pytest.raises(MalformedResponse, match="within 3 pages"):
        client.orders_list()


def test_a_page_without_results_is_malformed(api, client):
    api.get(ORDERS, json={"count": 1, "next": None})
    with pytest.raises(MalformedResponse, match="results"):
        client.orders_list()


def test_a_failing_later_page_fails_the_list(api, client):
    api.get(ORDERS, json={"count": 2, "next": "https://fornex.com/api/orders/?page=2", "results": [order(1)]})  # fmt: skip
    api.get(ORDERS, status=404, json={"detail": "Invalid page."})
    with pytest.raises(NotFound, match="Invalid page"):
        client.orders_list()


# Retries


def test_a_get_is_retried_after_a_5xx(api, client):
    api.get(BALANCE, status=502, body="<html>Bad gateway</html>")
    api.get(BALANCE, json=GOOD)
    assert client.account_balance().currency == "EUR"
    assert len(api.calls) == 2


def test_every_page_gets_its_own_retries(api, client):
    api.get(ORDERS, json={"count": 2, "next": "https://fornex.com/api/orders/?page=2", "results": [order(1)]})  # fmt: skip
    api.get(ORDERS, body=requests.ConnectionError("reset"))
    api.get(ORDERS, json={"count": 2, "next": None, "results": [order(2)]})
    assert len(client.orders_list()) == 2


@pytest.mark.parametrize(
    ("method", "url", "call"),
    [
        ("POST", BASE + "/vps/34-1/restart/", lambda c: c.vps_restart("34-1")),
        ("POST", BASE + "/vps/34-1/passwd_reset/", lambda c: c.vps_passwd_reset("34-1")),
        (
            "PUT",
            RECORDS + "5/",
            lambda c: c.dns_record_update("example.com", 5, host="", type="A", value="1.2.3.4"),
        ),  # fmt: skip
        ("DELETE", RECORDS + "5/", lambda c: c.dns_record_delete("example.com", 5)),
        ("DELETE", BASE + "/orders/34-1/cancel/", lambda c: c.order_cancel_unset("34-1")),
    ],
)
def test_writes_are_never_retried(api, client, method, url, call):
    api.add(method, url, status=503)
    with pytest.raises(UpstreamUnavailable) as caught:
        call(client)
    assert len(api.calls) == 1 and caught.value.attempts == 1


# Only in v2

V2_ONLY = {
    "vps_rescue_start": ("34-1",),
    "vps_rescue_stop": ("34-1",),
    "vps_reinstall_templates": ("34-1",),
    "vps_reinstall_apps": ("34-1",),
    "vps_reinstall_snapshots": ("34-1",),
    "order_details": ("34-1",),
    "order_cancel": ("34-1",),
    "order_cancel_unset": ("34-1",),
    "ip_addresses": (),
    "s3_orders": (),
    "s3_order": ("664-7",),
    "s3_credentials": ("664-7",),
    "s3_notification_threshold": ("664-7", 5),
    "dns_domain_tags": ("example.com", ["a"]),
}


@pytest.mark.parametrize("name", V2_ONLY)
def test_the_legacy_dialect_says_it_does_not_offer_what_only_v2_has(api, name):
    legacy = LegacyClient(KEY, BASE)
    with pytest.raises(Unsupported) as caught:
        getattr(legacy, name)(*V2_ONLY[name])
    assert caught.value.operation == name and "v2" in str(caught.value)
    assert not api.calls


def test_the_legacy_dialect_refuses_the_keyword_operations_too():
    legacy = LegacyClient(KEY, BASE)
    with pytest.raises(Unsupported):
        legacy.vps_reinstall("34-1", template=1)
    with pytest.raises(Unsupported):
        legacy.ticket_create(subject="s", text="t")
    with pytest.raises(Unsupported):
        legacy.order_update("34-1", name="n")


def test_the_v2_only_operations_are_not_abstract():
    assert not {*V2_ONLY, "vps_reinstall", "ticket_create"} & FornexClient.__abstractmethods__
