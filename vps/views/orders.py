"""The servers page (every order of the team's connections) and one order's page, by type."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.access import can, team_view
from fornexpanel import gateway
from fornexpanel.core.paging import paginate
from fornexpanel.fornex import DsTraffic, OrderDetails
from vps import controls, selectors, stats
from vps.views._lookup import OrderLookup, with_order
from vps.views.projects import project_filter

DS_PERIODS = ("month", "year")
DS_PORTS = (0, 1)


def viewer_timezone(request: HttpRequest) -> str:
    return getattr(request.user, "timezone", "") or settings.TIME_ZONE


@team_view("team.view")
@require_safe
def server_list(request: HttpRequest) -> HttpResponse:
    connections = selectors.team_connections(request.team)
    if "refresh" not in request.GET:
        for connection in connections:
            gateway.prefetch(connection, selectors.list_reads(connection))
    team_orders = selectors.orders_for_team(
        request.team, refresh="refresh" in request.GET, connections=connections
    )
    params = {name: request.GET.get(name, "").strip() for name in ("type", "status", "q", "sort")}
    filters = dict(params)
    filtered = team_orders.filtered(**filters)
    rows, params["project"], project_choices = project_filter(
        request, filtered, connections=connections
    )
    paged = paginate(request, rows)
    vps_count = (
        team_orders.vps_count(**filters)
        if rows is filtered
        else sum(1 for row in rows if row.order.type == "vps")
    )
    shown = selectors.shown_rows(paged.rows, connections)
    power = selectors.cached_power_states(shown)
    currencies: dict[int, str] = {}
    for row in shown:
        row.power_known = row.key in power and power[row.key] is not None
        row.power_status = power.get(row.key)
        if row.connection.pk not in currencies:
            currencies[row.connection.pk] = selectors.cached_currency(row.connection)
        row.currency = currencies[row.connection.pk]
    context = {
        "team_orders": team_orders,
        "paged": paged,
        "rows": shown,
        # Kept in the sort links and the filter form (page size; the page number is not kept).
        "params": {**params, "per_page": paged.per_page_param},
        "project_choices": project_choices,
        # Rows name their connection when the team has several.
        "show_connection": len(team_orders.fetched) > 1,
        "sort": params["sort"] or selectors.DEFAULT_SORT,
        "can_bulk": can(request, "vps.power") and vps_count > 0,
        # "Select all N matching": the filtered set beyond this page, by its filters.
        "matching_vps": vps_count if paged.has_other_pages else 0,
    }
    if request.htmx and request.htmx.target == "orders-table":
        return render(request, "vps/list.html#orders-table", context)
    return render(request, "vps/list.html", context)


@team_view("team.view")
@require_safe
@with_order()
def order_detail(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    refresh = "refresh" in request.GET
    kind = lookup.order.type
    order_id = lookup.order.id
    jobs = selectors.ServerJobs(lookup.connection, order_id) if kind == "vps" else None
    context = {
        "lookup": lookup,
        "order": lookup.order,
        "connection": lookup.connection,
        "expires": selectors.TeamOrder(lookup.connection, lookup.order),
        "currency": selectors.cached_currency(lookup.connection),
        **_v2_context(lookup, refresh),
        "configuration": selectors.server_configuration(
            lookup.connection, lookup.order, refresh=refresh
        ),
        "installed": (
            selectors.last_installed(lookup.connection, lookup.order.id, jobs) if jobs else ""
        ),
    }
    if jobs is not None:
        context.update(_vps_context(request, lookup, refresh, jobs))
        template = "vps/vps_detail.html"
    elif kind == "ds":
        context.update(_ds_context(request, lookup, refresh))
        template = "vps/ds_detail.html"
    elif kind == "vpn":
        context["vpn_config_lacking"] = selectors.lacks(lookup.connection, "vpn_config")
        template = "vps/vpn_detail.html"
    else:
        template = "vps/order_detail.html"
    return render(request, template, context)


def _v2_context(lookup: OrderLookup, refresh: bool) -> dict:
    """v2's order details (cancel mark, tags, project) and which of v2's actions to offer."""
    connection = lookup.connection
    offered = selectors.supports(connection, "order_details")
    details = None
    if offered:
        # The order was looked up by this very read unless that failed (then by the list).
        read_already = lookup.fetched.ok and isinstance(lookup.fetched.data, OrderDetails)
        details = (
            lookup.fetched
            if read_already
            else selectors.order_details(connection, lookup.order.id, refresh=refresh)
        )
    return {
        "v2_offered": offered,
        "details": details,
        "rescue_offered": selectors.supports(connection, "vps_rescue_start"),
        "reinstall_offered": selectors.supports(connection, "vps_reinstall"),
        "cancel_offered": selectors.supports(connection, "order_cancel"),
    }


def _vps_context(
    request: HttpRequest, lookup: OrderLookup, refresh: bool, jobs: selectors.ServerJobs
) -> dict:
    connection, order_id = lookup.connection, lookup.order.id
    try:
        span = stats.parse_range(request.GET)
        range_error = ""
    except stats.RangeError as error:
        span, range_error = stats.parse_range({}), str(error)
    attached = selectors.vps_ssh_keys(connection, order_id, refresh=refresh)
    account_keys = selectors.ssh_keys(connection, refresh=refresh)
    attached_ids = {key.id for key in attached.data} if attached.ok else set()
    attachable = [key for key in account_keys.data or () if key.id not in attached_ids]
    status = selectors.vps_status(connection, order_id, refresh=refresh)
    last_rescue = selectors.last_rescue_operation(connection, order_id, jobs)
    return {
        "status": status,
        **_power_context(status),
        "rescue_next": controls.rescue_action_offered(last_rescue),
        "attached": attached,
        "account_keys": account_keys,
        "attachable": attachable,
        "active_operations": jobs.active,
        "last_rescue": last_rescue,
        "jobs": jobs.recent,
        "stat_fields": [
            (field, label, stats.FIELD_UNITS[field])
            for field, label in stats.offered_fields(connection)
        ],
        "stats_missing": stats.missing_fields(connection),
        "presets": [(name, label) for name, (_span, label) in stats.PRESETS.items()],
        "span": span,
        "range_error": range_error,
        "range_query": _range_query(span),
        "timezone_name": viewer_timezone(request),
    }


def _range_query(span: stats.StatRange) -> str:
    if span.preset:
        return f"range={span.preset}"
    return f"start={span.start.isoformat()}&end={span.end.isoformat()}"


def _ds_context(request: HttpRequest, lookup: OrderLookup, refresh: bool) -> dict:
    period = request.GET.get("period", "month")
    period = period if period in DS_PERIODS else "month"
    try:
        port = int(request.GET.get("port", "0"))
    except ValueError:
        port = 0
    port = port if port in DS_PORTS else 0
    connection, order_id = lookup.connection, lookup.order.id
    traffic = selectors.ds_traffic(connection, order_id, period=period, port=port, refresh=refresh)
    return {
        "period": period,
        "port": port,
        "periods": DS_PERIODS,
        "ports": DS_PORTS,
        "traffic": traffic,
        "traffic_chart": _traffic_chart(traffic.data) if traffic.ok else None,
        "used": selectors.ds_traffic_used(connection, order_id, refresh=refresh),
    }


def _traffic_chart(traffic: DsTraffic) -> dict:
    """Days as Unix seconds at midnight UTC (drawn in UTC: a day is a calendar day)."""
    from calendar import timegm

    return {
        "x": [timegm(day.date.timetuple()) for day in traffic.days],
        "input": [day.input for day in traffic.days],
        "output": [day.output for day in traffic.days],
        "total_input": sum(day.input for day in traffic.days),
        "total_output": sum(day.output for day in traffic.days),
    }


@team_view("team.view")
@require_safe
@with_order(order_type="vps")
def vps_status(request: HttpRequest, lookup: OrderLookup) -> HttpResponse:
    """The status badge, refreshed by the page once an operation on the VPS has finished, and
    loaded in place by the servers list for a VPS whose state the panel has not read yet."""
    in_list = "cached" in request.GET
    status = selectors.vps_status(lookup.connection, lookup.order.id, refresh=not in_list)
    if in_list:
        return render(request, "vps/_vps_status.html", {"status": status, "lookup": lookup})
    context = {
        "status": status,
        "lookup": lookup,
        "connection": lookup.connection,
        "order": lookup.order,
        "oob": True,  # the power buttons follow the new state, swapped in place
        **_power_context(status),
    }
    return render(request, "vps/_vps_status.html", context)


def _power_context(status) -> dict:
    """The power buttons to show, by the state in `status` (a Fetched VPS status)."""
    power_status = status.data.status if status.ok else None
    return {
        "power_status": power_status,
        "power_offered": controls.power_actions_offered(power_status),
        "power_busy": controls.is_busy(power_status),
    }


@team_view("operation.view")
@require_safe
def server_jobs(request: HttpRequest) -> HttpResponse:
    """The power and password jobs of the whole team, newest first, paged."""
    paged = paginate(request, selectors.server_operations(request.team))
    context = {"paged": paged, "operations": paged.rows}
    if request.htmx and request.htmx.target == "server-jobs":
        return render(request, "vps/jobs.html#server-jobs", context)
    return render(request, "vps/jobs.html", context)
