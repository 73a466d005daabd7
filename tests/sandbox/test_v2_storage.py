"""The sandbox's S3 storage orders and order names and tags, over raw HTTP."""

from __future__ import annotations

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import DOMAIN, OTHER, VPS
from tests.sandbox.test_v2_api import drf, ok, v2

S3 = "664-7"


def test_s3_orders_are_listed_with_their_keys_and_stable_across_a_reset(sandbox: Sandbox) -> None:
    body = ok(v2(sandbox, "GET", "orders/s3/"))
    assert [o["id"] for o in body["results"]] == ["664-7", "664-9"]
    first = body["results"][0]
    assert first["bucket_name"] == f"{first['access_key']}.main"
    assert len(first["secret_key"]) == 32 and first["space_used"] == 18
    sandbox.reset()
    assert ok(v2(sandbox, "GET", f"orders/s3/{S3}/")) == first


def test_each_account_sees_only_its_own_s3_orders(sandbox: Sandbox) -> None:
    other = ok(v2(sandbox, "GET", "orders/s3/", key=OTHER))["results"]
    assert [o["id"] for o in other] == ["664-12"]
    assert drf(v2(sandbox, "GET", f"orders/s3/{S3}/", key=OTHER), 404) == {"detail": "Not found."}


def test_the_notification_threshold_takes_whole_gigabytes_from_zero(sandbox: Sandbox) -> None:
    path = f"orders/s3/{S3}/notification_threshold/"
    assert ok(v2(sandbox, "PUT", path, json={"space_warning_notify_gb": 0})) == {
        "space_warning_notify_gb": 0
    }
    assert (
        ok(v2(sandbox, "PUT", path, data={"space_warning_notify_gb": "40"}))[
            "space_warning_notify_gb"
        ]
        == 40
    )
    for bad in (-1, "lots", None, 1.5):
        errors = drf(v2(sandbox, "PUT", path, json={"space_warning_notify_gb": bad}), 400)
        assert list(errors) == ["space_warning_notify_gb"]
    assert drf(v2(sandbox, "PUT", "orders/s3/664-99/notification_threshold/", json={"space_warning_notify_gb": 1}), 404)  # fmt: skip


def test_an_order_is_renamed_and_tagged_and_lists_so(sandbox: Sandbox) -> None:
    answer = ok(v2(sandbox, "PATCH", f"orders/{VPS}/", json={"name": "web-one", "tags": ["web", " prod", "web"]}))  # fmt: skip
    assert answer == {"name": "web-one", "tags": ["web", "prod"], "project": None}
    shown = ok(v2(sandbox, "GET", f"orders/{VPS}/"))
    assert (shown["name"], shown["tags"]) == ("web-one", ["web", "prod"])
    listed = ok(v2(sandbox, "GET", "orders/", params={"page_size": 100}))["results"]
    assert next(o for o in listed if o["id"] == VPS)["tags"] == ["web", "prod"]
    ok(v2(sandbox, "PATCH", f"orders/{VPS}/", json={"tags": []}))
    assert ok(v2(sandbox, "GET", f"orders/{VPS}/"))["name"] == "web-one"  # only tags changed


def test_an_s3_order_is_renamed_through_the_same_operation(sandbox: Sandbox) -> None:
    ok(v2(sandbox, "PATCH", f"orders/{S3}/", json={"name": "archive", "tags": ["cold"]}))
    shown = ok(v2(sandbox, "GET", f"orders/s3/{S3}/"))
    assert (shown["name"], shown["tags"]) == ("archive", ["cold"])


def test_a_bad_update_is_refused_field_by_field(sandbox: Sandbox) -> None:
    path = f"orders/{VPS}/"
    assert list(drf(v2(sandbox, "PATCH", path, json={"name": "x" * 65}), 400)) == ["name"]
    assert list(drf(v2(sandbox, "PATCH", path, json={"tags": "a,b"}), 400)) == ["tags"]
    assert list(drf(v2(sandbox, "PATCH", path, json={"tags": ["ok", ""]}), 400)) == ["tags"]
    assert list(drf(v2(sandbox, "PATCH", path, json={"project": 7}), 400)) == ["project"]
    assert drf(v2(sandbox, "PATCH", "orders/34-1/", json={"name": "x"}), 404)
    assert ok(v2(sandbox, "GET", path))["name"] == "web-1"  # nothing changed


def test_domain_tags_are_replaced(sandbox: Sandbox) -> None:
    answer = ok(v2(sandbox, "PUT", f"dns/domain/{DOMAIN}/tags/", json={"tags": ["eu", "prod"]}))
    assert answer == {"tags": ["eu", "prod"]}
    listed = ok(v2(sandbox, "GET", "dns/domain/", params={"tag": "eu"}))["results"]
    assert [d["name"] for d in listed] == [DOMAIN]
