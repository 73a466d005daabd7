"""Operations in words for templates: the action's name (from its handler), in the reader's
language."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def operation_label(op) -> str:
    """ "Restart", "Reset root password"...; the kind itself for a kind no handler knows."""
    from operations.registry import handler_for

    try:
        label = handler_for(op.kind).label
    except (KeyError, LookupError):
        return op.kind
    return str(label) if label else op.kind
