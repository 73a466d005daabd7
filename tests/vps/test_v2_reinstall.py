"""Reinstall (v2 only): the three lists Fornex gives, one choice, the server's name typed again,
a warning that the disk is erased, an operation followed to its end, audit, refusals in words."""

from __future__ import annotations

from html import unescape

import pytest

from accounts.models import AuditEvent
from fornexpanel.fornex import make_client
from operations.models import Operation
from operations.services import operation_poll, operation_send
from tests.vps.conftest import VPS, VPS_OFF, vps_url

State = Operation.State
UBUNTU = "template:41"  # "Ubuntu 24.04": 1 GB of RAM, 5 GB of disk
HESTIA = "template:49"  # needs 2 GB of RAM
WINDOWS = "template:52"  # needs 4 GB of RAM, 40 GB of disk, 2 cores
DOCKER = "app:301"


@pytest.fixture
def fornex(sandbox_api):
    with make_client("v2", sandbox_api.FULL_KEY, sandbox_api.api_url) as client:
        yield client


def _page(client, connection, order_id=VPS):
    response = client.get(vps_url("reinstall", connection, order_id))
    assert response.status_code == 200
    return unescape(response.content.decode())


def _post(client, connection, data, order_id=VPS):
    return client.post(vps_url("reinstall", connection, order_id), data)


def test_the_page_lists_templates_applications_and_snapshots_and_warns_the_disk_is_erased(
    client, v2_connection, operator, fornex
):
    client.force_login(operator)
    body = _page(client, v2_connection)
    assert "Everything on the server's disk is erased." in body
    for option in (
        *fornex.vps_reinstall_templates(VPS),
        *fornex.vps_reinstall_apps(VPS),
        *fornex.vps_reinstall_snapshots(VPS),
    ):
        assert f'value="{option.kind}:{option.id}"' in body
        assert option.name in body
    assert "Type <strong>web-1</strong> to confirm" in body


def test_templates_the_plan_is_too_small_for_are_not_offered_and_say_why(
    client, v2_connection, operator
):
    client.force_login(operator)
    body = _page(client, v2_connection, VPS_OFF)  # staging: 1 core, 1 GB of RAM, 10 GB of disk
    assert "Needs 2 GB of RAM; this server has 1 GB." in body  # Hestia
    assert "Needs 4 GB of RAM; this server has 1 GB." in body  # Windows
    response = _post(client, v2_connection, {"choice": HESTIA, "confirm": "staging"}, VPS_OFF)
    assert response.status_code == 200
    assert 'data-field-error="choice"' in response.content.decode()
    assert not Operation.objects.exists()


