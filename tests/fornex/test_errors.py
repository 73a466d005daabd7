"""How answers become errors: status codes, `error` fields, `ok` spellings, malformed bodies."""

from __future__ import annotations

import pickle

import pytest
from conftest import BASE
from fornex_samples import OVPN

from fornexpanel.fornex import (
    BadRequest,
    FornexError,
    InvalidApiKey,
    LegacyClient,
    MalformedResponse,
    NoPermission,
    NotFound,
    PowerJob,
    UpstreamUnavailable,
)

ERRORS = [InvalidApiKey, NoPermission, NotFound, BadRequest, UpstreamUnavailable, MalformedResponse]
DNS_LIST = BASE + "/dns/v0.1/domain_list.json"
BALANCE = BASE + "/account/balance"
STOP = BASE + "/vps/stop/34-1/"


def test_every_error_is_a_fornex_error():
    assert all(issubclass(error, FornexError) for error in ERRORS)


def test_401_means_an_invalid_key(api, client):
    api.get(BALANCE, status=401, json={"error": "Unauthorized"})
    with pytest.raises(InvalidApiKey) as caught:
        client.account_balance()
    assert (caught.value.status, caught.value.operation) == (401, "account_balance")
    assert caught.value.path == "/account/balance"
    assert str(caught.value) == "account_balance: Unauthorized (HTTP 401)"


@pytest.mark.parametrize(
    ("url", "call", "answer", "expected"),
    [
        # No text at all: the path decides (DNS needs rights granted by support).
        (BALANCE, "account_balance", {"body": ""}, InvalidApiKey),
        (DNS_LIST, "dns_domain_list", {"body": ""}, NoPermission),
        (DNS_LIST, "dns_domain_list", {"body": "<html><body>403</body></html>"}, NoPermission),
        # Text about rights means rights, wherever it comes from.
        (BALANCE, "account_balance", {"json": {"error": "Insufficient rights"}}, NoPermission),
        (DNS_LIST, "dns_domain_list", {"json": {"error": "No permission for DNS"}}, NoPermission),
        (DNS_LIST, "dns_domain_list", {"json": {"error": "Недостаточно прав"}}, NoPermission),
        # Other text means the key.
        (DNS_LIST, "dns_domain_list", {"json": {"error": "Invalid API key"}}, InvalidApiKey),
        (DNS_LIST, "dns_domain_list", {"json": {"error": "Access denied"}}, InvalidApiKey),
        (BALANCE, "account_balance", {"json": {"error": "Access denied"}}, InvalidApiKey),
        # The sandbox's wordings.
        (
            DNS_LIST,
            "dns_domain_list",
            {"json": {"error": "Access denied: API_KEY is not specified or invalid"}},
            InvalidApiKey,
        ),
        (
            DNS_LIST,
            "dns_domain_list",
            {"json": {"error": "Insufficient permissions. Request sufficient rights to edit DNS."}},
            NoPermission,
        ),
        # The documentation's own wording names both: the path decides.
        (
            DNS_LIST,
            "dns_domain_list",
            {"json": {"error": "API_KEY is not specified or there is insufficient permission"}},
            NoPermission,
        ),
        (
            BALANCE,
            "account_balance",
            {"json": {"error": "API_KEY is not specified or there is insufficient permission"}},
            InvalidApiKey,
        ),
    ],
)
def test_403_is_told_apart(api, client, url, call, answer, expected):
    api.get(url, status=403, **answer)
    with pytest.raises(expected) as caught:
        getattr(client, call)()
    assert caught.value.status == 403


def test_403_on_change_ns_without_text_is_no_permission(api, client):
    api.post(BASE + "/change_ns/375-13/", status=403, body="")
    with pytest.raises(NoPermission):
        client.domain_change_ns("375-13", ["ns1.a.com"])


def test_404_is_not_found(api, client):
    api.get(BASE + "/vps/status/34-9/", status=404, body="<html>Not Found</html>")
    with pytest.raises(NotFound) as caught:
        client.vps_status("34-9")
    assert caught.value.status == 404
    assert "html" not in str(caught.value)  # an HTML page is not a message


@pytest.mark.parametrize("status", [400, 422])
def test_400_and_422_are_bad_requests_with_the_api_text(api, client, status):
    api.post(BASE + "/dns/v0.1/add_domain/", status=status, json={"error": "Domain exists"})
    with pytest.raises(BadRequest) as caught:
        client.dns_domain_add("example.com", "1.2.3.4")
    assert (caught.value.message, caught.value.status) == ("Domain exists", status)


def test_a_200_with_an_error_field_is_a_bad_request(api, client):
    api.get(BASE + "/vps/log_details/34-1/", json={"error": "Log record not found"})
    with pytest.raises(BadRequest) as caught:
        client.vps_log_details("34-1", 5)
    assert (caught.value.message, caught.value.status) == ("Log record not found", 200)


def test_a_plain_text_error_body_is_the_message(api, client):
    api.get(BALANCE, status=400, body="apikey is malformed", content_type="text/plain")
    with pytest.raises(BadRequest) as caught:
        client.account_balance()
    assert caught.value.message == "apikey is malformed"


@pytest.mark.parametrize("ok", [True, "True", "true", 1])
def test_ok_spellings_mean_success(api, client, ok):
    api.post(STOP, json={"ok": ok})
    assert client.vps_stop("34-1") == PowerJob(log_id=None)


