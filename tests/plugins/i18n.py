"""The translations are compiled before any test runs: `make test` does it through `make messages`,
and a plain `pytest` compiles here whatever .mo is missing or older than its .po."""

from __future__ import annotations


def pytest_sessionstart(session) -> None:
    from fornexpanel.core.translations import compile_catalogues

    # Each xdist worker may get here at once: every file is written aside and renamed.
    compile_catalogues(only_stale=True)
