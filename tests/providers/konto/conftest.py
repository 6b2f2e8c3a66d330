import httpx
import pytest

from mockserver.providers.konto import KONTO

DOC_KEY = "3a62cd2568635f115c975b8bd1317e3d"
DOC_GUID = "f110ef1e-f080-11e6-a96f-0050560102f2"
CUSTOMER_GUID = "5a14796e-13c6-11e7-9914-408d5c6208bc"
ITEM_Z = "43521ec8-3413-11e7-b148-408d5c6208bc"  # price 1, VAT Z
ITEM_S = "6be71e6c-d7dd-11e7-b836-005056c00001"  # price 1690 ISK, VAT S
# (slug, method) of every declared endpoint, in declaration order.
ENDPOINTS = [(op.name, op.method) for op in KONTO.operations]


def result_model(slug: str):
    """The result model the endpoint's declaration names."""
    return next(op.response for op in KONTO.operations if op.name == slug)


class Konto:
    """Konto over real HTTP, the way its docs call it: credentials and fields as multipart form
    fields (on GET too), JSON payloads in `data`."""

    def __init__(self, base_url: str, workspace) -> None:
        self.workspace = workspace
        self.credentials = workspace.credentials["konto"]
        self.http = httpx.Client(base_url=f"{base_url}/konto/api/v1", timeout=10)

    def call(self, slug: str, method: str = "GET", *, files: dict | None = None, **fields) -> dict:
        """A multipart request (as `curl -F` sends it) answering HTTP 200 with Konto's envelope."""
        parts = {
            key: (None, value if isinstance(value, str) else _json(value))
            for key, value in {**self.credentials, **fields}.items()
        }
        answer = self.http.request(method, f"/{slug}", files={**parts, **(files or {})})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def ok(self, slug: str, method: str = "GET", **fields):
        body = self.call(slug, method, **fields)
        assert body["status"] is True, body
        return body["result"]

    def refused(self, slug: str, method: str = "GET", **fields) -> str:
        body = self.call(slug, method, **fields)
        assert body["status"] is False and body["result"] is None, body
        return body["message"]

    def state(self) -> dict:
        return self.workspace.snapshot()["state"]["konto"]


def _json(value) -> str:
    import json

    return json.dumps(value) if isinstance(value, dict | list) else str(value)


@pytest.fixture
def konto(mockserver, mockserver_workspace):
    client = Konto(mockserver.url, mockserver_workspace)
    yield client
    client.http.close()


def invoice_data(**overrides) -> dict:
    """create-invoice's documented example, as data."""
    data = {
        "amount": 2,
        "currency": "USD",
        "customer": {"guid": CUSTOMER_GUID},
        "settlement_date": "2017-5-20",
        "due_date": "2017-5-20",
        "issue_date": "2017-5-20",
        "type": "invoice",
        "description": "Test",
        "booking": "Test",
        "cost_provide": "Test",
        "terms": "Test",
        "delivery_date": "",
        "is_claim": 1,
        "mark_paid": 0,
        "is_discount": 0,
        "discount_type": 0,
        "discount_value": 0,
        "items": [
            {
                "item_number": "1",
                "description": "111",
                "qty": 1,
                "uom": "C62",
                "tax": "Z",
                "unit_price": 1,
                "discount": 0,
                "discount_type": 0,
                "add_new": 1,
            },
            {"guid": ITEM_Z, "qty": 1, "discount": 0, "discount_type": 0},
        ],
    }
    data.update(overrides)
    return data
