"""The words for the two failures v2 brought: a bot filter in front of Fornex, and an operation
the connection's API dialect does not offer."""

from __future__ import annotations

from fornexpanel.fornex import BlockedByFilter, Unsupported, UpstreamUnavailable
from fornexpanel.gateway import describe_error


def test_a_bot_filter_is_not_called_fornex_being_down():
    message = describe_error(BlockedByFilter(status=403))
    assert "bot filter" in message
    assert message != describe_error(UpstreamUnavailable())


def test_an_unsupported_operation_says_which_api_it_needs():
    message = describe_error(Unsupported(operation="vps_rescue_start"))
    assert "v2 API" in message
    assert "switch the connection" in message
