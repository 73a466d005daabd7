"""Small things seen along the way: ISO dates from Fornex read like every other date, and the
cancel page has one full stop after a time."""

from __future__ import annotations

from django.utils import timezone, translation

from fornexpanel.core.templatetags.panel import moment
from tests.vps.conftest import VPS, vps_url


def test_an_iso_timestamp_is_shown_in_the_readers_zone_and_language():
    with translation.override("en"), timezone.override("Europe/Berlin"):
        assert moment("2026-11-27T23:30:00Z") == "11/28/2026 12:30 a.m."
    with translation.override("ru"), timezone.override("Europe/Moscow"):
        assert moment("2026-11-27T23:30:00+00:00") == "28.11.2026 02:30"


def test_a_date_fornex_wrote_in_words_is_kept_as_sent():
    assert moment("December 19, 2017") == "December 19, 2017"
    assert moment(None) == "—"


def test_the_cancel_page_has_no_double_full_stop(login, admin, v2_connection):
    body = login(admin).get(vps_url("order_cancel", v2_connection, VPS)).content.decode()
    assert ".." not in body.replace("...", "")
