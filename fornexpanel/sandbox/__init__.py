"""A stateful fake of the documented Fornex API (``/work/shared/fornex/legacy-api.txt``).

Served over real HTTP in its own process (``python -m fornexpanel.sandbox``) so that the demo, the
browser tests and the benchmarks run without a Fornex account. Plain standard library, no Django.

- ``seed.py``: the three accounts and their keys (``sandbox-full``, ``sandbox-nodns``,
  ``sandbox-other``); ``catalogue.py``: the plan catalogues.
- ``api.py``: the 37 operations; ``state.py``: the rules behind them (VPS jobs and power states
  are described there); ``validation.py``: the 400s.
- ``stats.py``: VPS graphs and dedicated traffic; ``zonefile.py``: BIND zone files.
- ``faults.py`` and ``app.py``: fault injection and the ``/_sandbox/`` control endpoints.
- ``server.py`` and ``__main__.py``: HTTP and the command line.
- ``v2.py`` (with ``v2_*.py``): the v2 API (``openapi-v2.3.28.json``) over the same accounts.
"""

from fornexpanel.sandbox.seed import FULL_KEY, NODNS_KEY, OTHER_KEY

__all__ = ["FULL_KEY", "NODNS_KEY", "OTHER_KEY"]
