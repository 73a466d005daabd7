"""``python -m fornexpanel.sandbox``: serve the fake Fornex API until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable

from fornexpanel.sandbox.app import SandboxApp
from fornexpanel.sandbox.seed import MAX_ORDERS, SeedConfig
from fornexpanel.sandbox.server import make_server


def _non_negative(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = kind(text)
        if value < 0:
            raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m fornexpanel.sandbox",
        description="Serve a stateful fake of the Fornex API under /api/ (keys: sandbox-full, "
        "sandbox-nodns, sandbox-other).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=_non_negative(int), default=8765, help="0 picks a free port")
    parser.add_argument(
        "--job-seconds", type=_non_negative(float), default=3.0, help="how long a VPS job runs"
    )
    parser.add_argument(
        "--orders", type=_non_negative(int), default=0, help="pad the full account to N orders"
    )
    parser.add_argument(
        "--records", type=_non_negative(int), default=0, help="pad its first domain to N records"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quiet", action="store_true", help="no line per request on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.orders > MAX_ORDERS:
        parser.error(f"--orders: at most {MAX_ORDERS}")
    app = SandboxApp(SeedConfig(args.seed, args.orders, args.records), job_seconds=args.job_seconds)
    server = make_server(app, args.host, args.port, log_requests=not args.quiet)
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    shown_host = f"[{host}]" if ":" in host else host
    print(f"Fornex sandbox listening on http://{shown_host}:{port}/api", flush=True)
    # Wait in short steps so the signal handler gets to run promptly in the main thread.
    while not stop.wait(0.2):
        pass
    app.faults.wake_sleepers()  # hanging requests end now instead of in two minutes
    server.shutdown()
    server.server_close()
    print("Fornex sandbox stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
