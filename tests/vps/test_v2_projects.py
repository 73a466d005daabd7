"""Projects (v2 only): list, create, rename, delete (confirmed), logo upload (type and size
checked, clear 4xx otherwise), adding and removing orders; audited; admins and above change
them, every member sees them; legacy connections say they need v2."""

from __future__ import annotations

from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from tests.vps.conftest import VPS, VPS_2, VPS_OFF

PROJECT = 871  # the first project the sandbox creates after a reset
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def _text(response) -> str:
    return unescape(response.content.decode())


def _post(client, url, data=None) -> str:
    response = client.post(url, data or {}, follow=True)
    assert response.redirect_chain[0][1] == 302
    return _text(response)


def _url(name, connection, *more):
    return reverse(f"vps:{name}", args=[connection.pk, *more])


def _create(client, connection, name="Website"):
    return _post(client, _url("project_create", connection), {"name": name, "comment": "Shop"})


def test_create_rename_move_orders_delete(client, v2_connection, admin, viewer):
    client.force_login(admin)
    body = _create(client, v2_connection)
    assert "Project “Website” created." in body and "No order is in this project." in body

    add = _url("project_orders", v2_connection, PROJECT, "add")
    body = _post(client, add, {"orders": [VPS, VPS_2]})
    assert "2 orders added to the project." in body
    assert f'data-order="{VPS}"' in body and f'data-order="{VPS_2}"' in body

    body = _post(client, _url("project_orders", v2_connection, PROJECT, "remove"), {"orders": [VPS_2]})  # fmt: skip
    assert "1 order removed from the project." in body
    assert f'data-order="{VPS_2}"' not in body

    body = _post(client, _url("project_edit", v2_connection, PROJECT), {"name": "Shop", "comment": ""})  # fmt: skip
    assert "Project saved." in body and "<h1>Shop</h1>" in body

    listing = _text(client.get(reverse("vps:projects")))
    assert (
        f'data-project="{PROJECT}"' in listing
        and f"?project={v2_connection.pk}:{PROJECT}" in listing
    )

    client.force_login(viewer)
    seen = _text(client.get(_url("project", v2_connection, PROJECT)))
    assert f'data-order="{VPS}"' in seen and "project-rename" not in seen and "add-form" not in seen

    client.force_login(admin)
    delete = _url("project_delete", v2_connection, PROJECT)
    assert "Delete the project “Shop”?" in _text(client.get(delete))
    body = _post(client, delete)
    assert "Project “Shop” deleted." in body and "This account has no project yet." in body

    actions = list(AuditEvent.objects.filter(team=v2_connection.team).order_by("pk").values_list("action", flat=True))  # fmt: skip
    assert actions == [
        "project.create",
        "project.add_orders",
        "project.remove_orders",
        "project.update",
        "project.delete",
    ]
    added = AuditEvent.objects.get(action="project.add_orders")
    assert added.detail["orders"] == [VPS, VPS_2] and added.target_id == f"{v2_connection.pk}:{PROJECT}"  # fmt: skip


def test_bad_names_are_400_with_the_reason(client, v2_connection, admin, sandbox_api):
    client.force_login(admin)
    response = client.post(_url("project_create", v2_connection), {"name": "x" * 41})
    assert response.status_code == 400
    assert "at most 40 characters" in _text(response)
    response = client.post(_url("project_create", v2_connection), {"name": ""})
    assert response.status_code == 400 and "This field is required." in _text(response)
    assert sandbox_api.count("POST", "/project/") == 0


def test_unknown_orders_are_refused_before_fornex(client, v2_connection, admin, sandbox_api):
    client.force_login(admin)
    _create(client, v2_connection)
    add = _url("project_orders", v2_connection, PROJECT, "add")
    assert "This account has no order 34-999." in _post(client, add, {"orders": ["34-999"]})
    assert "Choose at least one order." in _post(client, add, {})
    assert sandbox_api.count("POST", f"/project/{PROJECT}/add_orders/") == 0
    assert (
        client.post(_url("project_orders", v2_connection, PROJECT, "move"), {}).status_code == 404
    )


def test_removing_an_order_outside_shows_fornexs_words(client, v2_connection, admin):
    client.force_login(admin)
    _create(client, v2_connection)
    body = _post(client, _url("project_orders", v2_connection, PROJECT, "remove"), {"orders": [VPS_OFF]})  # fmt: skip
    assert f"Not in this project: {VPS_OFF}." in body
    assert AuditEvent.objects.get(action="project.remove_orders").outcome == "failure"


def test_a_logo_is_uploaded(client, v2_connection, admin):
    client.force_login(admin)
    _create(client, v2_connection)
    logo = SimpleUploadedFile("me.png", PNG, content_type="image/png")
    body = _post(client, _url("project_logo", v2_connection, PROJECT), {"logo": logo})
    assert "Logo “me.png” uploaded." in body and "Logo set" in body
    event = AuditEvent.objects.get(action="project.logo")
    assert event.detail == {"filename": "logo.png", "size": len(PNG)}


def test_a_logo_that_is_not_an_image_is_400(client, v2_connection, admin, sandbox_api):
    client.force_login(admin)
    _create(client, v2_connection)
    fake = SimpleUploadedFile("me.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(_url("project_logo", v2_connection, PROJECT), {"logo": fake})
    assert response.status_code == 400
    assert "This file is not a PNG, JPEG, GIF or WebP image." in _text(response)
    response = client.post(_url("project_logo", v2_connection, PROJECT), {})
    assert response.status_code == 400 and "This field is required." in _text(response)
    assert sandbox_api.count("PUT", f"/project/{PROJECT}/edit_logo/") == 0


def test_a_logo_over_1_mb_is_refused(client, v2_connection, admin, sandbox_api):
    client.force_login(admin)
    _create(client, v2_connection)
    url = _url("project_logo", v2_connection, PROJECT)
    big = SimpleUploadedFile("big.png", PNG + bytes(2 * 1024 * 1024), content_type="image/png")
    response = client.post(url, {"logo": big})
    assert response.status_code == 413
    assert "a logo may be at most 1 MB" in _text(response)
    just_over = SimpleUploadedFile("big.png", PNG + bytes(1024 * 1024 - len(PNG) + 1), content_type="image/png")  # fmt: skip
    response = client.post(url, {"logo": just_over})
    assert response.status_code == 400 and "a logo may be at most 1 MB" in _text(response)
    assert sandbox_api.count("PUT", f"/project/{PROJECT}/edit_logo/") == 0


def test_an_unknown_project_is_404(client, v2_connection, viewer):
    client.force_login(viewer)
    assert client.get(_url("project", v2_connection, 999)).status_code == 404


def test_legacy_connections_say_they_need_v2(client, legacy_connection, admin, sandbox_api):
    client.force_login(admin)
    body = _text(client.get(reverse("vps:projects")))
    assert "Projects needs Fornex's v2 API." in body
    for name in ("project_create", "project_edit", "project_delete", "project_logo"):
        args = () if name == "project_create" else (PROJECT,)
        assert 'data-testid="needs-v2"' in _text(client.get(_url(name, legacy_connection, *args)))
    body = _post(client, _url("project_create", legacy_connection), {"name": "Website"})
    assert "nothing was sent" in body
    assert sandbox_api.count("POST", "/project/") == 0
