"""Orders, servers, SSH keys and the balance through the endpoint.

Reads come from the pages' cached reads (vps.selectors, billing.selectors). A power action starts
the same operation as the server page's buttons (vps.services), run by a worker and followed live
on the panel's pages; asked again while it is still running, the call answers that operation
instead of starting a second one. Its job log entry (`pk`) is the operation's, followed through
`log_details/<pk>/` here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts.access import AccessDenied
from api.endpoint import shapes
from api.endpoint.call import Call
from api.endpoint.http import Problem, data_of, field_errors, not_found, paginate
from billing import selectors as billing_selectors
from vps import selectors, services
from vps.operations import POWER_ACTIONS

ORDERINGS = ("id", "expired")
POWER_KINDS = {handler.kind: action for action, handler in POWER_ACTIONS.items()}


def balance(call: Call) -> Any:
    call.scopes.check_read()
    return shapes.balance(data_of(billing_selectors.balance(call.connection)))


def orders_list(call: Call) -> Any:
    call.scopes.check_read()
    ordering = call.query("ordering") or "id"
    if ordering not in ORDERINGS:
        raise field_errors({"ordering": [f'"{ordering[:20]}" is not a valid choice.']})
    if call.query("cancel_mark"):
        # The panel's list of orders does not carry the cancel marks: say so rather than
        # answer a filter it cannot apply.
        raise field_errors({"cancel_mark": [_("The panel's API does not offer this filter.")]})
    orders = list(data_of(selectors.orders(call.connection)))
    if ordering == "expired":
        orders.sort(key=lambda order: (order.expiration_date is None, order.expiration_date))
    return paginate(call.request, [shapes.order(order) for order in orders])


def order_retrieve(call: Call, order_id: str) -> Any:
    call.scopes.check_read()
    if selectors.supports(call.connection, "order_details"):
        return shapes.order(data_of(selectors.order_details(call.connection, order_id)))
    fetched, found = selectors.order_for(call.connection, order_id)
    data_of(fetched)
    if found is None:
        raise not_found()
    return shapes.order(found)


def vps_status(call: Call, order_id: str) -> Any:
    call.scopes.check_status(order_id)
    return {"status": data_of(selectors.vps_status(call.connection, order_id)).status}


def _power(call: Call, order_id: str, action: str) -> Any:
    call.scopes.check_power(order_id)
    if call.scopes.all:
        call.require_role("vps.power")
    fetched, order = selectors.order_for(call.connection, order_id)
    data_of(fetched)
    if order is None or order.type != "vps":
        raise not_found()
    try:
        op, created = services.vps_power_action_once(
            actor=call.member,
            team=call.team,
            connection=call.connection,
            order_id=order_id,
            action=action,
            label=order.name or order_id,
        )
    except AccessDenied:
        raise Problem(403, _("The member's role does not allow this.")) from None
    call.facts.update({"panel_operation": op.pk, "started": created})
    return shapes.log_entry_of_operation(op, action=action, label=str(POWER_ACTIONS[action].label))


def vps_start(call: Call, order_id: str) -> Any:
    return _power(call, order_id, "start")


def vps_stop(call: Call, order_id: str) -> Any:
    return _power(call, order_id, "stop")


def vps_restart(call: Call, order_id: str) -> Any:
    return _power(call, order_id, "restart")


def vps_hard_reset(call: Call, order_id: str) -> Any:
    return _power(call, order_id, "hard_reset")


def vps_log_details(call: Call, order_id: str, log_id: str) -> Any:
    """A power action started through the panel (its operation), as Fornex's job log entry."""
    call.scopes.check_status(order_id)
    op = (
        selectors.vps_operations(call.connection, order_id)
        .filter(pk=int(log_id), kind__in=POWER_KINDS)
        .first()
    )
    if op is None:
        raise not_found()
    action = POWER_KINDS[op.kind]
    return shapes.log_entry_of_operation(op, action=action, label=str(POWER_ACTIONS[action].label))


def ssh_key_list(call: Call) -> Any:
    call.scopes.check_read()
    return [
        shapes.ssh_key(key, call.connection) for key in data_of(selectors.ssh_keys(call.connection))
    ]
