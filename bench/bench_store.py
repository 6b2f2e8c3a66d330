"""What Fakturan's per-record operations cost as the store grows: 20 (the seed), 1,000, 10,000
and 100,000 invoices in one workspace. In process (no sockets), so the figures are the
sandbox's own; the 20-invoice row is the baseline of the same run. Prints figures; asserts
nothing.

    python bench/bench_store.py [--sizes 20,1000,10000,100000]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time

from mockserver.app import create_app
from mockserver.providers.fakturan.rules.common import note_number
from mockserver.testing.inprocess import InProcessClient

INVOICE = {"client_id": 3, "rows": [{"text": "Konsult", "amount": "1", "product_price": "100"}]}


def grow(store, size: int) -> None:
    """Copies of seeded invoices until the table holds `size`, spread over the clients."""
    template = dict(store.get("invoices", 1))
    while store.count("invoices") < size:
        number = store.peek("invoices.highest_number") + 1
        note_number(store, "invoices", number)
        client_id = 2 + number % 11
        store.insert("invoices", {**template, "number": number, "client_id": client_id})


def median_ms(client: InProcessClient, method: str, url: str, repeat: int, **options) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.request(method, url, **options)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code < 300, answer.text
    return statistics.median(times)


def full_collections_ms() -> tuple[float, float]:
    """A full collection walking the whole heap (what each full pass costs without a measure),
    then the next full pass after the survivors are frozen (what `core.collector` makes of it)."""
    gc.unfreeze()
    started = time.perf_counter()
    gc.collect()
    whole = (time.perf_counter() - started) * 1000
    gc.freeze()
    started = time.perf_counter()
    gc.collect()
    frozen = (time.perf_counter() - started) * 1000
    gc.unfreeze()
    return whole, frozen


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    print(
        f"{'invoices':>9} {'GET page 1':>11} {'GET filtered':>13} {'GET by id':>10} {'POST':>8} {'max RSS':>9}"
        f" {'full GC, whole heap / survivors frozen':>40}"
    )
    baseline = None
    for size in (int(s) for s in args.sizes.split(",")):
        app = create_app()
        workspace = app.state.registry.default
        grow(workspace.store("fakturan"), size)
        gc.collect()
        with InProcessClient(app, auth=("demo-key-id", "demo-key-secret")) as client:
            base = "/fakturan/api/v2/invoices"
            figures = (
                median_ms(client, "GET", base, args.repeat),
                median_ms(
                    client, "GET", base, args.repeat, params={"client_id": 3, "start_date": "2000-01-01"}
                ),
                median_ms(client, "GET", f"{base}/{size // 2}", args.repeat),
                median_ms(client, "POST", base, args.repeat, json=INVOICE),
            )
        baseline = baseline or figures
        cells = " ".join(f"{f:>7.2f} ms" for f in figures)
        ratios = " ".join(f"{f / b:>5.1f}x" for f, b in zip(figures, baseline, strict=True))
        whole, frozen = full_collections_ms()
        print(
            f"{size:>9} {cells} {rss_mib():>6.0f} MiB {whole:>18.1f} ms / {frozen:.1f} ms   (vs 20: {ratios})"
        )


if __name__ == "__main__":
    main()
