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
