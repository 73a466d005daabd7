"""S3 storage, names and tags: typed results and the dialect-independent defaults.

Only the v2 API has these operations; the legacy dialect inherits the defaults below, which raise
`Unsupported` (see `base.py`). The v2 implementation is in `v2_storage.py`.

The access key and secret key of an S3 order are secrets. Fornex sends them in every S3 answer,
list and detail alike; `S3Order` leaves them out (and masks the access key where Fornex's bucket
name repeats it), so what the panel caches and renders never holds them. They are read only by
`s3_credentials`, whose result shows neither in its repr and refuses to be pickled: it cannot be
cached, queued or stored by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, NoReturn

from .redaction import REDACTED


@dataclass(frozen=True)
class S3Order:
    """An S3 storage order without its credentials."""

    id: str
    name: str
    hostname: str  # the S3 endpoint's host
    bucket_name: str  # "***" where Fornex's name repeats the access key
    space_used: int  # as Fornex sends it (the spec gives no unit; GB, like the threshold)
    cost_month: Decimal
    expiration_date: datetime | None
    tags: tuple[str, ...]
    cancel_mark: bool
    project: str | None  # the project's name, when the order belongs to one


@dataclass(frozen=True, repr=False)
class S3Credentials:
    """What a client needs to use the storage. Shown once, kept nowhere."""

    order_id: str
    hostname: str
    bucket_name: str
    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)

    def __repr__(self) -> str:
        return f"S3Credentials(order_id={self.order_id!r}, access_key=***, secret_key=***)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling is how a value reaches a cache, a task queue or a session: refuse it.
        raise TypeError("S3 credentials cannot be pickled")


@dataclass(frozen=True)
class OrderUpdated:
    """What an order's name and tags are after `order_update`."""

    name: str
    tags: tuple[str, ...]
    project: int | None


def mask_access_key(bucket_name: str, access_key: str | None) -> str:
    """The bucket name with the access key (Fornex's names start with it) replaced by ***."""
    if access_key and access_key in bucket_name:
        return bucket_name.replace(access_key, REDACTED)
    return bucket_name


class StorageDefaults:
    """The defaults every dialect inherits: the operation needs a v2 connection."""

    def _unsupported(self, operation: str) -> NoReturn:  # FornexClient's, for the type checker
        raise NotImplementedError

    def s3_orders(self) -> tuple[S3Order, ...]:
        """Every S3 storage order of the account, without credentials."""
        self._unsupported("s3_orders")

    def s3_order(self, order_id: str) -> S3Order:
        """One S3 storage order, without credentials."""
        self._unsupported("s3_order")

    def s3_credentials(self, order_id: str) -> S3Credentials:
        """The order's access key and secret key (the same read as `s3_order`): never cache or
        log the result."""
        self._unsupported("s3_credentials")

    def s3_notification_threshold(self, order_id: str, gb: int) -> int:
        """Warn by e-mail when the free space falls below `gb` GB (0 switches the warning off).
        Returns the threshold Fornex now has."""
        self._unsupported("s3_notification_threshold")

    def order_update(
        self, order_id: str, *, name: str | None = None, tags: list[str] | None = None
    ) -> OrderUpdated:
        """Rename an order and/or replace its tags (an empty list removes them all)."""
        self._unsupported("order_update")

    def dns_domain_tags(self, name: str, tags: list[str]) -> tuple[str, ...]:
        """Replace a domain's tags; returns them as Fornex now has them."""
        self._unsupported("dns_domain_tags")
