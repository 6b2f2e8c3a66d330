"""CPU instructions per request: the figure that does not move with the machine.

On a shared virtual machine, timings of the same code vary by 15 % and more between runs, so a
change of a few per cent cannot be seen in req/s. Valgrind's callgrind counts the instructions
the interpreter executes, which is the same from one run to the next within a fraction of a
per cent. Each target runs through the ASGI app without sockets (after 200 requests of warm-up,
the collector installed as `mockserver serve` installs it), once with no further requests and
once with `--requests` more; the difference over the count is the cost of one request.

    python bench/bench_instructions.py [--requests 2000] [--only POST]
        [--sandbox-python /other/venv/bin/python ...]

`--served` counts over HTTP instead: the sandbox and the bare Starlette app of `bench_http.py`
each run under callgrind, answer 200 requests over one keep-alive connection, have their count
zeroed (`callgrind_control`), answer `--requests` more, and have it dumped. That is the whole
server's work per request (uvicorn, uvloop, the socket's system calls as far as user space
sees them), and its ratio to the bare app's is what `bench_http.py`'s req/s ratio would be if
both ran at the same instructions per cycle.

    python bench/bench_instructions.py --served [--requests 1000] [--only POST]

Needs valgrind (`apt-get install valgrind`); every run takes half a minute or so. Instructions
are not time (a cache miss costs more than an addition), but a change that removes work shows
here first, and served figures (`bench_http.py`) follow them.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx
from bench_http import BARE, INVOICE, free_port, regtech_token, sandbox_pythons, sandbox_requests

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    import orjson
    from mockserver.app import create_app
    from mockserver.core import collector

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

    async def main(target, request, count):
        app = create_app()
        method, path, headers, body = orjson.loads(request)  # bench_http.sandbox_requests
        headers = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
        body = (body or "").encode()
        if target.startswith("Regtech"):
            _, token = await call(app, "POST", "/regtech/auth/token", [(b"content-type", b"application/json")],
                                  b'{"clientId":"demo-client","clientSecret":"demo-secret"}')
            headers = [(b"authorization", b"Bearer " + orjson.loads(token)["access_token"].encode())]
        for _ in range(200):
            status, _ = await call(app, method, path, headers, body)
        assert status < 300, status
        collector.install()
        collector.seeded()
        for _ in range(count):
            await call(app, method, path, headers, body)

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
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
            json.dumps(sandbox_requests("")[target]),  # Regtech's child asks for its own token
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


def served_instructions(command: list[str], ask, count: int) -> int:
    """Instructions per request of the server `command` (given `--port PORT` last), callgrind's
    count zeroed after 200 requests of `ask(client)` over one connection and dumped after
    `count` more."""
    port = free_port()
    with tempfile.TemporaryDirectory() as out:
        process = subprocess.Popen(
            [
                "valgrind",
                "--tool=callgrind",
                "--trace-children=yes",
                f"--callgrind-out-file={out}/callgrind.%p",
                *command,
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=tempfile.gettempdir(),
        )
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                deadline = time.monotonic() + 300  # an interpreter under valgrind starts slowly
                while True:
                    try:
                        ask(client)
                        break
                    except httpx.TransportError:
                        if time.monotonic() > deadline or process.poll() is not None:
                            raise SystemExit(f"{command} did not start under valgrind") from None
                        time.sleep(0.5)
                for _ in range(200):
                    ask(client)
                callgrind = ["callgrind_control", str(process.pid)]
                subprocess.run(callgrind + ["--zero"], check=True, capture_output=True)
                for _ in range(count):
                    ask(client)
                subprocess.run(callgrind + ["--dump"], check=True, capture_output=True)
            dumps = sorted(Path(out).glob(f"callgrind.{process.pid}.*"))
            summary = re.search(r"^summary: (\d+)", dumps[-1].read_text(), re.MULTILINE)
            assert summary is not None, dumps[-1]
            return int(summary.group(1)) // count
        finally:
            process.terminate()
            process.wait()


def asker(target: str | None, bare_method: str = "GET"):
    """One request of a sandbox `target` (bench_http's, asked for Regtech's bearer token the first
    time), or with no target one of the bare app's: `/create` with the POST's body, else `/one`."""
    asked: list[tuple[str, str, dict[str, str], str | None]] = []

    def ask(client: httpx.Client) -> None:
        if not asked:
            if target is None:
                asked.append(
                    ("POST", "/create", {}, INVOICE) if bare_method == "POST" else ("GET", "/one", {}, None)
                )
            else:
                token = (
                    regtech_token(str(client.base_url).rstrip("/")) if target.startswith("Regtech") else ""
                )
                asked.append(sandbox_requests(token)[target])
        method, path, headers, body = asked[0]
        answer = client.request(method, path, headers=headers, content=body)
        assert answer.status_code < 300, (path, answer.status_code, answer.text[:200])

    return ask


def served(targets: list[str], pythons: list[str], count: int) -> None:
    print(f"instructions per request, served over one keep-alive connection ({count} after 200)")
    header = " ".join(f"{f'[{i + 1}]':>10} {'ratio':>6}" for i in range(len(pythons)))
    print(f"{'what':<28} {'bare':>10} {header}")
    for target in targets:
        method = sandbox_requests("")[target][0]
        bare = served_instructions([sys.executable, "-c", BARE], asker(None, method), count)
        row = f"{target:<28} {bare:>10,}"
        for python in pythons:
            command = [python, "-m", "mockserver", "serve", "--port"]
            sandbox = served_instructions(command, asker(target), count)
            row += f" {sandbox:>10,} {bare / sandbox:>5.2f}x"
        print(row)
    for index, python in enumerate(pythons):
        print(f"[{index + 1}] {python}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument(
        "--served", action="store_true", help="count whole servers over HTTP, with the bare app"
    )
    parser.add_argument("--only", help="measure only the targets whose name holds this text")
    parser.add_argument(
        "--sandbox-python", action="append", help="another version's interpreter (repeatable)"
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    pythons = sandbox_pythons(args.sandbox_python)
    targets = [t for t in TARGETS if args.only is None or args.only in t]
    if args.served:
        served(targets, pythons, args.requests)
        return
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
