"""Path converters. `fornex_id`: an id Fornex hands out for an SSH key or a DNS record. The spec
types them as any integer, negative ones included, so a page listing such an object must be able
to link to it (Django's `int` converter takes no sign, and reversing would fail with a 500)."""

from __future__ import annotations

from django.urls import register_converter


class FornexIdConverter:
    regex = "-?[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(FornexIdConverter, "fornex_id")
