"""Forms render with Bootstrap's markup everywhere, without per-form styling code, and each widget
is rendered by the template engine once per process for the same inputs."""

from __future__ import annotations

import datetime
import decimal

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.functional import Promise

from fornexpanel.core.recent import Recent

# Rendered widgets by template and context (PanelFormRenderer.render).
widgets = Recent(lambda: settings.FRAGMENT_CACHE_SIZE)

_PLAIN = (int, float, bool, decimal.Decimal, datetime.date, datetime.time, type(None))


class PanelBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            css = ""
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return attrs


class PanelFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = PanelBoundField

    def render(self, template_name, context, request=None):
        """A widget's HTML depends on its template, its context (plain values: name, value,
        attributes, choices) and the language alone, so it is kept by those. A context holding
        anything else (a form, a bound field, an error list) is rendered every time."""
        try:
            key = (template_name, translation.get_language(), _frozen(context))
        except _Unnamed:
            return super().render(template_name, context, request)
        html = widgets.get(key)
        if html is None:
            html = super().render(template_name, context, request)
            widgets.put(key, html)
        return html


class _Unnamed(Exception):
    """A value the widget memory cannot name by its content."""


def _frozen(value):
    """A hashable copy of a widget context that tells apart every context rendered differently:
    the type is kept beside each string (a SafeString is not escaped, a str is), dicts keep
    their order (attributes are written in it), and lazy text is taken in the active language."""
    kind = type(value)
    if kind is str or isinstance(value, _PLAIN):
        return (kind, value)
    if isinstance(value, str):
        return (kind, str.__str__(value))
    if isinstance(value, Promise):
        text = str(value)
        return (type(text), str.__str__(text))
    if kind is dict:
        return (dict, tuple((name, _frozen(item)) for name, item in value.items()))
    if kind in (list, tuple):
        return (kind, tuple(_frozen(item) for item in value))
    if kind is ModelChoiceIteratorValue:
        return (kind, _frozen(value.value))
    raise _Unnamed(kind)
