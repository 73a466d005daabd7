"""The access-control matrix rows of the v2-only pages, run again on a v2 connection: the matrix
itself runs on the default (legacy) connection, where these pages explain instead of acting."""

from __future__ import annotations

import pytest

from tests.access.test_matrix import ROWS, world  # noqa: F401 - `world` is a fixture
from tests.access.test_matrix import test_access as check_access

V2_PAGES = [
    "vps:ip_addresses",
    "vps:rescue",
    "vps:reinstall",
    "vps:order_cancel",
    "vps:order_cancel_unset",
    "billing:ticket_create",
]


def test_every_v2_page_has_a_matrix_row():
    assert set(V2_PAGES) <= set(ROWS)


@pytest.mark.parametrize("dialect", ["v2"], indirect=True)
@pytest.mark.parametrize("name", V2_PAGES)
def test_each_role_gets_what_the_matrix_says_on_a_v2_connection(
    name,
    dialect,
    world,  # noqa: F811 - the matrix's fixture, imported above
    client,
    django_capture_on_commit_callbacks,
):
    assert world.connection.dialect == "v2"
    check_access(name, world, client, django_capture_on_commit_callbacks)
