"""The v2 client's private network and project operations (see `networks.py` for the shapes).

A mixin of `V2Client`: it uses the plumbing of `V2Plumbing` (`_get`, `_list`, `_write`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import networks as parse
from .legacy import _seg
from .networks import (
    OrderProject,
    PrivateNetwork,
    PrivateNetworkLocation,
    Project,
    Upload,
    VpsSettings,
)
from .v2_base import _int

NAME_MAX = 40
COMMENT_MAX = 256


def _name(name: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned or len(cleaned) > NAME_MAX:
        raise ValueError(f"a project name has 1 to {NAME_MAX} characters")
    return cleaned


def _comment(comment: str) -> str:
    if len(comment) > COMMENT_MAX:
        raise ValueError(f"a project comment has at most {COMMENT_MAX} characters")
    return comment


class V2NetworksMixin:
    _get: Any
    _list: Any
    _write: Any

    # Private networks

    def private_networks(self) -> tuple[PrivateNetwork, ...]:
        return self._list("private_networks", "/private-network/", parse.private_network)

    def private_network_create(self) -> PrivateNetwork:
        created = self._write(
            "private_network_create", "POST", "/private-network/", parse.private_network
        )
        assert created is not None
        return created

    def private_network_locations(self) -> tuple[PrivateNetworkLocation, ...]:
        return self._list(
            "private_network_locations",
            "/private-network/locations/",
            parse.private_network_location,
        )

    def private_network_delete(self, network_id: int) -> None:
        path = f"/private-network/{_seg(_int(network_id, 'network_id'), 'network_id')}/"
        self._write("private_network_delete", "DELETE", path)

    def vps_update(self, order_id: str, *, private_network_enabled: bool) -> VpsSettings:
        if not isinstance(private_network_enabled, bool):
            raise ValueError("private_network_enabled must be True or False")
        path = f"/vps/{_seg(order_id, 'order_id')}/"
        body = {"private_network_enabled": private_network_enabled}
        settings = self._write("vps_update", "PATCH", path, parse.vps_settings, body)
        assert settings is not None
        return settings

    # Projects

    def projects(self) -> tuple[Project, ...]:
        return self._list("projects", "/project/", parse.project)

    def _project_path(self, project_id: int, tail: str = "") -> str:
        return f"/project/{_seg(_int(project_id, 'project_id'), 'project_id')}/{tail}"

    def project(self, project_id: int) -> Project:
        return self._get("project", self._project_path(project_id), parse.project)

    def project_create(self, name: str, comment: str = "") -> Project:
        body = {"name": _name(name), "comment": _comment(comment)}
        created = self._write("project_create", "POST", "/project/", parse.project, body)
        assert created is not None
        return created

    def project_update(
        self, project_id: int, *, name: str | None = None, comment: str | None = None
    ) -> Project:
        body: dict[str, str] = {}
        if name is not None:
            body["name"] = _name(name)
        if comment is not None:
            body["comment"] = _comment(comment)
        if not body:
            raise ValueError("give a name, a comment or both")
        path = self._project_path(project_id)
        updated = self._write("project_update", "PATCH", path, parse.project, body)
        assert updated is not None
        return updated

    def project_delete(self, project_id: int) -> None:
        self._write("project_delete", "DELETE", self._project_path(project_id))

    def project_add_orders(self, project_id: int, orders: Sequence[str]) -> None:
        path = self._project_path(project_id, "add_orders/")
        self._write("project_add_orders", "POST", path, body={"orders": parse.order_ids(orders)})

    def project_remove_orders(self, project_id: int, orders: Sequence[str]) -> None:
        path = self._project_path(project_id, "remove_orders/")
        body = {"orders": parse.order_ids(orders)}
        self._write("project_remove_orders", "POST", path, body=body)

    def project_logo(self, project_id: int, logo: Upload) -> str | None:
        if not isinstance(logo, Upload) or not logo.content:
            raise ValueError("logo must be a non-empty Upload")
        path = self._project_path(project_id, "edit_logo/")
        return self._write("project_logo", "PUT", path, parse.project_logo, logo)

    def order_projects(self) -> tuple[OrderProject, ...]:
        return self._list("order_projects", "/orders/", parse.order_project)
