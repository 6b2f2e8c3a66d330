"""Garbage-collector pauses while the store grows under load: `POST /invoices` from wrk (64
keep-alive connections) for a while, the server's collections timed with `gc.callbacks`, one
sandbox after the other, alternately, in rounds. Prints figures; asserts nothing. Needs wrk.

    python bench/bench_gc.py [--seconds 20] [--rounds 2] [--sandbox-python /other/venv/bin/python]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import textwrap

import httpx
from bench_http import BASIC, INVOICE, free_port, lua, run_wrk, sandbox_pythons, wait_ready

# Runs `mockserver serve` with every collection timed; at exit, one JSON line on stderr.
SERVE = textwrap.dedent(
    """
    import gc, json, sys, time
    pauses, started = {0: [], 1: [], 2: []}, [0.0]
    def timed(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append((time.perf_counter() - started[0]) * 1000)
    gc.callbacks.append(timed)
    from mockserver.cli import main
    sys.argv = ["mockserver", "serve", "--port", sys.argv[1]]
    try:
        main()
    finally:
        print(json.dumps(pauses), file=sys.stderr)
    """
)


def one_run(python: str, seconds: int) -> dict:
    port = free_port()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [python, "-c", SERVE, str(port)],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            text=True,
            cwd=tempfile.gettempdir(),  # `-c` puts the working directory first on the path
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(f"{base}/_admin/health")
            auth = {"Authorization": BASIC}
            httpx.get(f"{base}/fakturan/api/v2/clients/1", headers=auth).raise_for_status()  # seeded
            script = lua("POST", {**auth, "Content-Type": "application/json"}, INVOICE)
            rate, p99, _, _ = run_wrk(f"{base}/fakturan/api/v2/invoices", script, seconds, process.pid)
            paging = httpx.get(f"{base}/fakturan/api/v2/invoices", headers=auth).json()["paging"]
        finally:
            process.terminate()
            process.wait(timeout=30)
        errors.seek(0)
        pauses = json.loads(errors.read().strip().splitlines()[-1])
    full = pauses["2"]
    return {
        "req/s": rate,
        "p99 ms": p99,
        "invoices": paging["total_pages"] * 30,
        "full passes": len(full),
        "longest ms": max(full, default=0.0),
        "all full ms": sum(full),
        "all young ms": sum(pauses["0"]) + sum(pauses["1"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sandbox-python", action="append")
    args = parser.parse_args()
    pythons = sandbox_pythons(args.sandbox_python)
    print(
        f"{'sandbox':<40} {'req/s':>7} {'p99 ms':>7} {'~invoices':>9} {'full GCs':>8}"
        f" {'longest':>9} {'all full':>9} {'gen0+1':>9}"
    )
    for _ in range(args.rounds):
        for python in pythons:
            r = one_run(python, args.seconds)
            print(
                f"{python[-40:]:<40} {r['req/s']:>7.0f} {r['p99 ms']:>7.1f} {r['invoices']:>9,}"
                f" {r['full passes']:>8} {r['longest ms']:>6.1f} ms {r['all full ms']:>6.0f} ms"
                f" {r['all young ms']:>6.0f} ms"
            )


if __name__ == "__main__":
    main()