@pytest.mark.parametrize("ok", [False, "False", "false", None])
def test_ok_false_is_a_bad_request(api, client, ok):
    api.post(STOP, json={"ok": ok, "error": "VPS is locked"})
    with pytest.raises(BadRequest, match="VPS is locked"):
        client.vps_stop("34-1")


def test_ok_false_without_text_still_says_what_failed(api, client):
    api.post(STOP, json={"ok": "False"})
    with pytest.raises(BadRequest) as caught:
        client.vps_stop("34-1")
    assert caught.value.message == "Fornex reported that the request failed."


def test_truthy_ok_wins_over_an_error_field(api, client):
    api.post(STOP, json={"ok": True, "error": ""})
    client.vps_stop("34-1")


@pytest.mark.parametrize("answer", [{}, {"ok": "maybe"}, {"status": "done"}, []])
def test_an_action_without_ok_is_malformed(api, client, answer):
    api.post(STOP, json=answer)
    with pytest.raises(MalformedResponse):
        client.vps_stop("34-1")


def test_change_ns_failure_inside_the_list_is_a_bad_request(api, client):
    api.post(BASE + "/change_ns/375-13/", json=[{"ok": False, "error": "Bad NS"}])
    with pytest.raises(BadRequest, match="Bad NS"):
        client.domain_change_ns("375-13", ["ns1.a.com"])


@pytest.mark.parametrize(
    "answer",
    [
        {"body": "<!DOCTYPE html><html><body>Maintenance</body></html>"},
        {"body": ""},
        {"body": '{"balance": 91.0'},
        {"body": '{"balance": NaN, "currency": "EUR"}'},
    ],
)
def test_non_json_where_json_is_due_is_malformed(api, client, answer):
    api.get(BALANCE, **answer)
    with pytest.raises(MalformedResponse) as caught:
        client.account_balance()
    assert caught.value.status == 200


@pytest.mark.parametrize(
    "answer",
    [
        [],
        {"currency": "EUR"},
        {"balance": "ninety", "currency": "EUR"},
        {"balance": True, "currency": "EUR"},
        {"balance": 91.0, "currency": None},
        {"balance": [91], "currency": "EUR"},
    ],
)
def test_json_of_the_wrong_shape_is_malformed(api, client, answer):
    api.get(BALANCE, json=answer)
    with pytest.raises(MalformedResponse, match="Unexpected answer shape"):
        client.account_balance()


@pytest.mark.parametrize(
    ("url", "call", "answer"),
    [
        (BASE + "/orders/list", "orders_list", {"id": "34-1"}),
        (BASE + "/orders/list", "orders_list", [{"id": "34-1"}]),
        (BASE + "/ssh_keys/", "ssh_keys", [{"id": "x", "title": "t", "key": "k"}]),
        (DNS_LIST, "dns_domain_list", [{"name": "a.com", "entry_set": [{"id": 1}]}]),
        (DNS_LIST, "dns_domain_list", [{"name": "a.com", "tags": [3]}]),
        (DNS_LIST, "dns_domain_list", [{"name": "a.com", "created": "yesterday"}]),
        (BASE + "/ds/34-1/traffic.json", "ds_traffic", {"data": [["2015-11-11"]]}),
    ],
)
def test_nested_shapes_are_checked(api, client, url, call, answer):
    api.get(url, json=answer)
    with pytest.raises(MalformedResponse):
        getattr(client, call)(*(["34-1"] if call == "ds_traffic" else []))


def test_a_malformed_password_answer_does_not_quote_the_body(api, client):
    api.get(BASE + "/vps/passwd_reset/34-1/", json={"resp_id": "x", "passwd": "hunter2-secret"})
    with pytest.raises(MalformedResponse) as caught:
        client.vps_passwd_reset("34-1")
    assert "hunter2" not in str(caught.value)


def test_text_answers_come_back_as_str(api, client):
    api.get(BASE + "/vpn/301-1/config-udp.ovpn", body=OVPN)
    assert client.vpn_config("301-1", "udp") == OVPN


def test_an_html_page_instead_of_a_text_file_is_malformed(api, client):
    api.get(
        BASE + "/dns/v0.1/a.com/zone_file/",
        body="<!DOCTYPE html><html>login</html>",
        content_type="text/html",
    )
    with pytest.raises(MalformedResponse):
        client.dns_zone_file("a.com")


def test_a_json_error_instead_of_a_text_file_is_a_bad_request(api, client):
    api.get(BASE + "/dns/v0.1/a.com/zone_file/", json={"error": "Domain not found"})
    with pytest.raises(BadRequest, match="Domain not found"):
        client.dns_zone_file("a.com")


def test_a_redirect_is_not_followed(api, client):
    api.post(STOP, status=302, headers={"Location": "https://fornex.test/login/"})
    with pytest.raises(MalformedResponse, match="redirect") as caught:
        client.vps_stop("34-1")
    assert caught.value.status == 302
    assert len(api.calls) == 1


def test_errors_survive_pickling(api):
    # Celery result backends pickle exceptions.
    api.get(BALANCE, status=503)
    with pytest.raises(UpstreamUnavailable) as caught:
        LegacyClient("k", BASE, retries=0).account_balance()
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is UpstreamUnavailable
    assert (copy.status, copy.operation, copy.attempts, str(copy)) == (
        503,
        "account_balance",
        1,
        str(caught.value),
    )
