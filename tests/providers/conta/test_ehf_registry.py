"""The workspace's EHF registry on the control plane: read, grant, revoke; customers with EHF
delivery follow it at once."""

from tests.providers.conta.test_customers import CUSTOMERS, INDIVIDUAL

NUMBER = "923609016"  # valid mod 11, not seeded
BODY = {
    **{k: v for k, v in INDIVIDUAL.items() if k != "dateOfBirth"},
    "customerType": "ORGANIZATION",
    "orgNo": NUMBER,
    "invoiceDeliveryMethod": "EHF",
}


def test_grant_and_revoke_ehf_for_an_organization_number(conta, mockserver):
    admin = mockserver.admin.http
    base = f"/workspaces/{conta.workspace.id}/conta/ehf-registry"
    registry = admin.get(base).json()
    assert NUMBER not in registry and any(e["canReceiveEhf30"] for e in registry.values())
    assert conta.post(CUSTOMERS, json=BODY).status_code == 422

    granted = admin.put(f"{base}/{NUMBER}", json={"canReceiveInvoices": True})
    assert granted.status_code == 200
    assert granted.json() == {
        "canReceiveInvoices": True,
        "canReceiveCreditNotes": True,
        "canReceiveEhf30": True,
    }
    assert admin.get(f"{base}/{NUMBER}").json() == granted.json()
    assert conta.post(CUSTOMERS, json=BODY).status_code == 200

    assert admin.delete(f"{base}/{NUMBER}").status_code == 204
    assert admin.get(f"{base}/{NUMBER}").status_code == 404
    assert conta.post(CUSTOMERS, json=BODY).status_code == 422


def test_the_registry_refuses_bad_numbers_and_bodies(conta, mockserver):
    admin = mockserver.admin.http
    base = f"/workspaces/{conta.workspace.id}/conta/ehf-registry"
    assert admin.put(f"{base}/123456789", json={"canReceiveInvoices": True}).status_code == 422
    assert admin.put(f"{base}/{NUMBER}", json={"canReceiveInvoices": "yes"}).status_code == 422
    assert admin.put(f"{base}/{NUMBER}", json={"fax": True}).status_code == 422
    assert (
        admin.put(f"{base}/{NUMBER}", content=b"{", headers={"content-type": "application/json"}).status_code
        == 400
    )
    assert NUMBER not in admin.get(base).json()


LOOKUP = "/invoice/conta-ehf/recipients"


def test_the_lookup_answers_from_the_registry(conta, mockserver):
    customer = conta.get(f"{CUSTOMERS}/123").json()
    found = conta.get(f"{LOOKUP}/{customer['orgNo']}")
    assert found.status_code == 200
    info = found.json()
    assert info["inputValid"] is True and info["canReceiveEhf30"] is True
    assert info["canReceiveInvoices"] is True and info["canReceiveCreditNotes"] is True
    assert info["participantIdentifier"] == f"0192:{customer['orgNo']}"
    assert "Invoice-2" in info["invoice"] and "CreditNote-2" in info["creditNote"]

    absent = conta.get(f"{LOOKUP}/{NUMBER}").json()
    assert absent == {
        "inputValid": True,
        "participantIdentifier": f"0192:{NUMBER}",
        "canReceiveInvoices": False,
        "canReceiveCreditNotes": False,
        "canReceiveEhf30": False,
    }
    mockserver.admin.http.put(f"/workspaces/{conta.workspace.id}/conta/ehf-registry/{NUMBER}", json={})
    assert conta.get(f"{LOOKUP}/{NUMBER}").json()["canReceiveEhf30"] is True


def test_an_invalid_number_is_a_valid_answer_with_input_valid_false(conta):
    for number in ("123456789", "12345", "abc", "923609017"):
        answer = conta.get(f"{LOOKUP}/{number}")
        assert answer.status_code == 200
        assert answer.json() == {
            "inputValid": False,
            "canReceiveInvoices": False,
            "canReceiveCreditNotes": False,
            "canReceiveEhf30": False,
        }


def test_the_lookup_needs_the_key_like_every_route(raw):
    assert raw.get(f"{LOOKUP}/{NUMBER}").status_code == 401
