"""The pain.001.001.09 writer: valid against sepaxml's XSD, sums right, amounts in cents."""

import os
from datetime import date
from decimal import Decimal

import pytest
import sepaxml
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from uitbetaling.sepa import SepaBetaling, SepaFout, centen, sepa_bestand_maak, sepa_lees_totalen

BUREAU = {"naam": "NLAI Alimentatie-incasso B.V.", "iban": "NL91ABNA0417164300", "bic": "ABNANL2A"}
XSD = xmlschema.XMLSchema(os.path.join(os.path.dirname(sepaxml.__file__), "schemas", "pain.001.001.09.xsd"))


def _b(bedrag: str, n: int = 1) -> SepaBetaling:
    return SepaBetaling(
        naam=f"Cliënt {n}",
        iban="NL02 RABO 0123 4567 89",
        bedrag=Decimal(bedrag),
        end_to_end_id=f"UB-2026W47-{n}",
        omschrijving="Uitbetaling alimentatie week 47",
    )


def test_file_validates_against_the_xsd_and_the_header_sums_the_payments():
    xml = sepa_bestand_maak(
        betalingen=[_b("396.00", 1), _b("0.05", 2), _b("1234.56", 3)],
        uitvoerdatum=date(2026, 11, 26),
        bureau=BUREAU,
        msg_id="UB-2026-W47-1",
    )
    XSD.validate(xml.decode())  # raises when invalid
    aantal, som, regels = sepa_lees_totalen(xml)
    # 396.00 + 0.05 + 1234.56 = 1630.61
    assert aantal == 3
    assert som == Decimal("1630.61")
    assert regels == [
        ("UB-2026W47-1", Decimal("396.00")),
        ("UB-2026W47-2", Decimal("0.05")),
        ("UB-2026W47-3", Decimal("1234.56")),
    ]
    tekst = xml.decode()
    assert "<MsgId>UB-2026-W47-1</MsgId>" in tekst
    assert "<IBAN>NL91ABNA0417164300</IBAN>" in tekst  # the debtor is the agency's client-money account
    assert "<IBAN>NL02RABO0123456789</IBAN>" in tekst  # spaces taken out of the creditor IBAN
    assert "pain.001.001.09" in tekst


def test_amount_is_converted_to_cents_exactly():
    assert centen(Decimal("396.00")) == 39600
    assert centen(Decimal("0.1")) == 10
    assert centen(Decimal("1234.565")) == 123457  # half up


def test_empty_batch_or_zero_amount_is_refused_with_a_dutch_message():
    with pytest.raises(SepaFout, match="geen uitbetalingen"):
        sepa_bestand_maak(betalingen=[], uitvoerdatum=date(2026, 11, 26), bureau=BUREAU, msg_id="X")
    with pytest.raises(SepaFout, match="geen positief bedrag"):
        sepa_bestand_maak(betalingen=[_b("0.00")], uitvoerdatum=date(2026, 11, 26), bureau=BUREAU, msg_id="X")


def test_an_invalid_iban_fails_xsd_validation():
    slecht = SepaBetaling("A", "XX", Decimal("1.00"), "E2E", "x")
    with pytest.raises(SepaFout, match="voldoet niet"):
        sepa_bestand_maak(betalingen=[slecht], uitvoerdatum=date(2026, 11, 26), bureau=BUREAU, msg_id="X")


@settings(deadline=None, max_examples=40)  # XSD validation takes ~0.2 s on a busy 2-core machine
@given(st.lists(st.integers(min_value=1, max_value=10_000_000), min_size=1, max_size=15))
def test_control_sum_equals_the_sum_of_the_amounts(bedragen_centen):
    betalingen = [_b(str(Decimal(c) / 100), i) for i, c in enumerate(bedragen_centen)]
    xml = sepa_bestand_maak(betalingen=betalingen, uitvoerdatum=date(2026, 11, 26), bureau=BUREAU, msg_id="P")
    aantal, som, regels = sepa_lees_totalen(xml)
    assert aantal == len(bedragen_centen)
    assert som == Decimal(sum(bedragen_centen)) / 100
    assert sum(r[1] for r in regels) == som
