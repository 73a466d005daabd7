"""Statistics graphs: date ranges, the JSON each chart draws, downsampling of long ranges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fornexpanel.fornex import StatSeries, VpsStats
from tests.vps.conftest import DS, VPS, vps_url
from vps import stats

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("preset", "days"), [("24h", 1), ("7d", 7), ("30d", 30)])
def test_a_preset_asks_for_the_days_it_covers_and_cuts_to_its_span(preset, days):
    span = stats.parse_range({"range": preset}, now=NOW)
    assert span.end == date(2026, 3, 10)
    assert span.start == (NOW - timedelta(days=days)).date()
    assert span.since == NOW - timedelta(days=days)


def test_the_default_range_is_24_hours():
    assert stats.parse_range({}, now=NOW).preset == "24h"


def test_a_custom_range_is_taken_as_typed():
    span = stats.parse_range({"start": "2026-02-01", "end": "2026-02-20"}, now=NOW)
    assert (span.start, span.end, span.since) == (date(2026, 2, 1), date(2026, 2, 20), None)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"start": "2026-02-20", "end": "2026-02-01"}, "before the start"),
        ({"start": "01.02.2026", "end": "2026-02-20"}, "YYYY-MM-DD"),
        ({"start": "2026-04-01", "end": "2026-04-02"}, "future"),
        ({"start": "2024-01-01", "end": "2026-01-01"}, "366"),
        ({"range": "5y"}, "Unknown range"),
    ],
)
def test_a_range_that_cannot_be_asked_for_is_refused_in_words(params, words):
    with pytest.raises(stats.RangeError, match=words):
        stats.parse_range(params, now=NOW)


def _series(name, start, interval, values, color="#60B5FF"):
    return StatSeries(name, color, tuple(values), start, None, interval, None)


def test_series_become_one_time_axis_with_a_column_each():
    data = stats.chart_data(
        VpsStats(
            (
                _series("In", 1000_000, 60_000, [1, 2, 3]),
                _series("Out", 1000_000, 60_000, [4, None, 6]),
            ),
            "subtitle",
        )
    )
    assert data["x"] == [1000, 1060, 1120]
    assert [s["values"] for s in data["series"]] == [[1, 2, 3], [4, None, 6]]
    assert data["series"][0]["name"] == "In" and data["series"][0]["color"] == "#60B5FF"


def test_series_with_different_axes_are_aligned_with_gaps():
    data = stats.chart_data(
        VpsStats((_series("A", 0, 60_000, [1, 2]), _series("B", 60_000, 60_000, [5, 6])), None)
    )
    assert data["x"] == [0, 60, 120]
    assert [s["values"] for s in data["series"]] == [[1, 2, None], [None, 5, 6]]


def test_a_long_range_is_averaged_down_keeping_gaps():
    values = [float(i) for i in range(10_000)]
    values[5000:5020] = [None] * 20
    data = stats.chart_data(VpsStats((_series("A", 0, 1000, values),), None), max_points=500)
    assert len(data["x"]) <= 500 and data["points"] == 10_000
    column = data["series"][0]["values"]
    assert column[0] == pytest.approx(9.5)  # mean of the first bucket of 20
    assert None in column  # a bucket of nothing but gaps stays a gap


def test_a_preset_drops_points_before_its_span():
    since = datetime.fromtimestamp(120, UTC)
    data = stats.chart_data(VpsStats((_series("A", 0, 60_000, [1, 2, 3, 4]),), None), since=since)
    assert data["x"] == [120, 180]
    assert data["outside"] == 2  # counted, so the page can say why a graph is empty


def test_a_range_with_every_point_outside_says_so():
    since = datetime.fromtimestamp(600, UTC)
    data = stats.chart_data(VpsStats((_series("A", 0, 60_000, [1, 2, 3, 4]),), None), since=since)
    assert data["x"] == [] and data["outside"] == 4


@pytest.mark.parametrize("field", ["cpu", "memory", "traffic", "disk", "inodes", "io"])
def test_every_field_answers_json_for_its_chart(field, login, viewer, connection):
    response = login(viewer).get(vps_url("stats", connection, VPS, field), {"range": "7d"})
    assert response.status_code == 200
    data = response.json()
    assert data["field"] == field and data["x"]
    assert all(len(s["values"]) == len(data["x"]) for s in data["series"])
    assert data["series"][0]["color"].startswith("#")


def test_thirty_days_come_in_few_points_and_from_the_cache_the_second_time(
    login, viewer, connection, sandbox_api
):
    client = login(viewer)
    first = client.get(vps_url("stats", connection, VPS, "traffic"), {"range": "30d"}).json()
    client.get(vps_url("stats", connection, VPS, "traffic"), {"range": "30d"})
    assert len(first["x"]) <= stats.MAX_POINTS
    assert len([k for k in sandbox_api.requests() if "/api/vps_stat/" in k]) == 1
    assert sum(v for k, v in sandbox_api.requests().items() if "/api/vps_stat/" in k) == 1


def test_a_custom_range_reaches_fornex_as_days(login, viewer, connection, sandbox_api):
    from django.utils import timezone

    today = timezone.now().date()
    start = today - timedelta(days=3)
    login(viewer).get(
        vps_url("stats", connection, VPS, "cpu"),
        {"start": start.isoformat(), "end": today.isoformat()},
    )
    span = f"{start.isoformat()}--{today.isoformat()}"
    assert sandbox_api.count("GET", f"/api/vps_stat/{VPS}/cpu/{span}.json") == 1


def test_a_bad_range_answers_400_with_the_reason(login, viewer, connection):
    response = login(viewer).get(
        vps_url("stats", connection, VPS, "cpu"), {"start": "2026-02-20", "end": "2026-02-01"}
    )
    assert response.status_code == 400 and "before the start" in response.json()["error"]


def test_an_unknown_field_answers_404(login, viewer, connection):
    assert login(viewer).get(vps_url("stats", connection, VPS, "temperature")).status_code == 404


def test_a_fornex_failure_comes_back_as_words_for_the_chart(login, viewer, connection, sandbox_api):
    sandbox_api.fault(path="/api/vps_stat/", status=503)
    data = login(viewer).get(vps_url("stats", connection, VPS, "cpu")).json()
    assert "not answering" in data["error"]


def test_graphs_are_only_for_a_vps(login, viewer, connection):
    assert login(viewer).get(vps_url("stats", connection, DS, "cpu")).status_code == 404


def test_the_page_draws_in_the_viewers_time_zone(login, viewer, connection):
    viewer.timezone = "Asia/Tokyo"
    viewer.save()
    body = login(viewer).get(vps_url("detail", connection)).content.decode()
    assert 'data-timezone="Asia/Tokyo"' in body
