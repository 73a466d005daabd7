"""Private networks and projects: their typed results, the v2 answers' parsers, and the defaults
every dialect has (the legacy API has neither, so its client raises `Unsupported`).

`FornexClient` inherits `NetworksDefaults`; the v2 client overrides them (`v2_networks.py`).
What the spec says and the parsers follow (openapi-v2.3.28.json):

- A private network is only its `id` ("at the moment, only one private network is created per
  account"); `private_network_create` takes no body. The supported locations are `{id,
  location: {value, label, icon}}`.
- A VPS joins or leaves the network with `PATCH /vps/{order_id}/ {"private_network_enabled":
  bool}`; the answer repeats the setting. No read gives it back.
- A project is `{id, name, comment, logo}`; `logo` is the URL of its picture. Orders name their
  project in the orders list (`project`, an object or null); a project does not list its orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from .shape import ShapeError, boolean, ident, integer, obj, string


@dataclass(frozen=True)
class PrivateNetwork:
    id: int


@dataclass(frozen=True)
class PrivateNetworkLocation:
    id: int
    code: str  # the location's `value`, e.g. "DE"
    label: str


@dataclass(frozen=True)
class VpsSettings:
    """What `vps_update` answers: the VPS's settings after the change."""

    private_network_enabled: bool


@dataclass(frozen=True)
class Project:
    id: int
    name: str
    comment: str
    logo: str | None  # the logo's URL; None when Fornex gives none


@dataclass(frozen=True)
class OrderProject:
    """Which project an order belongs to, as the orders list says (None: no project)."""

    order_id: str
    project: Project | None


@dataclass(frozen=True)
class Upload:
    """A file sent as multipart/form-data (the project logo)."""

    field: str
    filename: str
    content: bytes
    content_type: str

    def __repr__(self) -> str:
        return f"Upload({self.field!r}, {self.filename!r}, {len(self.content)} bytes)"


# Parsers of the v2 answers


def _whole(d: Any, key: str) -> int:
    value = integer(d, key)
    assert value is not None
    return value


def private_network(data: Any) -> PrivateNetwork:
    return PrivateNetwork(id=_whole(obj(data, "private network"), "id"))


def private_network_location(data: Any) -> PrivateNetworkLocation:
    d = obj(data, "location")
    where = obj(d.get("location"), "field 'location'")
    return PrivateNetworkLocation(
        id=_whole(d, "id"),
        code=string(where, "value") or "",
        label=string(where, "label") or "",
    )


def vps_settings(data: Any) -> VpsSettings:
    return VpsSettings(private_network_enabled=boolean(obj(data), "private_network_enabled"))


def project(data: Any) -> Project:
    d = obj(data, "project")
    return Project(
        id=_whole(d, "id"),
        name=string(d, "name") or "",
        comment=string(d, "comment", optional=True) or "",
        logo=string(d, "logo", optional=True) or None,
    )


def project_logo(data: Any) -> str | None:
    return string(obj(data), "logo", optional=True) or None


def order_project(data: Any) -> OrderProject:
    d = obj(data, "order")
    found = d.get("project")
    try:
        return OrderProject(order_id=ident(d, "id"), project=project(found) if found else None)
    except ShapeError as exc:
        raise ShapeError(f"field 'project': {exc}") from None


def order_ids(orders: Sequence[str]) -> list[str]:
    """The order ids of a project change: at least one, each a non-empty string."""
    if isinstance(orders, str):
        raise ValueError("orders must be a list of order ids")
    found = [str(order).strip() for order in orders]
    if not found or any(not order for order in found):
        raise ValueError("orders must be a non-empty list of order ids")
    return found


class NetworksDefaults:
    """The private network and project operations on a dialect without them: `Unsupported`."""

    def _unsupported(self, operation: str) -> NoReturn:
        raise NotImplementedError(operation)  # FornexClient's raises Unsupported

    # Private networks

    def private_networks(self) -> tuple[PrivateNetwork, ...]:
        self._unsupported("private_networks")

    def private_network_create(self) -> PrivateNetwork:
        """Create the account's private network (the spec takes no parameters). Never retried."""
        self._unsupported("private_network_create")

    def private_network_locations(self) -> tuple[PrivateNetworkLocation, ...]:
        self._unsupported("private_network_locations")

    def private_network_delete(self, network_id: int) -> None:
        self._unsupported("private_network_delete")

    def vps_update(self, order_id: str, *, private_network_enabled: bool) -> VpsSettings:
        """Switch the VPS's private networking on or off."""
        self._unsupported("vps_update")

    # Projects

    def projects(self) -> tuple[Project, ...]:
        self._unsupported("projects")

    def project(self, project_id: int) -> Project:
        self._unsupported("project")

    def project_create(self, name: str, comment: str = "") -> Project:
        self._unsupported("project_create")

    def project_update(
        self, project_id: int, *, name: str | None = None, comment: str | None = None
    ) -> Project:
        self._unsupported("project_update")

    def project_delete(self, project_id: int) -> None:
        self._unsupported("project_delete")

    def project_add_orders(self, project_id: int, orders: Sequence[str]) -> None:
        self._unsupported("project_add_orders")

    def project_remove_orders(self, project_id: int, orders: Sequence[str]) -> None:
        self._unsupported("project_remove_orders")

    def project_logo(self, project_id: int, logo: Upload) -> str | None:
        """Upload the project's logo; the answer is its new URL."""
        self._unsupported("project_logo")

    def order_projects(self) -> tuple[OrderProject, ...]:
        """Which project each order belongs to (read from the orders list)."""
        self._unsupported("order_projects")
