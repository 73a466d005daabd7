"""Production settings: `check --deploy` clean, strict defaults, each one overridable for a
deployment behind a TLS-terminating proxy."""

from __future__ import annotations

from tests.production.helpers import production_env, run, settings_values


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_strict(tmp_path):
    values = settings_values(
        production_env(tmp_path),
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "LOG_FORMAT",
        "STORAGES",
    )
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["LOG_FORMAT"] == "json"
    assert (
        values["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_a_development_machine_keeps_plain_http_and_readable_logs(tmp_path):
    env = production_env(tmp_path, DEBUG="1")
    values = settings_values(
        env, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "LOG_FORMAT"
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "LOG_FORMAT": "plain",
    }


def test_a_tls_proxy_header_can_be_trusted_and_https_handed_to_it(tmp_path):
    env = production_env(
        tmp_path,
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    values = settings_values(
        env, "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_a_bad_log_setting_stops_the_start_naming_it(tmp_path):
    result = run(["-c", "import fornexpanel.settings"], production_env(tmp_path, LOG_FORMAT="xml"))
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or plain" in result.stderr
    result = run(["-c", "import fornexpanel.settings"], production_env(tmp_path, LOG_LEVEL="loud"))
    assert "LOG_LEVEL must be one of" in result.stderr


def test_production_refuses_to_start_without_its_secrets_and_names_them(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    env["FORNEX_KEYS"] = ""
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "Missing required setting(s): SECRET_KEY, FORNEX_KEYS" in result.stderr


def test_production_refuses_the_console_mail_backend_unless_allowed(tmp_path):
    console = "django.core.mail.backends.console.EmailBackend"
    result = run(
        ["-c", "import fornexpanel.settings"],
        production_env(tmp_path, EMAIL_BACKEND=console),
    )
    assert result.returncode != 0
    assert "EMAIL_BACKEND is django.core.mail.backends.console.EmailBackend" in result.stderr
    assert "ALLOW_CONSOLE_EMAIL=1" in result.stderr
    allowed = settings_values(
        production_env(tmp_path, EMAIL_BACKEND=console, ALLOW_CONSOLE_EMAIL="1"), "EMAIL_BACKEND"
    )
    assert allowed["EMAIL_BACKEND"] == console


def test_production_sends_mail_over_smtp_by_default(tmp_path):
    values = settings_values(production_env(tmp_path), "EMAIL_BACKEND")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
