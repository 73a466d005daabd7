"""Construction, the dialect factory, transport settings and the per-call log line."""

from __future__ import annotations

import logging

import pytest
import requests
from conftest import BASE, KEY
from responses import matchers

from fornexpanel.fornex import FornexClient, LegacyClient, make_client

BALANCE = BASE + "/account/balance"
GOOD = {"balance": 1, "currency": "EUR"}


def test_make_client_returns_the_legacy_client():
    client = make_client("legacy", KEY, BASE, timeout=(1, 2), retries=0)
    assert isinstance(client, LegacyClient)
    assert isinstance(client, FornexClient)
    assert client.dialect == "legacy"


def test_make_client_refuses_an_unknown_dialect():
    with pytest.raises(ValueError, match="v2"):
        make_client("v3", KEY, BASE)


def test_the_base_url_loses_its_trailing_slash():
    assert LegacyClient(KEY, BASE + "/").base_url == BASE


@pytest.mark.parametrize(
    "kwargs",
    [
        {"api_key": ""},
        {"api_key": "   "},
        {"base_url": "fornex.com/api"},
        {"timeout": None},
        {"timeout": (5,)},
        {"timeout": (0, 30)},
        {"retries": -1},
    ],
)
def test_bad_settings_are_refused(kwargs):
    settings = {"api_key": KEY, "base_url": BASE, **kwargs}
    with pytest.raises(ValueError) as caught:
        LegacyClient(**settings)
    assert KEY not in str(caught.value)


def test_every_request_has_the_timeout_and_the_user_agent(api):
    api.get(
        BALANCE,
        json=GOOD,
        match=[
            matchers.request_kwargs_matcher({"timeout": (2.0, 7.0)}),
            matchers.header_matcher({"User-Agent": "fornex-panel/0.1"}),
        ],
    )
    LegacyClient(KEY, BASE, timeout=(2, 7)).account_balance()


def test_the_default_timeout_is_5s_to_connect_and_30s_to_read(api):
    api.get(BALANCE, json=GOOD, match=[matchers.request_kwargs_matcher({"timeout": (5.0, 30.0)})])
    LegacyClient(KEY, BASE).account_balance()


def test_one_session_serves_every_call(api):
    session = requests.Session()
    client = LegacyClient(KEY, BASE, session=session)
    api.get(BALANCE, json=GOOD)
    api.get(BASE + "/account/info", json={"email": "a@b.c", "name": "A"})
    client.account_balance()
    client.account_info()
    assert client._transport.session is session


def test_the_client_repr_hides_the_key():
    client = LegacyClient(KEY, BASE)
    assert repr(client) == f"LegacyClient(base_url={BASE!r})"
    assert KEY not in repr(vars(client)) + repr(vars(client._transport))


def test_each_call_logs_one_debug_line_without_the_key(api, client, caplog):
    caplog.set_level(logging.DEBUG, logger="fornexpanel.fornex")
    api.get(BASE + "/vps/log_details/34-1/", json={"action": "a", "completed": True, "pk": 1})
    client.vps_log_details("34-1", 1)
    (record,) = [r for r in caplog.records if r.name == "fornexpanel.fornex"]
    message = record.getMessage()
    assert message.startswith("fornex vps_log_details GET /vps/log_details/34-1/ -> 200 in ")
    assert "ms (1 attempt)" in message
    assert KEY not in message and "log_id" not in message


def test_the_abstract_client_declares_all_37_operations():
    operations = FornexClient.__abstractmethods__ - {"_auth"}
    assert len(operations) == 37
    assert not LegacyClient.__abstractmethods__
