"""Form widgets are rendered once per process for the same inputs (PanelFormRenderer): a filter
form of six fields costs the template engine a few milliseconds on every page view otherwise.
What a widget shows still follows its value, its choices, its attributes and the language."""

from __future__ import annotations

from unittest import mock

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from fornexpanel.core.forms import PanelFormRenderer, widgets


@pytest.fixture(autouse=True)
def _empty():
    widgets.clear()
    yield
    widgets.clear()


class FilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any")), ("vps.power", "Power")]
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    text = forms.CharField(required=False)


def engine_renders():
    return mock.patch.object(
        TemplatesSetting, "render", autospec=True, side_effect=TemplatesSetting.render
    )


def test_the_same_widget_is_rendered_by_the_engine_once():
    with engine_renders() as rendered:
        first = str(FilterForm({"action": "vps.power"})["action"])
        second = str(FilterForm({"action": "vps.power"})["action"])
    assert first == second
    assert 'value="vps.power" selected' in first
    widget_renders = [call for call in rendered.call_args_list if "widgets" in call.args[1]]
    assert len(widget_renders) == 1


def test_another_value_choice_or_attribute_renders_anew():
    chosen = str(FilterForm({"action": "vps.power"})["action"])
    blank = str(FilterForm({"action": ""})["action"])
    assert chosen != blank
    assert 'value="" selected' in blank
    assert str(FilterForm({"text": "a"})["text"]) != str(FilterForm({"text": "b"})["text"])
    invalid = FilterForm({"since": "not a date"})
    invalid.is_valid()
    assert "is-invalid" in str(invalid["since"])
    assert "is-invalid" not in str(FilterForm({"since": "2026-01-02"})["since"])


def test_the_language_is_part_of_the_key():
    with translation.override("en"):
        english = str(FilterForm({})["action"])
    with translation.override("ru"):
        russian = str(FilterForm({})["action"])
    assert ">Any<" in english
    assert ">Any<" not in russian


def test_escaping_follows_the_value_not_its_text():
    class Named(forms.Form):
        name = forms.CharField()

    plain = str(Named({"name": "<b>"})["name"])
    assert "&lt;b&gt;" in plain
    safe = PanelFormRenderer().render(
        "django/forms/widgets/text.html",
        {
            "widget": {
                "name": "name",
                "is_hidden": False,
                "required": True,
                "value": mark_safe("<b>"),  # noqa: S308 (the test's own literal)
                "attrs": {"id": "id_name"},
                "template_name": "django/forms/widgets/text.html",
                "type": "text",
            }
        },
    )
    assert 'value="<b>"' in safe
    assert "&lt;b&gt;" in str(Named({"name": "<b>"})["name"])


def test_a_context_with_an_object_it_cannot_name_is_rendered_every_time():
    class Thing:
        def __str__(self) -> str:
            return "thing"

    context = {
        "widget": {
            "name": "n",
            "is_hidden": False,
            "required": False,
            "value": Thing(),
            "attrs": {},
            "template_name": "django/forms/widgets/text.html",
            "type": "text",
        }
    }
    with engine_renders() as rendered:
        PanelFormRenderer().render("django/forms/widgets/text.html", context)
        PanelFormRenderer().render("django/forms/widgets/text.html", context)
    assert rendered.call_count == 2


def test_it_keeps_at_most_the_configured_number(settings):
    settings.FRAGMENT_CACHE_SIZE = 3
    for number in range(10):
        str(FilterForm({"text": str(number)})["text"])
    assert len(widgets) <= 3
