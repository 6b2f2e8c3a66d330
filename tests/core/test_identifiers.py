import random
from datetime import date

import pytest

from mockserver.core import identifiers as ids


@pytest.mark.parametrize("seed", range(20))
def test_generated_identifiers_pass_their_checksums(seed):
    rng = random.Random(seed)
    assert ids.valid_se_org_number(ids.make_se_org_number(rng))
    assert ids.valid_se_personal_number(ids.make_se_personal_number(rng, date(1985, 2, 28)))
    assert ids.valid_se_personal_number(ids.make_se_personal_number(rng, date(1985, 2, 28), century=True))
    assert ids.valid_no_org_number(ids.make_no_org_number(rng))
    assert ids.valid_kennitala(ids.make_kennitala(rng, date(1990, 7, 4)))
    assert ids.valid_kennitala(ids.make_kennitala(rng, date(2004, 7, 4), company=True))
    assert ids.valid_fi_business_id(ids.make_fi_business_id(rng))
    assert ids.valid_qr_reference(ids.make_qr_reference(rng))
    for country in ids.IBAN_LENGTHS:
        assert ids.valid_iban(ids.make_iban(rng, country))


def test_known_good_and_bad_values():
    assert ids.valid_iban("GB82 WEST 1234 5698 7654 32")
    assert not ids.valid_iban("GB82 WEST 1234 5698 7654 33")
    assert ids.valid_se_org_number("556677-8899") and not ids.valid_se_org_number("556677-8898")
    assert ids.valid_se_personal_number("8001010043") and not ids.valid_se_personal_number("8001010042")
    assert ids.valid_no_org_number("923609016") and not ids.valid_no_org_number("923609017")
    assert ids.valid_kennitala("1201743399") and not ids.valid_kennitala("1201743389")
    assert not ids.valid_kennitala("4444444444") and ids.valid_kennitala("4444444444", century=False)
    assert not ids.valid_kennitala("4444444434", century=False)
    assert ids.valid_fi_business_id("0112038-9") and not ids.valid_fi_business_id("0112038-8")
    assert ids.valid_qr_reference("210000000003139471430009017")


def test_swiss_identifiers_known_values_and_generated_ones():
    # Published examples: SIX's QR-IBAN, ISO 11649's creditor reference, Swisscom's UID.
    assert ids.is_qr_iban("CH44 3199 9123 0008 8901 2") and ids.valid_iban("CH44 3199 9123 0008 8901 2")
    assert not ids.is_qr_iban("CH9300762011623852957")
    assert ids.valid_creditor_reference("RF18 5390 0754 7034") and not ids.valid_creditor_reference(
        "RF19 5390 0754 7034"
    )
    assert ids.valid_ch_uid("CHE-116.281.710") and ids.valid_ch_uid("CHE-116.281.710 MWST")
    assert not ids.valid_ch_uid("CHE-116.281.711")
    rng = random.Random(7)
    for _ in range(50):
        qr, plain = ids.make_ch_iban(rng, qr=True), ids.make_ch_iban(rng)
        assert (
            ids.valid_iban(qr) and ids.is_qr_iban(qr) and ids.valid_iban(plain) and not ids.is_qr_iban(plain)
        )
        assert ids.valid_creditor_reference(ids.make_creditor_reference(rng))
        assert ids.valid_ch_uid(ids.make_ch_uid(rng))
