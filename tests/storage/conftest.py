"""Fixtures of the S3 storage tests: the sandbox's seeded S3 orders, connections by dialect."""

from __future__ import annotations

import pytest
import requests
from django.urls import reverse

from tests.vps.conftest import make_connection

S3 = "664-7"  # "backups": 18 GB used, bucket "<access key>.main"
S3_MEDIA = "664-9"


@pytest.fixture
def v2_connection(team, sandbox_api):
    return make_connection(team, sandbox_api.FULL_KEY, "v2")


@pytest.fixture
def legacy_connection(team, sandbox_api):
    return make_connection(team, sandbox_api.FULL_KEY, "legacy", label="Legacy account")


@pytest.fixture
def s3_keys(sandbox_api) -> tuple[str, str]:
    """(access key, secret key) of S3 as the sandbox holds them."""
    answer = requests.get(
        f"{sandbox_api.api_url}/orders/s3/{S3}/",
        headers={"Authorization": f"Api-Key {sandbox_api.FULL_KEY}"},
        timeout=5,
    ).json()
    return answer["access_key"], answer["secret_key"]


def s3_url(name: str, connection, order_id: str = S3) -> str:
    return reverse(f"storage:{name}", args=[connection.pk, order_id])
