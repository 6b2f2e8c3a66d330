"""Invoice files over HTTP: `GET files/{id}` links to a real PDF of the invoice, served by the
sandbox; the link works without the apiKey header while it is valid, and only as issued."""

from urllib.parse import parse_qs, urlparse

import httpx

from tests.providers.conta import contract

ORG = "/invoice/organizations/11"


def file_info(conta, invoice_id: int = 44) -> tuple[dict, dict]:
    invoice = conta.get(f"{ORG}/invoices/{invoice_id}").json()
    answer = conta.get(f"{ORG}/files/{invoice['invoiceFileId']}")
    assert answer.status_code == 200, answer.text
    return invoice, answer.json()


def browser(conta) -> httpx.Client:
    """A client without the apiKey header (a browser following fileUrl), still contract-checked."""
    return httpx.Client(timeout=10, event_hooks={"response": [contract.hook]})


def test_the_file_link_serves_a_pdf_of_the_invoice(conta):
    invoice, info = file_info(conta)
    assert info["fileId"] == invoice["invoiceFileId"]
    assert info["contentType"] == "application/pdf" and info["filename"].endswith(".pdf")
    url = urlparse(info["fileUrl"])
    assert info["fileUrl"].startswith(str(conta.base_url)) and url.path.endswith(
        f"/files/{info['fileId']}/content"
    )
    pdf = conta.get(info["fileUrl"])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and pdf.content.rstrip().endswith(b"%%EOF")
    assert f"Faktura {invoice['invoiceNo']}".encode() in pdf.content
    assert invoice["kid"].encode() in pdf.content
    bank = next(b for b in conta.get(f"{ORG}/bank-accounts").json() if b["id"] == invoice["bankAccountId"])
    assert bank["accountNo"].encode() in pdf.content


def test_a_new_invoice_has_its_lines_and_totals_in_the_pdf(conta):
    clock = conta.workspace.admin.get(f"/workspaces/{conta.workspace.id}/clock")
    made = conta.post(
        f"{ORG}/invoices",
        json={
            "customerId": 123,
            "invoiceDate": clock["now"][:10],
            "invoiceLines": [
                {
                    "description": "Konsulenttime",
                    "price": 1000,
                    "quantity": 2,
                    "discount": 0,
                    "vatCode": "high",
                },
                {
                    "description": "Handbok",
                    "price": 200,
                    "quantity": 1,
                    "discount": 10,
                    "vatCode": "zero.rate",
                },
            ],
        },
    ).json()
    _, info = file_info(conta, made["id"])
    content = conta.get(info["fileUrl"]).content
    for text in ("Konsulenttime", "Handbok", "2 680,00", "500,00", "2 180,00", clock["now"][:10]):
        assert text.encode() in content, text


def test_the_link_works_without_the_key_until_it_expires(conta):
    _, info = file_info(conta)
    with browser(conta) as client:
        assert client.get(info["fileUrl"]).content.startswith(b"%PDF-")
        conta.workspace.advance("PT2H")
        expired = client.get(info["fileUrl"])
    assert expired.status_code == 401 and expired.json()["name"] == "LoginRequiredException"
    assert conta.get(info["fileUrl"]).status_code == 200  # with the key, still served


def test_a_changed_or_foreign_link_is_refused(conta, mockserver):
    _, info = file_info(conta)
    url = urlparse(info["fileUrl"])
    token = parse_qs(url.query)["link"][0]
    other_file = info["fileUrl"].replace(f"/files/{info['fileId']}/", f"/files/{info['fileId'] - 1}/")
    forged = info["fileUrl"].replace(token, token[:-1] + ("0" if token[-1] != "0" else "1"))
    with browser(conta) as client:
        for link in (other_file, forged, info["fileUrl"].split("?")[0]):
            answer = client.get(link)
            assert answer.status_code == 401, link
        # The default workspace holds the same seeded file id: the link is not valid there.
        default = mockserver.admin.workspace("default")
        key = default.credentials["conta"]["apiKey"]
        there = client.get(f"{mockserver.url}{url.path}?link={token}", headers={"apiKey": key})
        assert there.status_code == 200  # with the default key it is that workspace's own file
        assert client.get(f"{mockserver.url}{url.path}?link=nothing.1.x").status_code == 401


def test_a_made_up_expiry_is_refused_not_a_server_error(conta):
    _, info = file_info(conta)
    url = urlparse(info["fileUrl"])
    route, _, signature = parse_qs(url.query)["link"][0].split(".")
    with browser(conta) as client:
        for expires in ("9" * 30, "²", "0"):
            answer = client.get(
                info["fileUrl"].split("?")[0], params={"link": f"{route}.{expires}.{signature}"}
            )
            assert answer.status_code == 401, (expires, answer.text)
            assert answer.json()["name"] == "LoginRequiredException"


def test_unknown_and_other_organizations_files(conta):
    assert conta.get(f"{ORG}/files/999999").status_code == 404
    other = conta.get("/invoice/organizations/12/invoices", params={"hits": 1}).json()["hits"][0]
    answer = conta.get(f"{ORG}/files/{other['invoiceFileId']}")
    assert answer.status_code == 404 and answer.json()["name"] == "NotFoundIdModelStorageToolException"
    assert conta.get(f"{ORG}/files/{other['invoiceFileId']}/content").status_code == 404
    assert conta.get("/invoice/organizations/99/files/1").status_code == 403


def test_the_download_is_documented_as_sandbox_only(mockserver):
    document = httpx.get(f"{mockserver.url}/conta/openapi.json").json()
    entry = document["paths"]["/invoice/organizations/{opContextOrgId}/files/{id}/content"]["get"]
    assert entry["x-mockserver-sandbox-only"] is True
    assert "application/pdf" in entry["responses"]["200"]["content"]
