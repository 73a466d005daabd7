"""The audit history in words (accounts/audit_text.py) for templates."""

from __future__ import annotations

from django import template

from accounts import audit_text

register = template.Library()


@register.filter
def audit_sentence(event) -> str:
    return audit_text.sentence(event.action, event.target_label or event.target_id)


@register.filter
def audit_fields(event) -> list[audit_text.Field]:
    return audit_text.fields(event.detail)
