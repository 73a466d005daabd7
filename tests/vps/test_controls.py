"""Controls by state: the server page offers only the power actions the server's state allows,
one rescue button, and the servers list shows each VPS's power state from the cache."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from operations.models import Operation
from tests.vps.conftest import DS, VPS, VPS_OFF, vps_url
from vps import controls, selectors


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        ("on", ("restart", "stop", "hard_reset")),
        ("off", ("start",)),
        ("starting", ()),
        ("restarting", ()),
        (None, ("start", "restart", "stop", "hard_reset")),  # unknown: the member decides
        ("something new", ("start", "restart", "stop", "hard_reset")),
    ],
)
def test_power_actions_follow_the_state(status, offered):
    assert controls.power_actions_offered(status) == offered


def test_a_running_server_offers_no_start(login, operator, connection):
    body = login(operator).get(vps_url("detail", connection, VPS)).content.decode()
    assert 'data-testid="action-start"' not in body
    assert 'data-testid="action-stop"' in body
    assert 'data-testid="action-restart"' in body


def test_a_stopped_server_offers_start_only(login, operator, connection):
    body = login(operator).get(vps_url("detail", connection, VPS_OFF)).content.decode()
    assert 'data-testid="action-start"' in body
    for action in ("stop", "restart", "hard_reset"):
        assert f'data-testid="action-{action}"' not in body


def test_a_server_between_states_offers_nothing_and_says_why(
    login, operator, connection, monkeypatch
):
    real = selectors.vps_status

    def restarting(*args, **kwargs):
        fetched = real(*args, **kwargs)
        return dataclasses.replace(
            fetched, data=dataclasses.replace(fetched.data, status="restarting")
        )

    monkeypatch.setattr(selectors, "vps_status", restarting)
    body = login(operator).get(vps_url("detail", connection, VPS)).content.decode()
    assert 'data-testid="power-busy"' in body
    for action in ("start", "stop", "restart", "hard_reset"):
        assert f'data-testid="action-{action}"' not in body


def test_when_fornex_cannot_say_every_action_is_offered(login, operator, connection, sandbox_api):
    sandbox_api.fault(path=f"vps/status/{VPS}", status=503)
    body = login(operator).get(vps_url("detail", connection, VPS)).content.decode()
    for action in ("start", "stop", "restart", "hard_reset"):
        assert f'data-testid="action-{action}"' in body


def test_the_status_fragment_swaps_the_buttons_for_the_new_state(login, operator, connection):
    response = login(operator).get(vps_url("status", connection, VPS_OFF))
    body = response.content.decode()
    assert 'data-status="off"' in body
    assert 'id="power-actions"' in body and 'hx-swap-oob="true"' in body
    assert 'data-testid="action-start"' in body and 'data-testid="action-stop"' not in body


def test_one_rescue_button_by_what_the_panel_did_last(login, team, v2_connection, operator):
    client = login(operator)
    body = client.get(vps_url("detail", v2_connection)).content.decode()
    assert 'data-testid="action-rescue-start"' in body
    assert 'data-testid="action-rescue-stop"' not in body
    Operation.objects.create(
        team=team,
        connection=v2_connection,
        actor=operator,
        actor_name=operator.username,
        kind="vps.rescue_start",
        target_type="order",
        target_id=f"{v2_connection.pk}:{VPS}",
        params={"order_id": VPS},
        state=Operation.State.DONE,
    )
    body = client.get(vps_url("detail", v2_connection)).content.decode()
    assert 'data-testid="action-rescue-stop"' in body
    assert 'data-testid="action-rescue-start"' not in body


def test_the_servers_list_shows_the_cached_power_state(login, viewer, connection, sandbox_api):
    client = login(viewer)
    # Nothing read yet: the cell loads the state in place.
    body = client.get(reverse("vps:list")).content.decode()
    assert 'data-testid="power-loading"' in body
    assert f"{vps_url('status', connection, VPS_OFF)}?cached=1" in body
    calls = sandbox_api.count("GET", f"/api/vps/status/{VPS_OFF}/")
    fragment = client.get(vps_url("status", connection, VPS_OFF) + "?cached=1").content.decode()
    assert 'data-status="off"' in fragment and "hx-swap-oob" not in fragment
    # Now known: the list shows it from the cache, without asking Fornex again.
    body = client.get(reverse("vps:list")).content.decode()
    row = body.split(f'data-order="{VPS_OFF}"')[1].split("</tr>")[0]
    assert 'data-status="off"' in row and "power-loading" not in row
    assert sandbox_api.count("GET", f"/api/vps/status/{VPS_OFF}/") == calls + 1
    # A dedicated server has no power state here.
    ds_row = body.split(f'data-order="{DS}"')[1].split("</tr>")[0]
    assert "power-loading" not in ds_row


def test_cached_power_states_never_ask_fornex(connection, sandbox_api):
    rows = selectors.orders_for_team(connection.team).rows
    before = sum(sandbox_api.requests().values())
    states = selectors.cached_power_states(rows)
    assert sum(sandbox_api.requests().values()) == before
    assert states and all(state is None for state in states.values())


def test_costs_carry_the_accounts_currency_once_the_balance_was_read(login, viewer, connection):
    from billing import selectors as billing_selectors

    billing_selectors.balance(connection)  # the dashboard or billing page read it
    body = login(viewer).get(reverse("vps:list")).content.decode()
    row = body.split(f'data-order="{VPS}"')[1].split("</tr>")[0]
    assert " EUR</td>" in row


def _job(team, connection, operator, kind, state=Operation.State.DONE, **params):
    from tests.vps.test_operations import _op

    return _op(team, connection, operator, state=state, kind=kind, **params)


def test_the_server_page_reads_its_jobs_once_while_it_has_few(
    team, v2_connection, operator, django_assert_num_queries
):
    from vps.selectors import ServerJobs, last_installed, last_rescue_operation

    _job(team, v2_connection, operator, "vps.reinstall", source_name="Debian 12")
    rescue = _job(team, v2_connection, operator, "vps.rescue_start")
    _job(team, v2_connection, operator, "vps.restart", state=Operation.State.SENT)
    with django_assert_num_queries(1):
        jobs = ServerJobs(v2_connection, VPS)
        assert last_rescue_operation(v2_connection, VPS, jobs) == rescue
        assert last_installed(v2_connection, VPS, jobs) == "Debian 12"
        assert [op.kind for op in jobs.active] == ["vps.restart"]
        assert len(jobs.recent) == 3


def test_an_older_rescue_or_install_than_the_last_ten_jobs_is_still_found(
    team, v2_connection, operator, django_assert_num_queries
):
    from vps.selectors import RECENT_JOBS, ServerJobs, last_installed, last_rescue_operation

    rescue = _job(team, v2_connection, operator, "vps.rescue_start")
    _job(team, v2_connection, operator, "vps.order", source_name="Ubuntu 24.04")
    _job(team, v2_connection, operator, "vps.rescue_stop", state=Operation.State.FAILED)
    for _ in range(RECENT_JOBS):
        _job(team, v2_connection, operator, "vps.restart")
    jobs = ServerJobs(v2_connection, VPS)
    assert len(jobs.recent) == RECENT_JOBS
    with django_assert_num_queries(2):
        assert last_rescue_operation(v2_connection, VPS, jobs) == rescue  # not the failed stop
        assert last_installed(v2_connection, VPS, jobs) == "Ubuntu 24.04"
    assert last_rescue_operation(v2_connection, VPS) == rescue  # without the page's jobs


def test_the_listed_rows_are_made_once_per_answer_and_never_carry_a_pages_additions(
    login, viewer, v2_connection
):
    from billing import selectors as billing_selectors

    billing_selectors.balance(v2_connection)  # the list now shows costs with the currency
    first = selectors.orders_for_team(v2_connection.team).rows
    assert selectors.orders_for_team(v2_connection.team).rows[0] is first[0]  # kept
    assert any(row.configuration is not None for row in first)  # v2's configurations joined
    body = login(viewer).get(reverse("vps:list")).content.decode()
    assert " EUR</td>" in body
    # The page added its power states and currency to copies: the kept rows have none.
    assert not any(row.power_known or row.currency for row in first)
    # A renamed connection: rows of its own, under the new name.
    v2_connection.label = "Renamed account"
    v2_connection.save()
    renamed = selectors.orders_for_team(v2_connection.team).rows
    assert renamed[0] is not first[0] and renamed[0].connection.label == "Renamed account"


def test_the_filtered_sorted_rows_and_counts_follow_the_answers(connection):
    import dataclasses

    from fornexpanel import gateway

    first = selectors.orders_for_team(connection.team)
    assert first.key is not None
    named = first.filtered(q="web", sort="name")
    again = selectors.orders_for_team(connection.team)
    assert again.filtered(q="web", sort="name") is named  # worked out once
    assert again.vps_count(q="web", sort="name") == sum(r.order.type == "vps" for r in named)
    assert [r.order.name for r in named] == sorted(r.order.name for r in named)
    # A newer answer: a renamed order is found by its new name.
    orders = selectors.orders(connection).data
    renamed = [dataclasses.replace(o, name="zzz-web") if o.id == VPS else o for o in orders]
    gateway.invalidate(connection, "orders")
    gateway.read(connection, "orders", lambda client: renamed)
    after = selectors.orders_for_team(connection.team)
    assert after.key != first.key
    assert after.filtered(q="web", sort="name")[-1].order.name == "zzz-web"
    assert "zzz-web" not in [r.order.name for r in named]


def test_the_v2_server_page_reads_the_orders_details_once(
    login, viewer, v2_connection, monkeypatch
):
    calls = []
    original = selectors.order_details

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(selectors, "order_details", counted)
    body = login(viewer).get(vps_url("detail", v2_connection)).content.decode()
    assert 'data-testid="renewal"' in body
    assert len(calls) == 1
