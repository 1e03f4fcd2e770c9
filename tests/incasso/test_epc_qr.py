"""The EPC069-12 QR payload on every letter: exact fields, amount with two decimals, level M, version ≤ 13."""

import base64
import io
from decimal import Decimal

import segno
from hypothesis import given
from hypothesis import strategies as st

from incasso.epc_qr import epc_payload, epc_qr_png_data_uri

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


def test_png_data_uri_is_the_code_one_pixel_per_module_with_its_quiet_zone():
    from PIL import Image

    uri = epc_qr_png_data_uri(**BUREAU, bedrag=Decimal("10.00"), kenmerk="RF18539007547034")
    kop, _, data = uri.partition(",")
    assert kop == "data:image/png;base64"
    beeld = Image.open(io.BytesIO(base64.b64decode(data))).convert("L")
    payload = epc_payload(**BUREAU, bedrag=Decimal("10.00"), kenmerk="RF18539007547034")
    qr = segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")
    modules = [[bool(m) for m in rij] for rij in qr.matrix]
    assert beeld.size == (len(modules) + 4, len(modules) + 4)
    zwart = [[beeld.getpixel((x + 2, y + 2)) < 128 for x in range(len(modules))] for y in range(len(modules))]
    assert zwart == modules
    rand = [
        beeld.getpixel((x, y)) for x in range(beeld.width) for y in (0, 1, beeld.height - 2, beeld.height - 1)
    ]
    assert min(rand) == 255  # the quiet zone is white
