"""The pain.001.001.09 writer: valid against sepaxml's XSD, sums right, amounts in cents."""

import os
import re
from datetime import date
from decimal import Decimal

import pytest
import sepaxml
import xmlschema
from hypothesis import example, given, settings
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


def _sepaxml(betalingen: list[SepaBetaling], uitvoerdatum: date, msg_id: str) -> bytes:
    """The file as sepaxml's ``SepaTransfer`` writes it (how this module made it before writing it itself)."""
    config = {
        "name": BUREAU["naam"],
        "IBAN": BUREAU["iban"],
        "BIC": BUREAU["bic"],
        "batch": True,
        "currency": "EUR",
    }
    sepa = sepaxml.SepaTransfer(config, schema="pain.001.001.09", clean=True)
    sepa._xml.find("CstmrCdtTrfInitn/GrpHdr/MsgId").text = msg_id
    for b in betalingen:
        sepa.add_payment(
            {
                "name": b.naam,
                "IBAN": b.iban.replace(" ", "").upper(),
                "amount": centen(b.bedrag),
                "execution_date": uitvoerdatum,
                "description": b.omschrijving,
                "endtoend_id": b.end_to_end_id,
            }
        )
    return sepa.export(validate=False)


def _zonder_tijd_en_toeval(xml: bytes) -> bytes:
    # The creation time and sepaxml's random payment-information id differ between any two files.
    xml = re.sub(rb"<CreDtTm>[^<]*</CreDtTm>", b"<CreDtTm/>", xml)
    return re.sub(rb"<PmtInfId>[^<]*</PmtInfId>", b"<PmtInfId/>", xml)


# Printable text in any script (transliterated to ASCII by both writers), with the characters XML escapes.
_tekst = st.text(
    alphabet=st.one_of(
        st.sampled_from("&<>\"' -.Ééüßø"), st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))
    ),
    max_size=160,
)


@settings(deadline=None, max_examples=60)
@example(  # names and descriptions longer than the 70 and 140 characters the file allows, before and after
    [("Straße & <Zoon> " * 6, "NL02 RABO 0123 4567 89", 5, "E2E-1", "Uitbetaling ü " * 12)]  # transliteration
)
@given(
    st.lists(
        st.tuples(
            _tekst,
            st.sampled_from(["NL02 RABO 0123 4567 89", "nl91abna0417164300", "DE89370400440532013000"]),
            st.integers(min_value=1, max_value=99_999_999),
            st.from_regex(r"[A-Za-z0-9-]{1,35}", fullmatch=True),
            _tekst,
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_file_is_the_one_sepaxml_writes(rijen):
    betalingen = [
        SepaBetaling(
            naam="A" + naam, iban=iban, bedrag=Decimal(c) / 100, end_to_end_id=e2e, omschrijving="B" + oms
        )
        for naam, iban, c, e2e, oms in rijen
    ]
    uitvoerdatum = date(2026, 11, 26)
    eigen = sepa_bestand_maak(
        betalingen=betalingen, uitvoerdatum=uitvoerdatum, bureau=BUREAU, msg_id="NLAI-2026W47-1"
    )
    assert _zonder_tijd_en_toeval(eigen) == _zonder_tijd_en_toeval(
        _sepaxml(betalingen, uitvoerdatum, "NLAI-2026W47-1")
    )
    # The random id has sepaxml's form: the agency's name in letters and digits, a dash, 12 hex characters.
    assert re.search(rb"<PmtInfId>NLAIAlimentatieincasso-[0-9a-f]{12}</PmtInfId>", eigen)
    assert re.search(rb"<CreDtTm>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d</CreDtTm>", eigen)
