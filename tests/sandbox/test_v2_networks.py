"""The sandbox's private networks and projects over plain HTTP, in the request forms the spec
allows besides JSON (form-encoded, multipart), and their isolation between accounts."""

from __future__ import annotations

import requests

from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import FULL, OTHER, VPS

PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


def _session(key: str = FULL) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Api-Key {key}"
    return session


def test_a_project_from_a_form_and_a_logo_from_multipart(sandbox: Sandbox) -> None:
    s = _session()
    created = s.post(f"{sandbox.api_url}/project/", data={"name": " Website ", "comment": "x"})
    assert created.status_code == 201
    project = created.json()
    assert project["name"] == "Website" and project["logo"] == ""
    pid = project["id"]
    added = s.post(f"{sandbox.api_url}/project/{pid}/add_orders/", data={"orders": VPS})
    assert added.status_code == 200 and added.content == b""
    logo = s.put(f"{sandbox.api_url}/project/{pid}/edit_logo/", files={"logo": ("l.png", PNG, "image/png")})  # fmt: skip
    assert logo.status_code == 200 and logo.json()["logo"].endswith(f"/projects/{pid}/logo.png")
    not_a_file = s.put(f"{sandbox.api_url}/project/{pid}/edit_logo/", data={"logo": "x"})
    assert not_a_file.status_code == 400 and "not a file" in not_a_file.json()["logo"][0]
    orders = s.get(f"{sandbox.api_url}/orders/", params={"page_size": 100}).json()["results"]
    (web,) = [o for o in orders if o["id"] == VPS]
    assert web["project"] == {"id": pid, "name": "Website", "comment": "x", "logo": logo.json()["logo"]}  # fmt: skip


def test_bad_project_fields_are_drf_field_errors(sandbox: Sandbox) -> None:
    s = _session()
    for body, field in (({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 41}, "name"),
                        ({"name": "a", "comment": "c" * 257}, "comment"), ({"name": 5}, "name")):  # fmt: skip
        answer = s.post(f"{sandbox.api_url}/project/", json=body)
        assert answer.status_code == 400 and list(answer.json()) == [field], body
    pid = s.post(f"{sandbox.api_url}/project/", json={"name": "a"}).json()["id"]
    for body in ({}, {"orders": []}, {"orders": {"a": 1}}, {"orders": [""]}):
        answer = s.post(f"{sandbox.api_url}/project/{pid}/add_orders/", json=body)
        assert answer.status_code == 400 and list(answer.json()) == ["orders"], body


def test_vps_update_takes_only_booleans(sandbox: Sandbox) -> None:
    s = _session()
    s.post(f"{sandbox.api_url}/private-network/")
    for value in ("maybe", 1, None, [True]):
        answer = s.patch(f"{sandbox.api_url}/vps/{VPS}/", json={"private_network_enabled": value})
        assert answer.status_code == 400, value
    assert s.patch(f"{sandbox.api_url}/vps/{VPS}/", data={"private_network_enabled": "true"}).json() == {"private_network_enabled": True}  # fmt: skip
    assert s.patch(f"{sandbox.api_url}/vps/{VPS}/", json={}).json() == {"private_network_enabled": True}  # fmt: skip


def test_another_account_sees_none_of_it(sandbox: Sandbox) -> None:
    s = _session()
    network = s.post(f"{sandbox.api_url}/private-network/").json()["id"]
    project = s.post(f"{sandbox.api_url}/project/", json={"name": "a"}).json()["id"]
    other = _session(OTHER)
    assert other.get(f"{sandbox.api_url}/private-network/").json()["count"] == 0
    assert other.get(f"{sandbox.api_url}/project/{project}/").status_code == 404
    assert other.delete(f"{sandbox.api_url}/private-network/{network}/").status_code == 404
    assert other.patch(f"{sandbox.api_url}/vps/{VPS}/", json={"private_network_enabled": True}).status_code == 404  # fmt: skip
