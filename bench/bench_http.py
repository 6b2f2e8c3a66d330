"""Requests per second and p99 over real sockets, against the framework's limit, in one run.

Starts a bare Starlette app on uvicorn (uvloop, httptools, orjson: what the framework allows)
and `mockserver serve`, then drives each with wrk (keep-alive, 64 connections), in interleaved
rounds after a second of warm-up each, and prints medians with the ratio to the bare app.
Prints figures; asserts nothing. Needs wrk (`apt-get install wrk`).

wrk runs one thread by default (`--threads`): both servers are one process, so on a two-core
machine one core drives the load and the other serves. With two wrk threads the three busy
threads share two cores, and the server gets what the scheduler leaves it: less, the more CPU
it spends per request, so the ratio measures the scheduler as much as the server.

Beside req/s it prints the server's own CPU time per request (user + system, read from
/proc before and after each run): on a machine shared with other work, req/s and p99 move with
the neighbours' load, while CPU per request is what the server itself spends, and its ratio to
the bare app's is what req/s would show on an idle machine where the server is the bottleneck.

    python bench/bench_http.py [--seconds 4] [--rounds 5] [--sandbox-python /other/venv/bin/python]

`--sandbox-python` (repeatable) runs a sandbox from another interpreter (another checkout's venv,
or a script that runs this venv's python with an old tree first on PYTHONPATH), so an old and a
new version are measured side by side, interleaved, in one run. Each sandbox is started in the
temporary directory: `python -m` puts the working directory first on the path, and a checkout
there would be what every interpreter imports.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

import httpx

BARE = textwrap.dedent(
    """
    import orjson, uvicorn
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route
    BODY = orjson.dumps({"data": {"id": 1, "number": 1, "name": "Google Inc", "settings": {"currency": "USD"}}})
    async def one(request):
        return Response(BODY, media_type="application/json")
    async def create(request):
        await request.body()
        return Response(BODY, status_code=201, media_type="application/json")
    app = Starlette(routes=[Route("/one", one), Route("/create", create, methods=["POST"])])
    uvicorn.run(app, host="127.0.0.1", port=int(__import__("sys").argv[1]), loop="uvloop", http="httptools",
                log_level="warning", access_log=False)
    """
)
BASIC = "Basic " + base64.b64encode(b"demo-key-id:demo-key-secret").decode()
KONTO_FORM = "username=testuser&api_key=3a62cd2568635f115c975b8bd1317e3d"
INVOICE = '{"client_id":1,"rows":[{"text":"Konsult","amount":"1","product_price":"100"}]}'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sandbox_pythons(given: list[str] | None) -> list[str]:
    """The interpreters to start sandboxes with (this one by default), as absolute paths: each
    sandbox starts in the temporary directory, where a relative path no longer resolves."""
    return [os.path.abspath(shutil.which(python) or python) for python in given or [sys.executable]]


def wait_ready(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def lua(method: str, headers: dict, body: str | None) -> str:
    lines = [f'wrk.method = "{method}"']
    lines += [f'wrk.headers["{key}"] = "{value}"' for key, value in headers.items()]
    if body is not None:
        lines.append(f"wrk.body = [[{body}]]")
    return "\n".join(lines) + "\n"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(url: str, script: str, seconds: int, pid: int, threads: int) -> tuple[float, float, int, float]:
    """req/s, p99 in ms, non-2xx count, and the server's CPU µs per request."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    cpu_before = cpu_seconds(pid)
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", "-c64", f"-d{seconds}s", "--latency", "-s", handle.name, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    cpu = cpu_seconds(pid) - cpu_before
    total = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, float(p99.group(1)) * scale, int(errors.group(1)) if errors else 0, cpu / total * 1e6


def regtech_token(base: str) -> str:
    answer = httpx.post(
        f"{base}/regtech/auth/token", json={"clientId": "demo-client", "clientSecret": "demo-secret"}
    )
    return answer.json()["access_token"]


def sandbox_requests(token: str) -> dict[str, tuple[str, str, dict[str, str], str | None]]:
    """Each sandbox target as method, path, headers and body (`token`: Regtech's bearer)."""
    return {
        "Fakturan GET /clients/1": ("GET", "/fakturan/api/v2/clients/1", {"Authorization": BASIC}, None),
        "Fakturan GET /invoices": ("GET", "/fakturan/api/v2/invoices", {"Authorization": BASIC}, None),
        "Fakturan POST /invoices": (
            "POST",
            "/fakturan/api/v2/invoices",
            {"Authorization": BASIC, "Content-Type": "application/json"},
            INVOICE,
        ),
        "Konto hello (form on GET)": (
            "GET",
            "/konto/api/v1/hello",
            {"Content-Type": "application/x-www-form-urlencoded"},
            KONTO_FORM,
        ),
        "Regtech GET status": (
            "GET",
            "/regtech/invoice/FI-1001/status",
            {"Authorization": f"Bearer {token}"},
            None,
        ),
    }