def test_a_reinstall_is_queued_as_an_operation_with_what_it_installs(
    client, team, v2_connection, operator, sandbox_api, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _post(client, v2_connection, {"choice": UBUNTU, "confirm": "web-1"})
    op = Operation.objects.get(kind="vps.reinstall")
    assert response.status_code == 302
    # No #operations anchor: the page must not scroll past the confirmation message.
    assert response["Location"].endswith(f"?op={op.pk}")
    assert len(queued) == 1
    assert op.params == {
        "order_id": VPS,
        "source": "template",
        "source_id": 41,
        "source_name": "Ubuntu 24.04",
    }
    # Nothing reaches Fornex before the task runs.
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/reinstall/reinstall/") == 0
    pending = AuditEvent.objects.get(action="vps.reinstall", operation=op)
    assert pending.outcome == "pending"
    assert pending.detail["params"]["source_name"] == "Ubuntu 24.04"


def test_the_reinstall_is_followed_through_the_status_until_the_server_is_back(
    client, team, v2_connection, operator, sandbox_api
):
    client.force_login(operator)
    _post(client, v2_connection, {"choice": DOCKER, "confirm": "web-1.northwind.io"})
    op = Operation.objects.get(kind="vps.reinstall")

    op, _sent = operation_send(op.pk)
    assert op.state == State.SENT
    assert op.result["seen_transition"] is True  # "reinstalling" right after the POST
    assert op.result["installing"] == "Docker (Ubuntu 24.04 LTS)"
    op = operation_poll(op.pk)
    assert op.state == State.SENT
    assert op.message == "The server is reinstalling."
    sandbox_api.advance(2)
    op = operation_poll(op.pk)

    assert op.state == State.DONE
    assert op.message == "Reinstalled with Docker (Ubuntu 24.04 LTS); the server is running."
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/reinstall/reinstall/") == 1
    assert not op.is_retryable  # and never offered again without the typed name
    outcomes = AuditEvent.objects.filter(action="vps.reinstall", operation=op)
    assert sorted(outcomes.values_list("outcome", flat=True)) == ["pending", "success"]


def test_a_snapshot_can_be_restored(client, v2_connection, operator, sandbox_api, fornex):
    (snapshot,) = [s for s in fornex.vps_reinstall_snapshots(VPS) if "web-1" in s.name]
    client.force_login(operator)
    _post(client, v2_connection, {"choice": f"snapshot:{snapshot.id}", "confirm": "web-1"})
    op, _sent = operation_send(Operation.objects.get(kind="vps.reinstall").pk)
    assert op.state == State.SENT
    assert op.params["source"] == "snapshot"
    assert op.result["installing"] == snapshot.name


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"choice": UBUNTU}, "confirm"),
        ({"choice": UBUNTU, "confirm": "web-2"}, "confirm"),
        ({"confirm": "web-1"}, "choice"),
        ({"choice": "template:999", "confirm": "web-1"}, "choice"),
        ({"choice": "disk:41", "confirm": "web-1"}, "choice"),
    ],
)
def test_nothing_is_queued_without_a_listed_choice_and_the_name_typed(
    client, v2_connection, operator, sandbox_api, data, field
):
    client.force_login(operator)
    response = _post(client, v2_connection, data)
    assert response.status_code == 200
    assert f'data-field-error="{field}"' in response.content.decode()
    assert not Operation.objects.exists()
    assert sandbox_api.count("POST", f"/api/vps/{VPS}/reinstall/reinstall/") == 0


def test_a_choice_survives_a_mistyped_name(client, v2_connection, operator):
    client.force_login(operator)
    response = _post(client, v2_connection, {"choice": DOCKER, "confirm": "web"})
    assert 'value="app:301" data-name="Docker" checked' in response.content.decode()


def test_fornex_refusing_the_reinstall_fails_the_operation_in_words(
    client, v2_connection, operator, sandbox_api
):
    # The plan catalogue cannot be read, so the panel cannot tell the template is too big:
    # Fornex refuses it, and the member reads why.
    sandbox_api.fault(path=r"^/api/plans/vps", status=503)
    client.force_login(operator)
    body = _page(client, v2_connection, VPS_OFF)
    assert "Needs 4 GB of RAM" not in body
    _post(client, v2_connection, {"choice": WINDOWS, "confirm": "staging"}, VPS_OFF)

    op, _sent = operation_send(Operation.objects.get(kind="vps.reinstall").pk)

    assert op.state == State.FAILED
    assert op.message.startswith("Fornex refused: ")
    assert "Windows Server 2022 needs at least 4 GB of RAM; this VPS has 1 GB." in op.message


def test_a_list_fornex_cannot_give_is_explained_and_the_others_still_offered(
    client, v2_connection, operator, sandbox_api
):
    sandbox_api.fault(path=r"/reinstall/snapshots/", status=500)
    client.force_login(operator)
    body = _page(client, v2_connection)
    assert "Fornex is not answering right now. Try again in a moment." in body
    assert f'value="{UBUNTU}"' in body
    assert f'value="{DOCKER}"' in body


def test_a_viewer_cannot_open_the_reinstall_page(client, v2_connection, viewer, sandbox_api):
    client.force_login(viewer)
    assert client.get(vps_url("reinstall", v2_connection)).status_code == 403
    assert not any("reinstall" in call for call in sandbox_api.requests())


def test_on_a_legacy_connection_the_reinstall_page_explains_and_sends_nothing(
    client, legacy_connection, operator, sandbox_api
):
    client.force_login(operator)
    body = _page(client, legacy_connection)
    assert "Reinstall needs Fornex's v2 API." in body
    response = _post(client, legacy_connection, {"choice": UBUNTU, "confirm": "web-1"})
    assert response.status_code == 302
    assert not Operation.objects.exists()
    assert not any("reinstall" in call for call in sandbox_api.requests())
