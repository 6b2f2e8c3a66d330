"""Checksummed identifiers that real systems validate, usable by every provider.

Each kind has a `valid_*` check and a `make_*` generator that takes a `random.Random`, so seeded
data passes the same checks the real providers (and their users' code) apply.
"""

from __future__ import annotations

import random
import re
import string
from datetime import date


def luhn_check_digit(digits: str) -> int:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def valid_luhn(digits: str) -> bool:
    return digits.isdigit() and len(digits) > 1 and luhn_check_digit(digits[:-1]) == int(digits[-1])


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


# Sweden ---------------------------------------------------------------------------------------


def make_se_org_number(rng: random.Random, *, dash: bool = True) -> str:
    """A Swedish organisationsnummer: 10 digits, third digit >= 2, Luhn check digit."""
    body = str(rng.choice([5, 7, 8, 9])) + _digits(rng, 1) + str(rng.randint(2, 9)) + _digits(rng, 6)
    number = body + str(luhn_check_digit(body))
    return f"{number[:6]}-{number[6:]}" if dash else number


def valid_se_org_number(text: str) -> bool:
    digits = text.replace("-", "")
    return len(digits) == 10 and int(digits[2]) >= 2 and valid_luhn(digits)


def make_se_personal_number(rng: random.Random, birth: date, *, century: bool = False) -> str:
    """A Swedish personnummer (YYMMDD-NNNC, or YYYYMMDDNNNC with `century`), Luhn over YYMMDDNNN."""
    short = birth.strftime("%y%m%d") + _digits(rng, 3)
    check = str(luhn_check_digit(short))
    if century:
        return birth.strftime("%Y")[:2] + short + check
    return f"{short[:6]}-{short[6:]}{check}"


def valid_se_personal_number(text: str) -> bool:
    """Accepts YYMMDDNNNC, YYMMDD-NNNC, YYYYMMDDNNNC and YYYYMMDD-NNNC with a real date."""
    digits = text.replace("-", "").replace("+", "")
    if not digits.isdigit() or len(digits) not in (10, 12):
        return False
    full = digits if len(digits) == 12 else "19" + digits
    try:
        date(int(full[:4]), int(full[4:6]), int(full[6:8]) % 60)  # samordningsnummer add 60 to the day
    except ValueError:
        return False
    return valid_luhn(full[2:])


# Norway ---------------------------------------------------------------------------------------

