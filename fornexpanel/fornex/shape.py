"""Strict readers for decoded JSON, shared by the dialect parsers.

They raise ShapeError (turned into MalformedResponse by the client) naming the field and the
type found, never the value: a value may be a password or a key echoed back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

T = TypeVar("T")

_TRUE = (True, 1, "True", "true", "1")
_FALSE = (False, 0, "False", "false", "0")


class ShapeError(ValueError):
    """The decoded answer does not have the documented shape."""


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def obj(value: Any, what: str = "answer") -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ShapeError(f"{what}: expected an object, got {_kind(value)}")
    return value


def items(value: Any, what: str = "answer") -> list[Any]:
    if not isinstance(value, list):
        raise ShapeError(f"{what}: expected a list, got {_kind(value)}")
    return value


def each(value: Any, parse: Callable[[Any], T], what: str = "answer") -> tuple[T, ...]:
    return tuple(parse(item) for item in items(value, what))


def _get(data: Mapping[str, Any], key: str, *, optional: bool) -> Any:
    if key not in data:
        if optional:
            return None
        raise ShapeError(f"field {key!r} is missing")
    return data[key]


def string(data: Mapping[str, Any], key: str, *, optional: bool = False) -> str | None:
    value = _get(data, key, optional=optional)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ShapeError(f"field {key!r}: expected a string, got {_kind(value)}")
    return value


def ident(data: Mapping[str, Any], key: str) -> str:
    """An identifier that may come as a string or a number ("34-1234", 67)."""
    value = _get(data, key, optional=False)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ShapeError(f"field {key!r}: expected an identifier, got {_kind(value)}")
    return str(value)


def integer(data: Mapping[str, Any], key: str, *, optional: bool = False) -> int | None:
    value = _get(data, key, optional=optional)
    if value is None and optional:
        return None
    if isinstance(value, bool):
        raise ShapeError(f"field {key!r}: expected an integer, got bool")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        # The DNS form fields (ttl, prio) travel as strings; answers may echo them that way.
        return int(value)
    raise ShapeError(f"field {key!r}: expected an integer, got {_kind(value)}")


def number(data: Mapping[str, Any], key: str, *, optional: bool = False) -> float | None:
    value = _get(data, key, optional=optional)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ShapeError(f"field {key!r}: expected a number, got {_kind(value)}")
    if not math.isfinite(value):
        raise ShapeError(f"field {key!r}: expected a finite number")
    return float(value)


def money(data: Mapping[str, Any], key: str) -> Decimal:
    value = _get(data, key, optional=False)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ShapeError(f"field {key!r}: expected an amount, got {_kind(value)}")
    try:
        # Through str so that 91.1 becomes Decimal("91.1"), not its binary approximation.
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ShapeError(f"field {key!r}: expected an amount, got a non-numeric string") from None
    if not amount.is_finite():
        raise ShapeError(f"field {key!r}: expected a finite amount")
    return amount


def boolean(data: Mapping[str, Any], key: str) -> bool:
    value = _get(data, key, optional=False)
    if value in _TRUE and not isinstance(value, float):
        return True
    if value in _FALSE and not isinstance(value, float):
        return False
    raise ShapeError(f"field {key!r}: expected a boolean, got {_kind(value)}")


def ok_flag(value: Any) -> bool | None:
    """True/False for the API's `ok` spellings (true, "True", "true"...); None if unrecognised."""
    if isinstance(value, float):
        return None
    if value in _TRUE:
        return True
    if value in _FALSE or value is None:
        return False
    return None


def iso_datetime(data: Mapping[str, Any], key: str) -> datetime | None:
    """An ISO 8601 timestamp ("2015-12-18T17:21:46"); null/absent/empty gives None."""
    value = _get(data, key, optional=True)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ShapeError(f"field {key!r}: expected a timestamp, got {_kind(value)}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ShapeError(f"field {key!r}: not an ISO 8601 timestamp") from None


def iso_date(value: Any, what: str) -> date:
    if not isinstance(value, str):
        raise ShapeError(f"{what}: expected a date, got {_kind(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ShapeError(f"{what}: not a YYYY-MM-DD date") from None


def strings(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """A list of strings; null or absent gives an empty tuple."""
    value = _get(data, key, optional=True)
    if value is None:
        return ()
    result = items(value, f"field {key!r}")
    if not all(isinstance(item, str) for item in result):
        raise ShapeError(f"field {key!r}: expected a list of strings")
    return tuple(result)
