"""Fornex's own words (its refusals, its job notes, often Russian) are shown as they came, marked
as Fornex's, escaped: never taken for the panel's sentences or for markup."""

from __future__ import annotations

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from fornexpanel.core.i18n import fornex_words, with_fornex_words
from fornexpanel.fornex import BadRequest, UpstreamUnavailable
from fornexpanel.gateway import describe_error, describe_error_html
from operations.models import Operation
from operations.services import operation_poll
from operations.tasks import operation_run
from tests.vps.conftest import VPS, vps_url
from vps import services


def test_a_refusal_in_russian_is_marked_as_fornexs_words_in_russian():
    html = describe_error_html(BadRequest("Заказ не найден"))
    assert html == (
        'Fornex refused: <q class="fornex-words" lang="ru" '
        'title="Fornex&#x27;s own words, shown as Fornex sent them">Заказ не найден</q>'
    )
    assert describe_error(BadRequest("Заказ не найден")) == "Fornex refused: Заказ не найден"


def test_the_panels_words_around_them_are_in_the_readers_language():
    with translation.override("ru"):
        html = describe_error_html(BadRequest("Order is already cancelled"))
    assert html.startswith("Fornex отказал: <q ")
    assert 'lang="en"' in html and ">Order is already cancelled</q>" in html


def test_fornexs_words_are_escaped():
    html = describe_error_html(BadRequest('<script>alert("x")</script> & co'))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</q>" in html
    marked = with_fornex_words("Stopped at “<b>”: <b>", ["<b>"])
    assert marked.count("&lt;b&gt;") == 2 and "<b>" not in marked


def test_a_refusal_without_words_of_fornexs_own_says_so_in_the_panels():
    assert describe_error_html(BadRequest()) == "Fornex refused the request."
    assert "fornex-words" not in describe_error_html(UpstreamUnavailable())


def test_a_stored_message_marks_only_the_words_fornex_said():
    marked = with_fornex_words("Fornex refused: VPS is busy. Try again.", ["VPS is busy"])
    assert marked == (f"Fornex refused: {fornex_words('VPS is busy')}. Try again.")
    assert with_fornex_words("Nothing of Fornex's", ["absent"]) == "Nothing of Fornex&#x27;s"
    assert with_fornex_words("", None) == ""


def test_the_template_filters_mark_fornexs_words():
    rendered = Template(
        "{% load panel %}{{ note|fornex_said }}|{{ message|with_fornex_words:words }}|{{ empty|fornex_said }}"
    ).render(
        Context({"note": "Идёт перезагрузка", "message": "Done: ok", "words": ["ok"], "empty": ""})
    )
    assert rendered.startswith('<q class="fornex-words" lang="ru"')
    assert rendered.endswith(
        'Done: <q class="fornex-words" lang="en" '
        'title="Fornex&#x27;s own words, shown as Fornex sent them">ok</q>|'
    )


def test_an_operation_fornex_refused_keeps_its_words_and_the_page_marks_them(
    login, team, connection, operator, russian, sandbox_api
):
    with translation.override("ru"):
        op = services.vps_power_action(
            actor=operator, team=team, connection=connection, order_id=VPS, action="start"
        )
    assert op.language == "ru"
    # The worker's task writes the outcome in the language of the member who started it.
    operation_run(op.pk)  # web-1 is already running: the sandbox answers 400
    op.refresh_from_db()
    assert op.state == Operation.State.FAILED
    assert op.message.startswith("Fornex отказал: ")
    [words] = op.result["fornex_words"]
    assert "already running" in words
    page = login(russian(operator)).get(vps_url("detail", connection)).content.decode()
    assert 'Fornex отказал: <q class="fornex-words" lang="en"' in page
    assert f">{words}</q>" in page


def test_a_job_note_from_fornex_is_marked_in_the_job_log(login, operator, connection, sandbox_api):
    client = login(operator)
    op = client.post(vps_url("password_reset", connection)).context["op"]
    sandbox_api.advance(2)
    op = operation_poll(op.pk)
    assert op.state == Operation.State.DONE
    fragment = client.get(reverse("operations:status", args=[op.pk])).content.decode()
    assert '<q class="fornex-words" lang="en"' in fragment
    assert ">Resetting root password</q>" in fragment
