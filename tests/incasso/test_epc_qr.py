"""The EPC069-12 QR payload on every letter: exact fields, amount with two decimals, level M, version ≤ 13."""

from decimal import Decimal

import segno
from hypothesis import given
from hypothesis import strategies as st

from incasso.epc_qr import epc_payload, epc_qr_svg_data_uri

BUREAU = {"naam": "NLAI Alimentatie-incasso B.V.", "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"}


def test_payload_has_the_epc_fields_in_order():
    payload = epc_payload(**BUREAU, bedrag=Decimal("1234.56"), kenmerk="RF18539007547034")
    assert payload.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "ABNANL2A",
        "NLAI Alimentatie-incasso B.V.",
        "NL91ABNA0417164300",
        "EUR1234.56",
        "",
        "RF18539007547034",
    ]


def test_without_a_payable_amount_the_amount_is_left_empty_for_the_banking_app():
    assert epc_payload(**BUREAU, bedrag=Decimal("0"), kenmerk="RF18539007547034").split("\n")[7] == ""
    assert epc_payload(**BUREAU, bedrag=None, kenmerk="RF18539007547034").split("\n")[7] == ""


@given(centen=st.integers(min_value=1, max_value=99_999_999_999))
def test_amount_line_round_trips_to_the_same_cents(centen):
    bedrag = Decimal(centen) / 100
    regel = epc_payload(**BUREAU, bedrag=bedrag, kenmerk="RF18539007547034").split("\n")[7]
    assert regel.startswith("EUR") and len(regel.split(".")[1]) == 2
    assert Decimal(regel[3:]) == bedrag


@given(centen=st.integers(min_value=1, max_value=99_999_999_999))
def test_qr_code_stays_within_epc_limits(centen):
    payload = epc_payload(**BUREAU, bedrag=Decimal(centen) / 100, kenmerk="RF18539007547034")
    qr = segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")
    assert qr.error == "M" and qr.version <= 13


def test_svg_data_uri_is_an_image_the_letter_and_browser_can_show():
    uri = epc_qr_svg_data_uri(**BUREAU, bedrag=Decimal("10.00"), kenmerk="RF18539007547034")
    assert uri.startswith("data:image/svg+xml")
