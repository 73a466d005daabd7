"""The VPS page's private networking card, computed here so the page's view stays as it is."""

from __future__ import annotations

from django import template

from vps import networks, selectors

register = template.Library()


@register.inclusion_tag("vps/networks/_vps_card.html", takes_context=True)
def private_network_card(context, connection, order):
    offered = selectors.supports(connection, "vps_update")
    return {
        "request": context["request"],
        "connection": connection,
        "order": order,
        "offered": offered,
        "last": networks.last_private_network_switch(connection, order.id) if offered else None,
    }
