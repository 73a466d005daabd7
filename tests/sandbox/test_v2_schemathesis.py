"""Schemathesis against the running sandbox with the official v2 spec, for the operations the
panel uses: generated requests (the spec's examples first) must never get a 5xx, and every
documented answer must match the spec's schema.

Path parameters are set to seeded objects of the right kind (a VPS for /vps/..., a dedicated
server for /orders/ds/...), so the generated queries and bodies reach the handlers instead of
stopping at a 404. The run is deterministic (derandomized, no example database) and small: a few
examples per operation, the sandbox reset before each operation.

Checks: `not_a_server_error` and `response_schema_conformance`, without format validation: the
spec's own examples send naive timestamps ("2015-12-18T17:21:46") for `date-time` fields, which
RFC 3339 would refuse, and the sandbox answers as the examples do. The others make no sense
against a fake that documents no error responses (status and content-type conformance would
flag every 400/404, which the spec never lists).

`orders_ds_traffic_used_retrieve` types its `order_id` as an integer: the order's number (1234
for "34-1234"), as the client sends it. `orders_vps_create` runs on a fresh sandbox each time, so
the generated orders that Fornex would accept are debited from a balance reset before the next.

Spec defects worked around, not excluded: `orders_s3_notification_threshold_update` declares its
`order_id` an integer (the S3 order number "664-7" is set); `vps_stats_retrieve` has no `inodes`
field (the v2 client refuses it: NoV2Equivalent).
No operation had to be excluded.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.contract.helpers import DOMAIN, DOMAIN_ORDER, DS, KEY_BOB, S3, VPS, VPS_OFF, WWW_RECORD
from tests.contract.v2_helpers import NETWORK, PROJECT
from tests.plugins.sandbox import Sandbox
from tests.sandbox.helpers import FULL
from tests.sandbox.test_v2_spec import USED_OPERATIONS
from tests.sandbox.v2_spec import SPEC_PATH

EXAMPLES = 8
CHECKS = [not_a_server_error, response_schema_conformance]
PATH_PARAMETERS = {
    "order_id": VPS,
    "name": DOMAIN,
    "id": WWW_RECORD,
    "key_id": KEY_BOB,
    "log_id": 222281,  # the seeded password reset on VPS
}
ORDER_BY_PREFIX = {"/orders/ds/": DS, "/dns/order/": DOMAIN_ORDER, "/orders/s3/": S3}
# None are seeded: each is created before its operation runs (see `_create_objects`).
ID_BY_PREFIX = {"/project/": PROJECT, "/private-network/": NETWORK}


@cache
def _schema() -> Any:
    schema = schemathesis.openapi.from_path(SPEC_PATH)
    schema.config.checks.response_schema_conformance.validate_formats = False
    return schema


def _operations() -> dict[str, Any]:
    chosen = _schema().include(operation_id=sorted(USED_OPERATIONS))
    return {op.definition.raw["operationId"]: op for op in (r.ok() for r in chosen.get_all_operations())}  # fmt: skip


def _path_parameters(path: str) -> dict[str, Any]:
    values = dict(PATH_PARAMETERS)
    for prefix, order_id in ORDER_BY_PREFIX.items():
        if path.startswith(prefix):
            values["order_id"] = order_id
    if path.endswith("/traffic_used/"):
        values["order_id"] = int(DS.split("-")[1])  # the spec's integer
    for prefix, object_id in ID_BY_PREFIX.items():
        if path.startswith(prefix):
            values["id"] = object_id
    if path.endswith("/start/"):
        values["order_id"] = VPS_OFF  # a VPS that can be started
    return values


def _create_objects(sandbox: Sandbox, path: str, headers: dict[str, str]) -> None:
    """The project or private network (and a VPS in it) an operation on one needs."""
    if path.startswith("/project/{id}"):
        requests.post(f"{sandbox.api_url}/project/", json={"name": "Website"}, headers=headers, timeout=10)  # fmt: skip
        requests.post(f"{sandbox.api_url}/project/{PROJECT}/add_orders/", json={"orders": [VPS]}, headers=headers, timeout=10)  # fmt: skip
    if path.startswith("/private-network/{id}") or path == "/vps/{order_id}/":
        requests.post(f"{sandbox.api_url}/private-network/", headers=headers, timeout=10)


def test_every_operation_the_panel_uses_is_in_the_spec() -> None:
    assert set(_operations()) == USED_OPERATIONS


def _run(strategy: Any, examples: int, call: Any) -> None:
    @given(case=strategy)
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    def run(case: Any) -> None:
        call(case)

    run()


@pytest.mark.parametrize("operation_id", sorted(USED_OPERATIONS))
def test_the_sandbox_conforms_to_the_spec(sandbox: Sandbox, operation_id: str) -> None:
    operation = _operations()[operation_id]
    names = re.findall(r"\{(\w+)\}", operation.path)
    fixed = {
        name: value for name, value in _path_parameters(operation.path).items() if name in names
    }
    headers = {"Authorization": f"Api-Key {FULL}"}
    _create_objects(sandbox, operation.path, headers)
    seen: list[int] = []

    def call(case: Any) -> None:
        if case.path_parameters:
            case.path_parameters = {**case.path_parameters, **fixed}
        response = case.call_and_validate(base_url=sandbox.api_url, headers=headers, checks=CHECKS)
        seen.append(response.status_code)

    # The spec's own examples first, then generated requests.
    for strategy in operation.get_strategies_from_examples():
        _run(strategy, 1, call)
    _run(operation.as_strategy(path_parameters=fixed or None), EXAMPLES, call)
    assert seen, "schemathesis generated no request"
