"""A bounded load test: 64 concurrent keep-alive clients for 60 s against one `mockserver serve`,
mixing reads, creates (whose store grows) and a request without credentials, and printing the
server's RSS at the start, every 10 s and at the end, with the error count. Once the journals
are full, RSS should stay flat. Prints figures; asserts nothing. Needs wrk.

    python bench/bench_load.py [--seconds 60] [--connections 64]
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

import httpx

BASIC = "Basic " + base64.b64encode(b"demo-key-id:demo-key-secret").decode()
# wrk picks a request per call: most read, a tenth create (the store grows by those invoices, as
# it should), a tenth present wrong credentials (Konto answers them 200 with status:false).
SCRIPT = f"""
local auth = "{BASIC}"
local body = '{{"client_id":2,"rows":[{{"text":"Konsult","amount":"1","product_price":"100"}}]}}'
local n = 0
request = function()
  n = n + 1
  if n % 10 == 0 then
    return wrk.format("POST", "/fakturan/api/v2/invoices",
      {{["Authorization"] = auth, ["Content-Type"] = "application/json"}}, body)
  elseif n % 10 == 1 then
    return wrk.format("GET", "/konto/api/v1/hello?username=testuser&api_key=wrong", {{}}, nil)
  elseif n % 10 == 2 then
    return wrk.format("GET", "/konto/api/v1/hello?username=testuser&api_key=3a62cd2568635f115c975b8bd1317e3d", {{}}, nil)
  else
    return wrk.format("GET", "/fakturan/api/v2/invoices?per_page=5", {{["Authorization"] = auth}}, nil)
  end
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--port", str(port)], stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/_admin/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        samples = [(0, rss_mib(server.pid))]
        done = threading.Event()

        def sample() -> None:
            started = time.monotonic()
            while not done.wait(10):
                samples.append((round(time.monotonic() - started), rss_mib(server.pid)))

        threading.Thread(target=sample, daemon=True).start()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(SCRIPT)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "-s", handle.name, base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        os.unlink(handle.name)
        done.set()
        samples.append((args.seconds, rss_mib(server.pid)))
        requests = re.search(r"(\d+) requests in", out).group(1)
        socket_errors = re.search(r"Socket errors: (.*)", out)
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        print(f"{requests} requests by {args.connections} connections in {args.seconds} s")
        print(f"socket errors: {socket_errors.group(1) if socket_errors else 'none'}")
        print(f"errors (non-2xx answers): {non_2xx.group(1) if non_2xx else 0}")
        print("RSS (MiB) by second: " + ", ".join(f"{at}s {mib:.0f}" for at, mib in samples))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
