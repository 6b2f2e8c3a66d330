"""CPU instructions per request, in process: the figure that does not move with the machine.

On a shared virtual machine, timings of the same code vary by 15 % and more between runs, so a
change of a few per cent cannot be seen in req/s. Valgrind's callgrind counts the instructions
the interpreter executes, which is the same from one run to the next within a fraction of a
per cent. Each target runs through the ASGI app without sockets (after 200 requests of warm-up,
the collector installed as `mockserver serve` installs it), once with no further requests and
once with `--requests` more; the difference over the count is the cost of one request.

    python bench/bench_instructions.py [--requests 2000] [--only POST]
        [--sandbox-python /other/venv/bin/python ...]

Needs valgrind (`apt-get install valgrind`); every run takes half a minute or so. Instructions
are not time (a cache miss costs more than an addition), but a change that removes work shows
here first, and served figures (`bench_http.py`) follow them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import textwrap

from bench_http import sandbox_pythons

CHILD = textwrap.dedent(
    """
    import asyncio, base64, sys
    import orjson
    from mockserver.app import create_app
    from mockserver.core import collector

    BASIC = (b"authorization", b"Basic " + base64.b64encode(b"demo-key-id:demo-key-secret"))
    JSON = (b"content-type", b"application/json")
    FORM = (b"content-type", b"application/x-www-form-urlencoded")
    INVOICE = b'{"client_id":1,"rows":[{"text":"Konsult","amount":"1","product_price":"100"}]}'
    TARGETS = {
        "Fakturan GET /clients/1": ("GET", "/fakturan/api/v2/clients/1", [BASIC], b""),
        "Fakturan POST /invoices": ("POST", "/fakturan/api/v2/invoices", [BASIC, JSON], INVOICE),
        "Konto hello (form on GET)": (
            "GET", "/konto/api/v1/hello", [FORM],
            b"username=testuser&api_key=3a62cd2568635f115c975b8bd1317e3d",
        ),
        "Regtech GET status": ("GET", "/regtech/invoice/FI-1001/status", [], b""),
    }

    def scope(method, path, headers):
        return {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
            "root_path": "", "headers": headers, "client": ("127.0.0.1", 5000),
            "server": ("127.0.0.1", 8000),
        }

    async def call(app, method, path, headers, body):
        headers = [(b"host", b"127.0.0.1:8000"), *headers]
        if body:
            headers.append((b"content-length", str(len(body)).encode()))
        message = {"type": "http.request", "body": body, "more_body": False}
        sent = []

        async def receive():
            return message

        async def send(reply):
            sent.append(reply)

        await app(scope(method, path, headers), receive, send)
        return sent[0]["status"], sent[1]["body"]

    async def main(target, count):
        app = create_app()
        method, path, headers, body = TARGETS[target]
        if target.startswith("Regtech"):
            _, token = await call(app, "POST", "/regtech/auth/token", [JSON],
                                  b'{"clientId":"demo-client","clientSecret":"demo-secret"}')
            headers = [(b"authorization", b"Bearer " + orjson.loads(token)["access_token"].encode())]
        for _ in range(200):
            status, _ = await call(app, method, path, headers, body)
        assert status < 300, status
        collector.install()
        collector.seeded()
        for _ in range(count):
            await call(app, method, path, headers, body)

    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
    """
)
TARGETS = (
    "Fakturan GET /clients/1",
    "Fakturan POST /invoices",
    "Konto hello (form on GET)",
    "Regtech GET status",
)


def instructions(python: str, target: str, count: int) -> int:
    """Instructions callgrind counts in a child that serves `count` requests after the warm-up."""
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--trace-children=yes",  # through a wrapper script that execs the interpreter
            "--callgrind-out-file=/dev/null",
            python,
            "-c",
            CHILD,
            target,
            str(count),
        ],
        capture_output=True,
        text=True,
        check=True,
        # Not a checkout: `-c` puts the working directory first on the path.
        cwd=tempfile.gettempdir(),
    ).stderr
    # The last count is the interpreter's (a wrapper script before it execs is counted apart).
    found = re.findall(r"Collected : (\d+)", out)
    if not found:
        raise SystemExit(f"no count from valgrind:\n{out[-2000:]}")
    return int(found[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--only", help="measure only the targets whose name holds this text")
    parser.add_argument(
        "--sandbox-python", action="append", help="another version's interpreter (repeatable)"
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    pythons = sandbox_pythons(args.sandbox_python)
    targets = [t for t in TARGETS if args.only is None or args.only in t]
    print(f"instructions per request, in process ({args.requests} requests after 200 of warm-up)")
    print(f"{'what':<28} " + " ".join(f"{f'[{i + 1}]':>10}" for i in range(len(pythons))))
    for target in targets:
        counts = [
            (instructions(python, target, args.requests) - instructions(python, target, 0)) // args.requests
            for python in pythons
        ]
        print(f"{target:<28} " + " ".join(f"{count:>10,}" for count in counts))
    for index, python in enumerate(pythons):
        print(f"[{index + 1}] {python}")


if __name__ == "__main__":
    main()
