"""S3 storage, names and tags through the v2 client: the requests, the typed results, and the S3
keys kept out of everything but `s3_credentials` (whose result neither shows nor pickles them).

Answers are the official spec's examples (shared/fornex/openapi-v2.3.28.json)."""

from __future__ import annotations

import json
import pickle
from datetime import datetime
from decimal import Decimal

import pytest
from conftest import BASE, KEY
from responses import matchers

from fornexpanel.fornex import (
    MalformedResponse,
    OrderUpdated,
    S3Credentials,
    S3Order,
    V2Client,
)

AUTH = matchers.header_matcher({"Authorization": f"Api-Key {KEY}"})
ACCESS = "user.8cab052ag4"
SECRET = "hisQNeOv2ZgjzSCSA1JJDLOhwAcA8s17"
S3 = {
    "id": "664-7",
    "name": "DB Host",
    "hostname": "srv-123.fornex.org",
    "status": "active",
    "cost_month": 148.0,
    "expiration_date": "2015-12-18T17:21:46",
    "tags": ["Database"],
    "access_key": ACCESS,
    "secret_key": SECRET,
    "bucket_name": f"{ACCESS}.main",
    "space_used": 18,
    "cancel_mark": False,
    "project": None,
}


@pytest.fixture
def client():
    with V2Client(KEY, BASE + "/", backoff=0) as client:
        yield client


def _no_keys(value) -> None:
    text = repr(value) + str(value)
    assert ACCESS not in text and SECRET not in text


def test_the_s3_list_reads_every_page_without_the_keys(api, client):
    page = {"count": 2, "next": f"{BASE}/orders/s3/?page=2", "previous": None, "results": [S3]}
    api.get(f"{BASE}/orders/s3/", json=page, match=[AUTH, matchers.query_param_matcher({"page_size": "100"})])  # fmt: skip
    last = {"count": 2, "next": None, "previous": None, "results": [{**S3, "id": "664-9"}]}
    api.get(f"{BASE}/orders/s3/", json=last, match=[matchers.query_param_matcher({"page_size": "100", "page": "2"})])  # fmt: skip
    orders = client.s3_orders()
    assert [o.id for o in orders] == ["664-7", "664-9"]
    assert orders[0] == S3Order(
        id="664-7",
        name="DB Host",
        hostname="srv-123.fornex.org",
        bucket_name="***.main",
        space_used=18,
        cost_month=Decimal("148.0"),
        expiration_date=datetime(2015, 12, 18, 17, 21, 46),
        tags=("Database",),
        cancel_mark=False,
        project=None,
    )
    _no_keys(orders)
    assert not hasattr(orders[0], "secret_key") and not hasattr(orders[0], "access_key")


def test_the_spec_example_with_space_used_as_a_string_parses(api, client):
    api.get(f"{BASE}/orders/s3/664-7/", json={**S3, "space_used": "18", "project": {"id": 1, "name": "Shop"}}, match=[AUTH])  # fmt: skip
    order = client.s3_order("664-7")
    assert (order.space_used, order.project) == (18, "Shop")
    _no_keys(order)


def test_the_credentials_are_read_only_by_their_own_call_and_never_shown(api, client):
    api.get(f"{BASE}/orders/s3/664-7/", json=S3, match=[AUTH])
    credentials = client.s3_credentials("664-7")
    assert isinstance(credentials, S3Credentials)
    assert (credentials.access_key, credentials.secret_key) == (ACCESS, SECRET)
    assert credentials.bucket_name == f"{ACCESS}.main"
    _no_keys(credentials)
    assert "secret_key=***" in repr(credentials)
    with pytest.raises(TypeError):
        pickle.dumps(credentials)


def test_a_malformed_s3_answer_names_the_field_never_the_value(api, client):
    api.get(f"{BASE}/orders/s3/664-7/", json={**S3, "secret_key": ["x", SECRET]})
    with pytest.raises(MalformedResponse) as caught:
        client.s3_credentials("664-7")
    assert "secret_key" in str(caught.value) and SECRET not in str(caught.value)


def test_the_notification_threshold_is_put_as_whole_gigabytes(api, client):
    api.put(
        f"{BASE}/orders/s3/664-7/notification_threshold/",
        json={"space_warning_notify_gb": 25},
        match=[AUTH, matchers.json_params_matcher({"space_warning_notify_gb": 25})],
    )
    assert client.s3_notification_threshold("664-7", 25) == 25


@pytest.mark.parametrize("gb", [-1, "many", None, 2.5])
def test_a_bad_threshold_never_reaches_fornex(api, client, gb):
    with pytest.raises(ValueError):
        client.s3_notification_threshold("664-7", gb)
    assert not api.calls


def test_order_update_patches_only_what_is_given(api, client):
    api.patch(
        f"{BASE}/orders/34-1234/",
        json={"name": "DB Host", "tags": ["Database"], "project": 1},
        match=[AUTH, matchers.json_params_matcher({"name": "DB Host"})],
    )
    assert client.order_update("34-1234", name=" DB Host ") == OrderUpdated(
        name="DB Host", tags=("Database",), project=1
    )
    api.patch(
        f"{BASE}/orders/34-1234/",
        json={"name": "", "tags": [], "project": None},
        match=[matchers.json_params_matcher({"tags": []})],
    )
    assert client.order_update("34-1234", tags=[]).tags == ()


def test_tags_are_sent_trimmed_and_once(api, client):
    api.patch(
        f"{BASE}/orders/34-1234/",
        json={"name": "x", "tags": ["a", "b"], "project": None},
        match=[matchers.json_params_matcher({"tags": ["a", "b"]})],
    )
    client.order_update("34-1234", tags=[" a", "b", "a "])
    api.put(
        f"{BASE}/dns/domain/example.com/tags/",
        json={"tags": ["example"]},
        match=[AUTH, matchers.json_params_matcher({"tags": ["example"]})],
    )
    assert client.dns_domain_tags("example.com", ["example", "example"]) == ("example",)
    sent = json.loads(api.calls[-1].request.body)
    assert sent == {"tags": ["example"]}


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"name": ""}, {"name": "   "}, {"name": "x" * 65}, {"tags": ["ok", ""]}, {"tags": "a,b"}],
)
def test_an_update_the_spec_would_refuse_never_reaches_fornex(api, client, kwargs):
    with pytest.raises(ValueError):
        client.order_update("34-1234", **kwargs)
    assert not api.calls
