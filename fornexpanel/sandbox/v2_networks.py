"""The v2 sandbox's private networks and projects, with the rules the panel's tests rely on.

Private networks (the spec: "at the moment, only one private network is created per account"):

- ``POST /private-network/`` creates the account's network (no body); a second one is a 400.
- ``DELETE /private-network/{id}/`` is refused (400, naming the servers) while a VPS has private
  networking on; an unknown id is a 404.
- ``PATCH /vps/{order_id}/ {"private_network_enabled": bool}`` switches a VPS; switching on needs
  a network (400 otherwise). Only VPS orders have the setting.
- ``/private-network/locations/`` lists where private networks are offered.

Projects: ``{id, name, comment, logo}``; the name has 1-40 characters, the comment at most 256.
``add_orders`` moves the orders into the project (out of any other); ``remove_orders`` refuses an
order that is not in it; deleting a project leaves its orders in none. ``edit_logo`` takes a
multipart ``logo`` file: a PNG, JPEG, GIF or WebP image of at most 1 MB. The orders list shows
each order's project.
"""

from __future__ import annotations

from typing import Any

from fornexpanel.sandbox import state
from fornexpanel.sandbox.models import Account
from fornexpanel.sandbox.v2_http import ORDER, Request, route
from fornexpanel.sandbox.v2_shapes import LOCATIONS
from fornexpanel.sandbox.v2_state import FilePart, field_error
from fornexpanel.sandbox.validation import bad_request, not_found

NETWORK_LOCATIONS = ("DE", "NL", "FI")
NAME_MAX, COMMENT_MAX = 40, 256
LOGO_MAX_BYTES = 1024 * 1024
# The first bytes of the image formats a logo may have.
IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}
_TRUE, _FALSE = (True, "true", "True", "1"), (False, "false", "False", "0")


def _id(raw: str) -> int:
    if len(raw) > 18:
        raise not_found()
    return int(raw)


# Private networks ------------------------------------------------------------------------------


@route("GET", r"/api/private-network/")
def private_network_list(req: Request) -> dict:
    return req.page([{"id": pk} for pk in req.me.private_networks])


@route("POST", r"/api/private-network/")
def private_network_create(req: Request) -> tuple:
    if req.me.private_networks:
        raise bad_request("Only one private network can be created per account at the moment.")
    req.world.next_network_id += 1
    req.me.private_networks.append(req.world.next_network_id)
    return 201, {"id": req.world.next_network_id}


@route("GET", r"/api/private-network/locations/")
def private_network_locations(req: Request) -> dict:
    found = [
        {"id": index, "location": {"value": code, "label": LOCATIONS[code], "icon": code.lower()}}
        for index, code in enumerate(NETWORK_LOCATIONS, start=1)
    ]
    return req.page(found)


def attached(account: Account) -> list[str]:
    return sorted(o.id for o in account.orders.values() if o.private_network)


@route("DELETE", r"/api/private-network/(?P<network_id>\d+)/")
def private_network_destroy(req: Request, network_id: str) -> tuple:
    pk = _id(network_id)
    if pk not in req.me.private_networks:
        raise not_found()
    servers = attached(req.me)
    if servers:
        raise bad_request(
            "The private network still has servers attached ("
            + ", ".join(servers)
            + "): switch private networking off on them first."
        )
    req.me.private_networks.remove(pk)
    return 204, None


@route("PATCH", rf"/api/vps/{ORDER}/")
def vps_partial_update(req: Request, order_id: str) -> dict:
    order = state.get_order(req.me, order_id, "vps")
    if "private_network_enabled" in req.body:
        raw = req.body["private_network_enabled"]
        if isinstance(raw, int | float) and not isinstance(raw, bool) or raw not in _TRUE + _FALSE:
            raise field_error("private_network_enabled", "Must be a valid boolean.")
        enable = raw in _TRUE
        if enable and not req.me.private_networks:
            raise field_error(
                "private_network_enabled", "The account has no private network: create one first."
            )
        order.private_network = enable
    return {"private_network_enabled": order.private_network}


# Projects --------------------------------------------------------------------------------------


def _project(account: Account, project_id: str) -> dict:
    found = account.projects.get(_id(project_id))
    if found is None:
        raise not_found()
    return found


