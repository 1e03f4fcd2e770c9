"""Issue 13 item 11: the debtor's designation (art. 6:43 lid 1 BW). A receipt whose description names a month
("alimentatie maart 2026") pays that month's termijn first, after costs and interest (art. 6:44 lid 1 BW);
otherwise oldest first (art. 6:43 lid 2 BW). The rule used is stored on the allocation, the statement replays
it, and the single-receipt path and the block bank import allocate identically.

Worked example: 450.00 a month from 1 June 2025 (not indexed), bailiff costs 80.00 on 5 January 2026.
- 20 Jan 2026, 300.00 "alimentatie december 2025": costs 80.00, then December 2025 220.00 (lid 1).
- 14 Feb 2026, 125.50, no month named: June 2025 125.50 (lid 2, oldest).
- 3 Mar 2026, 700.00 "alimentatie maart 2026": March 2026 450.00, then June 2025 250.00 (oldest).
- 20 Mar 2026, 500.00 naming January and February: no single month, so oldest first: June 2025 74.50,
  July 2025 425.50.
"""

from datetime import date
from decimal import Decimal

import pytest

from bank.services import bankafschrift_maak, bankafschrift_verwerk
from inning.achterstand import dossier_achterstand
from inning.achterstand_pdf import achterstand_html
from inning.models import Bankregel, Toewijzing
from inning.services import (
    kosten_registreer,
    ontvangst_bank_registreer,
    ontvangst_koppel,
)
from tests.bank.bank_bestanden import REKENING, Post, camt053
from tests.bank.test_bank_import_bulk import _uitkomst

from .geld_factories import maak_dossier

D = Decimal
pytestmark = pytest.mark.django_db

BETALINGEN = [
    (date(2026, 1, 20), D("300.00"), "alimentatie december 2025"),
    (date(2026, 2, 14), D("125.50"), "alimentatie"),
    (date(2026, 3, 3), D("700.00"), "alimentatie maart 2026"),
    (date(2026, 3, 20), D("500.00"), "alimentatie jan 2026 en feb 2026"),
]


def _dossier():
    dossier = maak_dossier(bedrag=D("450.00"), ingangsdatum=date(2025, 6, 1))
    kosten_registreer(
        dossier=dossier,
        bedrag=D("80.00"),
        datum=date(2026, 1, 5),
        omschrijving="betekening",
        sleutel=f"k{dossier.pk}",
    )
    return dossier


def _per_regel(dossier):
    for i, (datum, bedrag, oms) in enumerate(BETALINGEN):
        regel = Bankregel.objects.create(
            afschrift=bankafschrift_maak(
                bestandsnaam=f"a{i}.xml", inhoud=camt053([Post(bedrag, ref=f"A{i}")])
            ),
            iban=REKENING,
            referentie=f"L{i}",
            datum=datum,
            bedrag=bedrag,
            kenmerk=dossier.betaalkenmerk,
            omschrijving=oms,
        )
        ontvangst_koppel(
            ontvangst=ontvangst_bank_registreer(bankregel=regel), dossier=dossier, automatisch=True
        )


def _per_blok(dossier):
    posten = [
        Post(bedrag, datum=datum, omschrijving=f"{dossier.betaalkenmerk} {oms}", ref=f"R{i}")
        for i, (datum, bedrag, oms) in enumerate(BETALINGEN)
    ]
    af = bankafschrift_maak(bestandsnaam="aanwijzing.xml", inhoud=camt053(posten))
    assert bankafschrift_verwerk(afschrift_id=af.pk)["gematcht"] == 4


def _termijnen(uitkomst):
    return [[(d[1], d[3]) for d in u[6] if d[0] == "termijn"] for u in uitkomst]


def test_designated_month_is_paid_first_and_the_rule_is_stored():
    dossier = _dossier()
    _per_regel(dossier)
    uit = _uitkomst(dossier)
    assert _termijnen(uit) == [
        [(date(2025, 12, 1), D("220.00"))],
        [(date(2025, 6, 1), D("125.50"))],
        [(date(2026, 3, 1), D("450.00")), (date(2025, 6, 1), D("250.00"))],
        [(date(2025, 6, 1), D("74.50")), (date(2025, 7, 1), D("425.50"))],
    ]
    assert uit[0][4] == D("80.00")  # costs first, designation or not (art. 6:44 lid 1 BW)
    assert [(u[7], u[8]) for u in uit] == [
        (Toewijzing.Regel.AANWIJZING, "2025-12"),
        (Toewijzing.Regel.OUDSTE, ""),
        (Toewijzing.Regel.AANWIJZING, "2026-03"),
        (Toewijzing.Regel.OUDSTE, ""),
    ]


def test_the_statement_replays_the_designation_exactly_as_stored():
    """Per termijn, what the statement says is paid equals the sum of the stored allocation parts."""
    dossier = _dossier()
    _per_regel(dossier)
    opgeslagen: dict = {}
    for t in Toewijzing.objects.filter(dossier=dossier):
        for r in t.toerekeningen.filter(soort="termijn"):
            opgeslagen[r.vervaldatum] = opgeslagen.get(r.vervaldatum, D("0")) + r.bedrag
    overzicht = dossier_achterstand(dossier=dossier, peildatum=date(2026, 3, 31))
    assert {t.vervaldatum: t.betaald for t in overzicht.termijnen if t.betaald} == opgeslagen
    html = achterstand_html(dossier=dossier, peildatum=date(2026, 3, 31))
    assert "aangewezen: maart 2026 eerst (art. 6:43 lid 1 BW)" in html
    assert "oudste termijn eerst (art. 6:43 lid 2 BW)" in html


def test_block_import_allocates_designations_exactly_as_the_single_path():
    per_regel, per_blok = _dossier(), _dossier()
    _per_regel(per_regel)
    _per_blok(per_blok)
    assert _uitkomst(per_blok) == _uitkomst(per_regel)


def test_statement_names_lid_2_when_the_designated_month_was_already_paid():
    """A receipt naming December 2025 after December was paid in full: nothing of that month is open, so it
    goes oldest first and the statement says art. 6:43 lid 2, as the stored allocation does."""
    dossier = maak_dossier(bedrag=D("450.00"), ingangsdatum=date(2025, 12, 1))
    for i, (datum, bedrag, oms) in enumerate(
        [
            (date(2025, 12, 2), D("450.00"), "alimentatie december 2025"),
            (date(2026, 1, 20), D("100.00"), "alimentatie december 2025"),
        ]
    ):
        regel = Bankregel.objects.create(
            afschrift=bankafschrift_maak(
                bestandsnaam=f"b{i}.xml", inhoud=camt053([Post(bedrag, ref=f"B{i}")])
            ),
            iban=REKENING,
            referentie=f"M{i}",
            datum=datum,
            bedrag=bedrag,
            kenmerk=dossier.betaalkenmerk,
            omschrijving=oms,
        )
        ontvangst_koppel(ontvangst=ontvangst_bank_registreer(bankregel=regel), dossier=dossier)
    assert list(
        Toewijzing.objects.filter(dossier=dossier).order_by("id").values_list("regel", flat=True)
    ) == [
        Toewijzing.Regel.AANWIJZING,
        Toewijzing.Regel.OUDSTE,
    ]
    html = achterstand_html(dossier=dossier, peildatum=date(2026, 1, 31))
    assert html.count("art. 6:43 lid 1 BW") == 1 and html.count("art. 6:43 lid 2 BW") == 1
