"""Settings for the test suite: the real settings with test-only secrets and fast hashing.

DATABASE_URL and REDIS_URL are honoured, so the same suite runs on SQLite and on
PostgreSQL + Redis.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
# Two fixed keys: tests can rotate from the second to the first.
os.environ.setdefault(
    "FORNEX_KEYS",
    "Qx0Yc7v1t3oB1o1Fo3D2p4m8b2vYq8G5k9oJ7wJv0xA=,d0N7q9j3s0p1V2w8x4y6z8A1B3C5D7E9F1G3H5J7K9M=",
)
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))
# The test client and the live server speak plain HTTP: no redirect to HTTPS, cookies sent over
# HTTP. Tests of the production defaults set these back (tests/production/).
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

# Parallel test processes (pytest-xdist: gw0, gw1...) each get their own two Redis databases
# (cache, broker), so one process clearing its cache never clears another's. Set in the
# environment, so the workers and servers a test starts use the same ones.
_XDIST = os.environ.get("PYTEST_XDIST_WORKER", "")
if (
    _XDIST.startswith("gw")
    and os.environ.get("REDIS_URL")
    and "FORNEXPANEL_REDIS_SPLIT" not in os.environ
):
    from fornexpanel.env import redis_database_url

    os.environ["REDIS_URL"] = redis_database_url(os.environ["REDIS_URL"], 2 + 2 * int(_XDIST[2:]))
    os.environ["FORNEXPANEL_REDIS_SPLIT"] = _XDIST

from fornexpanel.settings import *  # noqa: E402,F403

# Argon2 is the real hasher (tests check it is configured); the suite signs in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# This test run's own queue: a worker started by a test never takes another run's messages.
# (A worker process started by a test is told the name through FORNEXPANEL_TEST_QUEUE.)
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("FORNEXPANEL_TEST_QUEUE") or (
    f"fornexpanel-test-{os.getpid()}{os.environ.get('PYTEST_XDIST_WORKER', '')}"
)

# WhiteNoise warns when the collected-static folder is missing; tests serve from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Several test runs may share one PostgreSQL server (developers, CI): each gets its own database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    }
else:
    # A file rather than SQLite's shared in-memory database: tests with several threads or
    # processes (live server, workers, single-flight) need real locking with a busy timeout.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")  # noqa: F405
    }
