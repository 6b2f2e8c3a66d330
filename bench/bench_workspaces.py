"""How long forking and resetting a workspace take with the default data set; how long the
server takes from start to its first 200 against a bare Starlette app started the same way in
the same run (interleaved); and the server's memory: idle after its first request, and with
1,000 untouched workspaces. Prints figures; asserts nothing.

    python bench/bench_workspaces.py [--startups 7] [--sandbox-python /other/venv/bin/python]

`--sandbox-python` (repeatable) starts the sandbox from another interpreter (another checkout's
venv) for the start-up and memory figures, so versions are measured side by side in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time

import httpx
from bench_http import BARE, cpu_seconds, free_port, sandbox_pythons

from mockserver.app import create_app


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    print(
        f"{name:<44} median {statistics.median(times):7.3f} ms   p95 {times[int(len(times) * 0.95)]:7.3f} ms"
        f"   max {times[-1]:7.3f} ms   (n={len(times)})"
    )


def workspace_costs(repeat: int = 200) -> None:
    # As `mockserver serve` does: the collector's measure is part of the cost (versions before
    # core.collector have none).
    with contextlib.suppress(ImportError):
        from mockserver.core import collector

        collector.install()
    registry = create_app().state.registry
    registry.default.all_states()  # seed once, as the first request would
    origin = registry.create()
    origin.all_states()
    report("create from seed (cached), all providers", timed(lambda: registry.create().all_states(), repeat))
    report("fork a workspace's current state", timed(lambda: registry.create(source=origin.id), repeat))

    def reset():
        origin.reset()
        origin.all_states()

    report("reset (and re-copy every provider's state)", timed(reset, repeat))
    fresh = create_app().state.registry
    started = time.perf_counter()
    fresh.default.all_states()
    print(f"{'first seeding of all providers':<44} {(time.perf_counter() - started) * 1000:7.1f} ms")


def first_200(command: list[str], url: str, auth=None) -> tuple[float, subprocess.Popen]:
    """Milliseconds from starting `command` to the first 200 from `url` (polled every 2 ms),
    and the running process."""
    started = time.perf_counter()
    # In the temporary directory: `python -m` puts the working directory first on the path.
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir()
    )
    with httpx.Client(auth=auth, timeout=5) as client:
        while True:
            try:
                if client.get(url).status_code == 200:
                    return (time.perf_counter() - started) * 1000, process
            except httpx.TransportError:
                time.sleep(0.002)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait()


def compile_bytecode(python: str) -> None:
    """Write the sandbox's bytecode, as `pip install` (and the Docker image) does: an editable
    install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every start."""
    subprocess.run(
        [
            python,
            "-c",
            "import compileall, os, mockserver; compileall.compile_dir(os.path.dirname(mockserver.__file__), quiet=1)",
        ],
        check=True,
        cwd=tempfile.gettempdir(),
    )


def startup_to_first_200(repeat: int, pythons: list[str]) -> None:
    """Cold start to the first 200: each sandbox (a Fakturan client), then the bare app, in turn.
    Wall-clock and CPU time, each as a median and as the ratio of the medians: the CPU time (in
    the kernel's 10 ms ticks) is steadier than the wall clock on a shared machine."""
    for python in pythons:
        compile_bytecode(python)
    sandboxes: list[list[tuple[float, float]]] = [[] for _ in pythons]
    bare = []
    for _ in range(repeat):
        for python, times in zip(pythons, sandboxes, strict=True):
            port = free_port()
            took, process = first_200(
                [python, "-m", "mockserver", "serve", "--port", str(port)],
                f"http://127.0.0.1:{port}/fakturan/api/v2/clients/1",
                auth=("demo-key-id", "demo-key-secret"),
            )
            times.append((took, cpu_seconds(process.pid) * 1000))
            stop(process)
        port = free_port()
        took, process = first_200([sys.executable, "-c", BARE, str(port)], f"http://127.0.0.1:{port}/one")
        bare.append((took, cpu_seconds(process.pid) * 1000))
        stop(process)
    bare_wall = statistics.median(wall for wall, _ in bare)
    report("start-up to first 200, bare Starlette", [wall for wall, _ in bare])
    bare_cpu = statistics.median(cpu for _, cpu in bare)
    print(f"{'  its CPU time':<44} median {bare_cpu:7.0f} ms")
    for python, times in zip(pythons, sandboxes, strict=True):
        print(python)
        walls = [wall for wall, _ in times]
        report("start-up to first 200, mockserver (Fakturan)", walls)
        print(f"{'  ratio of the medians':<44} {statistics.median(walls) / bare_wall:7.2f}x")
        cpu = statistics.median(cpu for _, cpu in times)
        print(f"{'  its CPU time, and the ratio':<44} median {cpu:7.0f} ms   {cpu / bare_cpu:7.2f}x")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        line = next(line for line in handle if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def memory(python: str, workspaces: int = 1000) -> None:
    """RSS once serving (no provider request yet), after the first 200 (Fakturan loaded and
    seeded), after a snapshot (every provider loaded and seeded), then with `workspaces` more
    workspaces, untouched."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [python, "-m", "mockserver", "serve", "--port", str(port)]
    _, process = first_200(command + ["--max-workspaces", str(workspaces + 1)], f"{base}/_admin/health")
    try:
        started = rss_mib(process.pid)
        with httpx.Client(base_url=base) as client:
            auth = ("demo-key-id", "demo-key-secret")
            client.get("/fakturan/api/v2/clients/1", auth=auth).raise_for_status()
            serving = rss_mib(process.pid)
            client.get("/_admin/workspaces/default/snapshot").raise_for_status()  # seeds every provider
            idle = rss_mib(process.pid)
            for _ in range(workspaces):
                client.post("/_admin/workspaces", json={}).raise_for_status()
            loaded = rss_mib(process.pid)
    finally:
        stop(process)
    bare_port = free_port()
    _, bare = first_200([sys.executable, "-c", BARE, str(bare_port)], f"http://127.0.0.1:{bare_port}/one")
    bare_rss = rss_mib(bare.pid)
    stop(bare)
    print(python)
    print(f"{'RSS, bare Starlette after its first 200':<44} {bare_rss:7.1f} MiB")
    print(f"{'RSS, mockserver serving, no request yet':<44} {started:7.1f} MiB")
    print(f"{'RSS, mockserver after its first 200':<44} {serving:7.1f} MiB")
    print(f"{'  then every provider seeded (a snapshot)':<44} {idle:7.1f} MiB")
    print(f"{f'  with {workspaces:,} untouched workspaces':<44} {loaded:7.1f} MiB ({loaded - idle:+.1f} MiB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--startups", type=int, default=7)
    parser.add_argument(
        "--sandbox-python",
        action="append",
        help="the interpreter of a sandbox to start (repeatable, to compare versions in one run)",
    )
    args = parser.parse_args()
    pythons = sandbox_pythons(args.sandbox_python)
    workspace_costs()
    startup_to_first_200(args.startups, pythons)
    for python in pythons:
        memory(python)
