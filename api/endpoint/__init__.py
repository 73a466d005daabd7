"""The Fornex-compatible API at /fornex/api/: Fornex's v2 paths, bodies, status codes and shapes
(the official spec, shared/fornex/openapi-v2.3.28.json), answered by the panel under a panel API
token, through the same services, gateway reads, operations and audit as the pages.

- `view`: the dispatcher (URL forms, token, rate limit, audit);
- `routes`: the operations offered and their handlers (`dns`, `servers`);
- `http`, `shapes`, `call`: JSON, errors and pagination; Fornex's shapes; one call's context.
"""
