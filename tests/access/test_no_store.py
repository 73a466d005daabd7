"""Every page, fragment and export a signed-in member gets says `Cache-Control: no-store`."""

from __future__ import annotations

from django.urls import reverse

from tests.access.test_matrix import ROWS, _path, world  # noqa: F401 (the matrix's fixture)


def test_every_authenticated_answer_is_not_stored(world, client):  # noqa: F811
    client.force_login(world.personas["owner"])
    failures = []
    for name, row in sorted(ROWS.items()):
        if name == "health" or getattr(row.get, "status", 0) == 405:
            continue
        response = client.get(_path(row, world))
        if "no-store" not in response.get("Cache-Control", ""):
            failures.append(f"GET {name}: {response.status_code} {response.get('Cache-Control')}")
    assert not failures, failures


def test_the_audit_export_is_not_stored(login, admin):
    response = login(admin).get(reverse("accounts:audit_export"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
