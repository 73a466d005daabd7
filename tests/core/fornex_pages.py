"""The pages the fault tests visit: every URL of the access matrix (tests/access/rows_*.py) that
the team's owner can GET."""

from __future__ import annotations

from tests.access.matrix import expected_status
from tests.access.test_matrix import ROWS

PAGES = sorted(
    name for name, row in ROWS.items() if expected_status(row.get, "owner", row.scoped) == 200
)
