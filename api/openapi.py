"""The OpenAPI description of what the endpoint offers: Fornex's official spec narrowed to the
operations in api/endpoint/routes.py, served at /fornex/api/schema/.

The subset is made from the official spec by `manage.py api_schema <spec>` and kept in
api/openapi.json; tests/api/test_schema.py checks it is still exactly that.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation

from api.endpoint.routes import ROUTES

SCHEMA_FILE = Path(__file__).with_name("openapi.json")
BASE_PATH = "/fornex/api"
SECURITY_DESCRIPTION = (
    "A Fornex Panel API token in the header, as Fornex's own key would be:\n\n"
    "    Authorization: Api-Key fxp_...\n\n"
    "Members make tokens on the panel's API tokens page, for one connection of their team, with "
    "scopes never wider than their role (read; DNS records, optionally limited to domains, record "
    "types and hosts; server power and status, optionally limited to servers; everything the "
    "role allows). A call outside the token's scopes answers 403 with a `detail` naming the "
    "missing scope. The `apikey` parameter is not accepted."
)


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def subset(spec: dict[str, Any]) -> dict[str, Any]:
    """The official spec with only the offered operations and the schemas they use."""
    offered = {(route.path, route.method.lower()): route for route in ROUTES}
    paths: dict[str, Any] = {}
    with translation.override("en"):
        for path, item in spec["paths"].items():
            operations = {}
            for method, operation in item.items():
                route = offered.get((path, method))
                if route is None:
                    continue
                kept = {key: value for key, value in operation.items() if key != "x-codeSamples"}
                kept["x-panel-scopes"] = str(route.scopes)
                operations[method] = kept
            if operations:
                paths[path] = operations
    schemas: set[str] = set()
    _refs(paths, schemas)
    while True:  # schemas referring to other schemas
        more: set[str] = set()
        _refs([spec["components"]["schemas"][name] for name in schemas], more)
        if more <= schemas:
            break
        schemas |= more
    security = dict(spec["components"]["securitySchemes"])
    security = {
        name: {**scheme, "description": SECURITY_DESCRIPTION} for name, scheme in security.items()
    }
    tags = {tag for item in paths.values() for op in item.values() for tag in op.get("tags", [])}
    return {
        "openapi": spec["openapi"],
        "info": {
            "title": "Fornex Panel: the Fornex-compatible API",
            "version": spec["info"]["version"],
            "description": (
                "The operations of Fornex's public API (version "
                f"{spec['info']['version']}) that Fornex Panel answers for scripts, at the same "
                "paths under the panel's address, with a panel API token instead of the Fornex "
                "key. Reads are served from the panel's cache; changes go through the panel's "
                "checks and its audit history."
            ),
        },
        "servers": [{"url": BASE_PATH}],
        "paths": paths,
        "components": {
            "schemas": {name: spec["components"]["schemas"][name] for name in sorted(schemas)},
            "securitySchemes": security,
        },
        "tags": [tag for tag in spec.get("tags", []) if tag.get("name") in tags],
    }


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cache
def served() -> bytes:
    return SCHEMA_FILE.read_bytes()