def _text(body: dict[str, Any], name: str, limit: int, *, required: bool) -> str | None:
    if name not in body or body[name] is None:
        if required:
            raise field_error(name, "This field is required.")
        return None
    value = body[name]
    if not isinstance(value, str):
        raise field_error(name, "Not a valid string.")
    value = value.strip()
    if name == "name" and not value:
        raise field_error(name, "This field may not be blank.")
    if len(value) > limit:
        raise field_error(name, f"Ensure this field has no more than {limit} characters.")
    return value


@route("GET", r"/api/project/")
def project_list(req: Request) -> dict:
    return req.page([dict(p) for p in req.me.projects.values()])


@route("POST", r"/api/project/")
def project_create(req: Request) -> tuple:
    name = _text(req.body, "name", NAME_MAX, required=True)
    comment = _text(req.body, "comment", COMMENT_MAX, required=False) or ""
    req.world.next_project_id += 1
    pk = req.world.next_project_id
    req.me.projects[pk] = {"id": pk, "name": name, "comment": comment, "logo": ""}
    return 201, dict(req.me.projects[pk])


@route("GET", r"/api/project/(?P<project_id>\d+)/")
def project_retrieve(req: Request, project_id: str) -> dict:
    return dict(_project(req.me, project_id))


@route("PATCH", r"/api/project/(?P<project_id>\d+)/")
def project_partial_update(req: Request, project_id: str) -> dict:
    found = _project(req.me, project_id)
    name = _text(req.body, "name", NAME_MAX, required=False)
    comment = _text(req.body, "comment", COMMENT_MAX, required=False)
    if name is not None:
        found["name"] = name
    if comment is not None:
        found["comment"] = comment
    return dict(found)


@route("DELETE", r"/api/project/(?P<project_id>\d+)/")
def project_destroy(req: Request, project_id: str) -> tuple:
    found = _project(req.me, project_id)
    for order in req.me.orders.values():
        if order.project is found:
            order.project = None
    del req.me.projects[found["id"]]
    return 204, None


def _order_ids(body: dict[str, Any]) -> list[str]:
    raw = body.get("orders")
    if raw is None:
        raise field_error("orders", "This field is required.")
    values = [raw] if isinstance(raw, str) else raw
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise field_error("orders", 'Expected a list of items but got type "dict".')
    if not values or any(not v.strip() for v in values):
        raise field_error("orders", "This list may not be empty.")
    return [v.strip() for v in values]


@route("POST", r"/api/project/(?P<project_id>\d+)/add_orders/")
def project_add_orders(req: Request, project_id: str) -> tuple:
    found = _project(req.me, project_id)
    ids = _order_ids(req.body)
    unknown = [i for i in ids if i not in req.me.orders]
    if unknown:
        raise field_error("orders", f"Unknown order: {', '.join(unknown)[:200]}.")
    for order_id in ids:
        req.me.orders[order_id].project = found
    return 200, None


@route("POST", r"/api/project/(?P<project_id>\d+)/remove_orders/")
def project_remove_orders(req: Request, project_id: str) -> tuple:
    found = _project(req.me, project_id)
    ids = _order_ids(req.body)
    outside = [i for i in ids if i not in req.me.orders or req.me.orders[i].project is not found]
    if outside:
        raise field_error("orders", f"Not in this project: {', '.join(outside)[:200]}.")
    for order_id in ids:
        req.me.orders[order_id].project = None
    return 200, None


@route("PUT", r"/api/project/(?P<project_id>\d+)/edit_logo/")
def project_edit_logo(req: Request, project_id: str) -> dict:
    found = _project(req.me, project_id)
    logo = req.body.get("logo")
    if logo is None or logo == "":
        raise field_error("logo", "No file was submitted.")
    if not isinstance(logo, FilePart):
        raise field_error(
            "logo", "The submitted data was not a file. Check the encoding type on the form."
        )
    if not logo.content:
        raise field_error("logo", "The submitted file is empty.")
    if len(logo.content) > LOGO_MAX_BYTES:
        raise field_error("logo", "The file is too large: at most 1 MB.")
    kind = next((k for magic, k in IMAGE_MAGIC.items() if logo.content.startswith(magic)), None)
    if kind is None and logo.content[:4] == b"RIFF" and logo.content[8:12] == b"WEBP":
        kind = "webp"
    if kind is None:
        raise field_error(
            "logo",
            "Upload a valid image. The file you uploaded was either not an image or a corrupted image.",  # noqa: E501
        )
    found["logo"] = f"http://{req.host}/media/projects/{found['id']}/logo.{kind}"
    return {"logo": found["logo"]}
