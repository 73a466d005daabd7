"""docs/fornex-coverage.md has one row for every operation of Fornex's v2 spec, each naming a
client method and a page or action."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests/sandbox/spec/openapi-v2.3.28.json"
DOC = ROOT / "docs/fornex-coverage.md"
ROW = re.compile(r"^\| `(?P<op>[a-z0-9_]+)` \| `[A-Z]+ [^`]+` \| `(?P<method>[a-z0-9_]+)` \| (?P<page>[^|]+) \| (?P<role>[^|]+) \|$")  # fmt: skip


def _operation_ids() -> set[str]:
    spec = json.loads(SPEC.read_text(encoding="utf-8"))
    return {
        operation["operationId"]
        for item in spec["paths"].values()
        for method, operation in item.items()
        if method != "parameters"
    }


def _rows() -> dict[str, re.Match[str]]:
    found: dict[str, re.Match[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            assert match["op"] not in found, f"{match['op']} has two rows"
            found[match["op"]] = match
    return found


def test_every_spec_operation_has_exactly_one_row() -> None:
    ids = _operation_ids()
    rows = _rows()
    assert len(ids) == 75
    assert set(rows) == ids, {"missing": ids - set(rows), "unknown": set(rows) - ids}


def test_every_row_names_a_page_or_action() -> None:
    for op, row in _rows().items():
        assert row["page"].strip() and row["role"].strip(), op


def test_the_client_has_every_method_the_rows_name() -> None:
    from fornexpanel.fornex import V2Client

    for op, row in _rows().items():
        assert hasattr(V2Client, row["method"]), (op, row["method"])
        assert row["role"].strip() in ("viewer", "operator", "admin", "owner"), op
