"""The v2 API's S3 storage, order names and tags, and domain tags (see `storage.py`).

- `/orders/s3/` and `/orders/s3/{order_id}/` send the access and secret keys with every order:
  `s3_orders` and `s3_order` parse them away (`S3Order`); only `s3_credentials` keeps them.
- The notification threshold is a whole number of GB, 0 to switch the warning off. The spec
  types this path's `order_id` as an integer, but it is the order number like every other
  `order_id` ("664-7"), and that is what is sent.
- `order_update` (PATCH `/orders/{order_id}/`) sends only what is given. The spec's schema asks
  for a name of 1 to 64 characters and non-empty tags, so an empty name is refused here (its
  description says "" removes the name, its schema does not allow it).
- `dns_domain_tags` replaces the domain's tags (PUT `/dns/domain/{name}/tags/`).
"""

from __future__ import annotations

from typing import Any

from .legacy import _seg
from .shape import boolean, ident, integer, iso_datetime, money, obj, string, strings
from .storage import OrderUpdated, S3Credentials, S3Order, mask_access_key
from .v2_base import V2Plumbing, _int

NAME_MAX = 64


def s3_order(data: Any) -> S3Order:
    d = obj(data, "S3 order")
    access_key = d.get("access_key")
    project = d.get("project")
    return S3Order(
        id=ident(d, "id"),
        name=string(d, "name", optional=True) or "",
        hostname=string(d, "hostname", optional=True) or "",
        bucket_name=mask_access_key(
            string(d, "bucket_name", optional=True) or "",
            access_key if isinstance(access_key, str) else None,
        ),
        space_used=integer(d, "space_used", optional=True) or 0,
        cost_month=money(d, "cost_month"),
        expiration_date=iso_datetime(d, "expiration_date"),
        tags=strings(d, "tags"),
        cancel_mark=boolean(d, "cancel_mark") if d.get("cancel_mark") is not None else False,
        project=string(obj(project, "field 'project'"), "name") if project else None,
    )


def s3_credentials(data: Any) -> S3Credentials:
    d = obj(data, "S3 order")
    return S3Credentials(
        order_id=ident(d, "id"),
        hostname=string(d, "hostname", optional=True) or "",
        bucket_name=string(d, "bucket_name", optional=True) or "",
        access_key=string(d, "access_key") or "",
        secret_key=string(d, "secret_key") or "",
    )


def notification_threshold(data: Any) -> int:
    value = integer(obj(data), "space_warning_notify_gb")
    assert value is not None
    return value


def order_updated(data: Any) -> OrderUpdated:
    d = obj(data, "order")
    return OrderUpdated(
        name=string(d, "name", optional=True) or "",
        tags=strings(d, "tags"),
        project=integer(d, "project", optional=True),
    )


def domain_tags(data: Any) -> tuple[str, ...]:
    return strings(obj(data, "tags"), "tags")


def clean_tags(tags: Any) -> list[str]:
    """Tags as the API takes them: a list of non-empty strings, each once, in order."""
    if isinstance(tags, str) or not isinstance(tags, list | tuple):
        raise ValueError("tags must be a list of strings")
    cleaned: list[str] = []
    for tag in tags:
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError("every tag must be a non-empty string")
        if tag.strip() not in cleaned:
            cleaned.append(tag.strip())
    return cleaned


class V2Storage(V2Plumbing):
    def s3_orders(self) -> tuple[S3Order, ...]:
        return self._list("s3_orders", "/orders/s3/", s3_order)

    def s3_order(self, order_id: str) -> S3Order:
        path = f"/orders/s3/{_seg(order_id, 'order_id')}/"
        return self._get("s3_order", path, s3_order)

    def s3_credentials(self, order_id: str) -> S3Credentials:
        path = f"/orders/s3/{_seg(order_id, 'order_id')}/"
        return self._get("s3_credentials", path, s3_credentials)

    def s3_notification_threshold(self, order_id: str, gb: int) -> int:
        value = _int(gb, "gb")
        if value < 0:
            raise ValueError("gb must be 0 or more")
        path = f"/orders/s3/{_seg(order_id, 'order_id')}/notification_threshold/"
        body = {"space_warning_notify_gb": value}
        answer = self._write("s3_notification_threshold", "PUT", path, notification_threshold, body)
        assert answer is not None
        return answer

    def order_update(
        self, order_id: str, *, name: str | None = None, tags: list[str] | None = None
    ) -> OrderUpdated:
        body: dict[str, Any] = {}
        if name is not None:
            if not isinstance(name, str) or not name.strip():
                raise ValueError("name must be a non-empty string")
            if len(name.strip()) > NAME_MAX:
                raise ValueError(f"name must be at most {NAME_MAX} characters")
            body["name"] = name.strip()
        if tags is not None:
            body["tags"] = clean_tags(tags)
        if not body:
            raise ValueError("give a name, tags or both")
        path = f"/orders/{_seg(order_id, 'order_id')}/"
        updated = self._write("order_update", "PATCH", path, order_updated, body)
        assert updated is not None
        return updated

    def dns_domain_tags(self, name: str, tags: list[str]) -> tuple[str, ...]:
        path = f"/dns/domain/{_seg(name, 'name')}/tags/"
        body = {"tags": clean_tags(tags)}
        answer = self._write("dns_domain_tags", "PUT", path, domain_tags, body)
        assert answer is not None
        return answer
