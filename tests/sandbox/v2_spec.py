"""The official v2 spec as JSON Schemas: find the operation behind a request, and the schema of
its request body or of its answer for a status code.

OpenAPI 3.0 schemas are not quite JSON Schema: every ``$ref`` is inlined here, ``nullable: true``
becomes "or null", and the OpenAPI-only keywords (readOnly, writeOnly, example, x-...) go.
Formats are not checked: the spec's own examples send naive timestamps as ``date-time``.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

SPEC_PATH = Path(__file__).resolve().parent / "spec" / "openapi-v2.3.28.json"
SPEC_SHA256 = "7c3019f2ed17f5d96fcc326305c91f71b7f96fe402c84d1dbb6df921953c129a"
_DROP = {"readOnly", "writeOnly", "example", "examples", "xml", "externalDocs", "discriminator"}


@cache
def spec() -> dict[str, Any]:
    raw = SPEC_PATH.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SPEC_SHA256, "the vendored spec was changed"
    return json.loads(raw)


def to_json_schema(node: Any, seen: tuple[str, ...] = ()) -> Any:
    """An OpenAPI 3.0 schema as a self-contained draft 4 JSON Schema."""
    if isinstance(node, list):
        return [to_json_schema(item, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        if ref in seen:  # a recursive schema: accept anything below the second visit
            return {}
        target: Any = spec()
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return to_json_schema(target, (*seen, ref))
    converted = {
        key: to_json_schema(value, seen)
        for key, value in node.items()
        if key not in _DROP and not key.startswith("x-") and key != "nullable"
    }
    if "properties" in node:
        converted["properties"] = {
            name: to_json_schema(value, seen) for name, value in node["properties"].items()
        }
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _path_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile("/api" + "".join("[^/]+" if p[:1] == "{" else re.escape(p) for p in parts))


@cache
def _operations() -> list[tuple[str, str, re.Pattern[str], dict[str, Any]]]:
    """(method, path template, its regex under /api, operation) for every operation."""
    found = []
    for template, item in spec()["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                found.append((method.upper(), template, _path_regex(template), operation))
    return found


def operation_for(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """(operationId, operation) for a request, or None for a path the spec does not have."""
    matches = [
        (template, op)
        for op_method, template, regex, op in _operations()
        if op_method == method and regex.fullmatch(path)
    ]
    # A literal segment beats a parameter (/orders/vps/ before /orders/{order_id}/).
    matches.sort(key=lambda match: match[0].count("{"))
    return (matches[0][1]["operationId"], matches[0][1]) if matches else None


def response_schema(operation: dict[str, Any], status: int) -> tuple[str | None, Any]:
    """(media type, JSON Schema) of the documented answer for `status`; KeyError if undocumented."""
    answer = operation["responses"][str(status)]
    content = answer.get("content") or {}
    if not content:
        return None, None
    media, body = next(iter(content.items()))
    return media, to_json_schema(body.get("schema", {}))


def request_schema(operation: dict[str, Any]) -> Any:
    body = operation.get("requestBody")
    if not body:
        return None
    return to_json_schema(body["content"]["application/json"]["schema"])


def errors(schema: Any, instance: Any) -> list[str]:
    validator = jsonschema_rs.Draft4Validator(schema, validate_formats=False)
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(instance)]  # fmt: skip