def sandbox_targets(label: str, sandbox: str, token: str) -> dict[str, tuple[str, str]]:
    return {
        f"{label}{name}": (f"{sandbox}{path}", lua(method, headers, body))
        for name, (method, path, headers, body) in sandbox_requests(token).items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=4)
    # More, shorter rounds: a slow minute of the machine then spoils one round, not the median.
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--sandbox-python",
        action="append",
        help="the interpreter of a sandbox to measure (repeatable, to compare versions in one run)",
    )
    parser.add_argument("--only", help="measure only the sandbox targets whose name holds this text")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (see above)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    pythons = sandbox_pythons(args.sandbox_python)

    bare_port = free_port()
    ports = [free_port() for _ in pythons]
    processes = [subprocess.Popen([sys.executable, "-c", BARE, str(bare_port)])]
    try:
        for python, port in zip(pythons, ports, strict=True):  # one by one: a failed start stops all
            processes.append(
                subprocess.Popen(
                    [python, "-m", "mockserver", "serve", "--port", str(port)],
                    stdout=subprocess.DEVNULL,
                    cwd=tempfile.gettempdir(),  # `-m` puts the working directory first: not a checkout's
                )
            )
        bare = f"http://127.0.0.1:{bare_port}"
        wait_ready(f"{bare}/one")
        json_type = "application/json"
        bare_pid = processes[0].pid
        targets = {
            "bare Starlette GET": (f"{bare}/one", lua("GET", {}, None), bare_pid),
            "bare Starlette POST": (
                f"{bare}/create",
                lua("POST", {"Content-Type": json_type}, INVOICE),
                bare_pid,
            ),
        }
        for index, port in enumerate(ports):
            sandbox = f"http://127.0.0.1:{port}"
            wait_ready(f"{sandbox}/_admin/health")
            label = f"[{index + 1}] " if len(ports) > 1 else ""
            for name, (url, script) in sandbox_targets(label, sandbox, regtech_token(sandbox)).items():
                if args.only is None or args.only in name:
                    targets[name] = (url, script, processes[index + 1].pid)
        results: dict[str, list[tuple[float, float, int, float]]] = {name: [] for name in targets}
        for url, script, pid in targets.values():  # a provider's first request loads it: not measured
            run_wrk(url, script, 1, pid, args.threads)
        for _ in range(args.rounds):  # interleaved, so a slow moment of the machine hits all alike
            for name, (url, script, pid) in targets.items():
                results[name].append(run_wrk(url, script, args.seconds, pid, args.threads))
        print(
            f"wrk: {args.threads} thread(s), 64 connections, {args.rounds} rounds of {args.seconds} s, medians"
        )
        if len(ports) > 1:
            print("  ".join(f"[{i + 1}] {python}" for i, python in enumerate(pythons)))
        report(results)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def report(results: dict[str, list[tuple[float, float, int, float]]]) -> None:
    """Medians of the rounds, each beside the bare app's of the same method: req/s and its ratio,
    p99 and its ratio, CPU per request and the throughput that CPU allows against the bare app's
    (bare CPU / sandbox CPU)."""

    def median(name: str, index: int) -> float:
        return statistics.median(r[index] for r in results[name])

    print(
        f"{'what':<32} {'req/s':>7} {'vs bare':>7} {'p99 ms':>7} {'vs bare':>7}"
        f" {'CPU us/req':>10} {'bare/this':>9} {'non-2xx':>7}"
    )
    for name, runs in results.items():
        bare = "bare Starlette POST" if "POST" in name else "bare Starlette GET"
        rate, p99, cpu = median(name, 0), median(name, 1), median(name, 3)
        print(
            f"{name:<32} {rate:>7.0f} {rate / median(bare, 0):>6.2f}x {p99:>7.1f} {p99 / median(bare, 1):>6.1f}x"
            f" {cpu:>10.0f} {median(bare, 3) / cpu:>8.2f}x {sum(r[2] for r in runs):>7}"
        )


if __name__ == "__main__":
    main()
