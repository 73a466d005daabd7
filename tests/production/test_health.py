"""The health endpoint: database, cache, broker and worker, each reported going down."""

from __future__ import annotations

import json
import time

import pytest
from django.core.cache import cache, caches
from django.db import OperationalError, connection
from django.urls import reverse

from fornexpanel.celery import app as celery_app
from fornexpanel.core.health import HEALTH_PATH, HEARTBEAT_KEY

CRITICAL = ("database", "cache", "broker")


def _health(client, **headers):
    response = client.get(HEALTH_PATH, **headers)
    assert response["Content-Type"] == "application/json"
    return response, response.json()


def test_its_url_is_the_path_the_middleware_answers():
    assert reverse("health") == HEALTH_PATH


def test_every_component_is_up_while_a_worker_runs(client, celery_worker):
    response, body = _health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "up",
        "cache": "up",
        "broker": "up",
        "worker": "up",
    }
    assert body["checks"]["worker"]["last_seen_seconds"] < 15
    assert "no-store" in response["Cache-Control"]


def test_without_a_worker_it_is_degraded_but_still_serving(client, db):
    cache.delete(HEARTBEAT_KEY)
    response, body = _health(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["status"] == "down"
    assert all(body["checks"][name]["status"] == "up" for name in CRITICAL)


def test_a_worker_silent_for_three_heartbeats_counts_as_down(client, db, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 10
    cache.set(HEARTBEAT_KEY, time.time() - 25)
    assert _health(client)[1]["checks"]["worker"]["status"] == "up"
    cache.set(HEARTBEAT_KEY, time.time() - 31)
    worker = _health(client)[1]["checks"]["worker"]
    assert worker["status"] == "down"
    assert worker["last_seen_seconds"] == pytest.approx(31, abs=2)


def test_the_database_going_down_makes_it_503(client, db, monkeypatch, caplog):
    assert _health(client)[0].status_code == 200

    def refuse():
        raise OperationalError("connection to server at 10.1.2.3 failed: Connection refused")

    with monkeypatch.context() as patch:  # undone before the test database is torn down
        patch.setattr(connection, "ensure_connection", refuse)
        response, body = _health(client)
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == {"status": "down"}
    assert body["checks"]["broker"]["status"] == "up"
    # The embedded cache lives in the database: it goes down with it; Redis does not.
    cache_backend_is_database = "DatabaseCache" in caches["default"].__class__.__name__
    assert (body["checks"]["cache"]["status"] == "down") is cache_backend_is_database
    # The reason is in the log for the operator, not in the answer.
    assert "10.1.2.3" not in response.content.decode()
    assert any("database is down" in record.getMessage() for record in caplog.records)


@pytest.fixture
def panel_on_redis(redis_server, settings, monkeypatch):
    """Cache and broker on the test's own Redis server."""
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"] = {
        "BACKEND": "fornexpanel.core.cache.RedisCache",
        "LOCATION": redis_server.url,
        "KEY_PREFIX": caches["default"]["KEY_PREFIX"],
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    settings.CACHES = caches
    monkeypatch.setitem(celery_app.conf, "broker_url", redis_server.url)
    monkeypatch.setitem(celery_app.conf, "broker_transport", None)  # the URL's scheme decides
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {})
    return redis_server


def test_redis_going_down_makes_it_503_with_cache_and_broker_down(client, db, panel_on_redis):
    cache.set(HEARTBEAT_KEY, time.time())
    response, body = _health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"

    panel_on_redis.stop()

    started = time.monotonic()
    response, body = _health(client)
    assert time.monotonic() - started < 5  # a load balancer's probe must not hang
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "up"
    assert body["checks"]["cache"] == {"status": "down"}
    assert body["checks"]["broker"] == {"status": "down"}
    assert body["checks"]["worker"] == {"status": "unknown"}
    text = response.content.decode()
    assert str(panel_on_redis.port) not in text and "refused" not in text.lower()


def test_it_answers_a_probe_by_address_over_plain_http(client, db, settings):
    # Production: HTTPS redirect on and a real host name; the load balancer knows neither.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["panel.example.com"]
    response = client.get(HEALTH_PATH, HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["database"]["status"] == "up"
    # Every other page still checks the host and redirects to HTTPS.
    assert client.get("/accounts/login/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    redirect = client.get("/accounts/login/", HTTP_HOST="panel.example.com")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://panel.example.com/accounts/login/"


def test_it_carries_the_security_headers_and_reveals_only_states(client, db):
    response, body = _health(client)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert set(body) == {"status", "checks"}
    for check in body["checks"].values():
        assert set(check) <= {"status", "ms", "last_seen_seconds"}