_NO_ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def make_no_org_number(rng: random.Random) -> str:
    """A Norwegian organisasjonsnummer: 9 digits starting 8 or 9, mod 11 check digit."""
    while True:
        body = str(rng.choice([8, 9])) + _digits(rng, 7)
        remainder = sum(int(d) * w for d, w in zip(body, _NO_ORG_WEIGHTS, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return body + str(check)


def valid_no_org_number(text: str) -> bool:
    if not (text.isdigit() and len(text) == 9):
        return False
    remainder = sum(int(d) * w for d, w in zip(text[:8], _NO_ORG_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(text[8])


# Iceland --------------------------------------------------------------------------------------

_KENNITALA_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def _kennitala_check(first8: str) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(first8, _KENNITALA_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def make_kennitala(rng: random.Random, birth: date, *, company: bool = False) -> str:
    """An Icelandic kennitala: DDMMYY, two random digits, a mod 11 check digit, a century digit.
    Companies add 40 to the day."""
    day = birth.day + (40 if company else 0)
    while True:
        first8 = f"{day:02d}{birth:%m%y}" + _digits(rng, 2)
        check = _kennitala_check(first8)
        if check is not None:
            return f"{first8}{check}{str(birth.year)[1]}"


def valid_kennitala(text: str, *, century: bool = True) -> bool:
    """Ten digits (a dash allowed) with a valid mod 11 check digit; with `century`, the last digit
    must be a century (8, 9 or 0). Konto's own test numbers (4444444444) pass only without it."""
    digits = text.replace("-", "")
    if not (digits.isdigit() and len(digits) == 10) or (century and digits[9] not in "890"):
        return False
    return _kennitala_check(digits[:8]) == int(digits[8])


# Finland --------------------------------------------------------------------------------------

_FI_BUSINESS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def make_fi_business_id(rng: random.Random) -> str:
    """A Finnish Y-tunnus: seven digits, a dash and a mod 11 check digit."""
    while True:
        body = _digits(rng, 7)
        remainder = sum(int(d) * w for d, w in zip(body, _FI_BUSINESS_WEIGHTS, strict=True)) % 11
        if remainder == 1:
            continue
        return f"{body}-{0 if remainder == 0 else 11 - remainder}"


def valid_fi_business_id(text: str) -> bool:
    if not re.fullmatch(r"\d{7}-\d", text):
        return False
    remainder = sum(int(d) * w for d, w in zip(text[:7], _FI_BUSINESS_WEIGHTS, strict=True)) % 11
    return remainder != 1 and (0 if remainder == 0 else 11 - remainder) == int(text[8])


# IBAN and Swiss QR references -----------------------------------------------------------------

IBAN_LENGTHS = {"SE": 24, "NO": 15, "FI": 18, "IS": 26, "CH": 21, "DK": 18, "DE": 22}


def _iban_remainder(text: str) -> int:
    rearranged = text[4:] + text[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97


def make_iban(rng: random.Random, country: str) -> str:
    """An IBAN of the country's length whose check digits pass mod 97."""
    bban = _digits(rng, IBAN_LENGTHS[country] - 4)
    check = 98 - _iban_remainder(f"{country}00{bban}")
    return f"{country}{check:02d}{bban}"


def valid_iban(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", compact):
        return False
    if compact[:2] in IBAN_LENGTHS and len(compact) != IBAN_LENGTHS[compact[:2]]:
        return False
    return _iban_remainder(compact) == 1


_MOD10_TABLE = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)


def qr_reference_check_digit(digits: str) -> int:
    """Swiss QR / ESR reference: recursive mod 10."""
    carry = 0
    for char in digits:
        carry = _MOD10_TABLE[(carry + int(char)) % 10]
    return (10 - carry) % 10


def make_qr_reference(rng: random.Random) -> str:
    body = _digits(rng, 26)
    return body + str(qr_reference_check_digit(body))


def valid_qr_reference(text: str) -> bool:
    digits = text.replace(" ", "")
    return digits.isdigit() and len(digits) == 27 and qr_reference_check_digit(digits[:-1]) == int(digits[-1])


def is_qr_iban(text: str) -> bool:
    """A Swiss/Liechtenstein QR-IBAN: its institution id (positions 5-9) is 30000-31999."""
    compact = text.replace(" ", "").upper()
    return compact[:2] in ("CH", "LI") and compact[4:9].isdigit() and 30000 <= int(compact[4:9]) <= 31999


def make_ch_iban(rng: random.Random, *, qr: bool = False) -> str:
    """A Swiss IBAN whose institution id is a QR-IID (30000-31999) with `qr`, an ordinary one otherwise."""
    iid = str(
        rng.randint(30000, 31999) if qr else rng.choice([rng.randint(100, 9999), rng.randint(80000, 89999)])
    )
    bban = iid.zfill(5) + _digits(rng, 12)
    check = 98 - _iban_remainder(f"CH00{bban}")
    return f"CH{check:02d}{bban}"


def _creditor_check(body: str) -> int:
    return 98 - int("".join(str(int(ch, 36)) for ch in body.upper() + "RF00")) % 97


def make_creditor_reference(rng: random.Random) -> str:
    """An ISO 11649 creditor reference (SCOR): `RF`, two mod 97 check digits, up to 21 characters."""
    body = _digits(rng, rng.randint(8, 16))
    return f"RF{_creditor_check(body):02d}{body}"


def valid_creditor_reference(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    if not re.fullmatch(r"RF\d{2}[A-Z0-9]{1,21}", compact):
        return False
    return int("".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])) % 97 == 1


# Switzerland ----------------------------------------------------------------------------------

_CH_UID_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4)


def _ch_uid_check(first8: str) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(first8, _CH_UID_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def make_ch_uid(rng: random.Random) -> str:
    """A Swiss enterprise id (UID) `CHE-123.456.789`: eight digits and a mod 11 check digit."""
    while True:
        first8 = _digits(rng, 8)
        check = _ch_uid_check(first8)
        if check is not None and first8[0] != "0":
            digits = first8 + str(check)
            return f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]}"


def valid_ch_uid(text: str) -> bool:
    """`CHE-123.456.789` (or without the dots), optionally followed by ` MWST`/` TVA`/` IVA`."""
    match = re.fullmatch(r"CHE-?(\d{3})\.?(\d{3})\.?(\d{3})(?: (?:MWST|TVA|IVA))?", text.strip())
    if not match:
        return False
    digits = "".join(match.groups())
    return _ch_uid_check(digits[:8]) == int(digits[8])
