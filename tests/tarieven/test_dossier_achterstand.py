"""The dossier adapter (inning.achterstand) and the PDF specification (inning.achterstand_pdf)."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from dossiers.models import Client, Debiteur, Dossier, EenmaligeVordering, Stuiting, Verplichting
from inning.achterstand import dossier_achterstand, dossier_achterstand_specificatie
from inning.achterstand_pdf import achterstand_pdf, datum_voluit

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    d = Dossier.objects.create(
        nummer="D-2025-0001",
        betaalkenmerk="1000000000000001",
        client=Client.objects.create(naam="Anna de Vries"),
        debiteur=Debiteur.objects.create(naam="Bram Jansen"),
        volgende_actie="Aanmaning versturen",
        volgende_actie_datum=date(2025, 3, 17),
    )
    Verplichting.objects.create(
        dossier=d,
        soort="kinderalimentatie",
        kind_naam="Sara",
        bedrag=D("300.00"),
        vastgesteld_op=date(2024, 6, 15),
        ingangsdatum=date(2024, 11, 1),
        vervaldag=1,
        indexeren=True,
    )
    EenmaligeVordering.objects.create(
        dossier=d, datum=date(2025, 3, 10), bedrag=D("1075.00"), omschrijving="Beugel"
    )
    return d


@pytest.fixture
def betalingen(dossier, betaal):
    """The dossier's payments: every row appended is booked as a real receipt (inning.services), which the
    statement then reads through inning.selectors like any other."""

    class Geboekt(list):
        def append(self, rij):
            betaal(dossier, [rij])
            super().append(rij)

        def extend(self, rijen):
            rijen = list(rijen)
            betaal(dossier, rijen)
            super().extend(rijen)

    return Geboekt()


def test_dossier_statement_uses_obligations_one_offs_and_payments(dossier, betalingen):
    betalingen.extend(
        [(date(2024, 11, 3), D("300")), (date(2024, 12, 2), D("300")), (date(2025, 1, 5), D("300")),
         (date(2025, 2, 3), D("300")), (date(2025, 3, 2), D("300"))]
    )  # fmt: skip
    o = dossier_achterstand(dossier=dossier, peildatum=date(2025, 3, 15))
    # as in tests/recht/test_achterstand.py: 58.50 open on March, 19.50 of it indexation; + Beugel 1075.00
    assert [t.omschrijving for t in o.termijnen][:1] == ["Kinderalimentatie Sara november 2024"]
    assert o.totaal.verschuldigd == D("2633.50")  # 1558.50 + 1075.00
    assert o.totaal.open == D("1133.50")  # 58.50 + 1075.00
    assert o.totaal.waarvan_indexering == D("19.50")


def test_statement_is_recomputed_when_a_payment_or_obligation_changes(dossier, betalingen):
    voor = dossier_achterstand(dossier=dossier, peildatum=date(2025, 3, 15))
    betalingen.append((date(2025, 3, 12), D("100.00")))
    na_betaling = dossier_achterstand(dossier=dossier, peildatum=date(2025, 3, 15))
    assert na_betaling.totaal.open == voor.totaal.open - D("100.00")
    dossier.verplichtingen.update(indexeren=False)
    # without indexation the three 2025 termijnen are 300.00 instead of 319.50: 3 x 19.50 = 58.50 less
    zonder = dossier_achterstand(dossier=dossier, peildatum=date(2025, 3, 15))
    assert zonder.totaal.verschuldigd == voor.totaal.verschuldigd - D("58.50")


def test_stuiting_on_the_dossier_is_used(dossier, betalingen):
    # the one-off claim of 10 Mar 2025 would be barred after 10 Mar 2030; an aanmaning on 1 Mar 2030 saves it
    dossier.verplichtingen.all().delete()  # keep only the one-off claim (no 2027+ indexation needed)
    assert dossier_achterstand(dossier=dossier, peildatum=date(2030, 3, 11)).totaal.verjaard == D("1075.00")
    Stuiting.objects.create(dossier=dossier, datum=date(2030, 3, 1), soort="aanmaning")
    o = dossier_achterstand(dossier=dossier, peildatum=date(2030, 3, 11))
    assert o.totaal.verjaard == D("0.00")
    assert o.totaal.open == D("1075.00")


def test_specificatie_lists_unconfirmed_indexation(dossier, betalingen):
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2026, 1, 1))
    assert spec.onbevestigd == ("Het indexeringspercentage van 2026 is niet bevestigd.",)


def test_datum_voluit_is_dutch():
    assert datum_voluit(date(2026, 4, 2)) == "2 april 2026"
    assert datum_voluit(date(2025, 3, 1)) == "1 maart 2025"


def test_pdf_shows_dutch_amounts_and_dates(dossier, betalingen):
    betalingen.extend(
        [(date(2024, 11, 3), D("300")), (date(2024, 12, 2), D("300")), (date(2025, 1, 5), D("300"))]
    )
    pdf = achterstand_pdf(dossier=dossier, peildatum=date(2025, 3, 15))
    assert pdf.startswith(b"%PDF")
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    # owed: 300 + 300 + 3 x 319.50 + 1075.00 = 2633.50; paid 900.00 → open 1733.50
    # indexation open: Jan 19.50 (paid 300 of 319.50), Feb 19.50, Mar 19.50 = 58.50
    assert "Specificatie achterstand" in tekst
    assert "D-2025-0001" in tekst
    assert "€ 2.633,50" in tekst
    assert "€ 900,00" in tekst
    assert "€ 1.733,50" in tekst
    assert "€ 58,50" in tekst
    assert "15 maart 2025" in tekst
    assert "1 november 2024" in tekst
    assert "Beugel" in tekst


def test_statutory_interest_only_when_the_dossier_asks_for_it(dossier, betalingen):
    dossier.verplichtingen.all().delete()  # only the one-off 1075.00 due 10 Mar 2025
    assert (
        dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2025, 6, 10)).wettelijke_rente
        is None
    )
    dossier.wettelijke_rente = True
    dossier.save(update_fields=["wettelijke_rente"])
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2025, 6, 10))
    # default from 11 Mar 2025 to 10 Jun 2025 (exclusive) = 91 days at 6% (rate from 1 Jan 2025);
    # interest year 11 Mar 2025 – 11 Mar 2026 = 365 days: 1075.00 x 0.06 x 91/365 = 16.081 → 16.08
    assert spec.wettelijke_rente == D("16.08")
    assert spec.onbevestigd == ()  # the 2025 rate is confirmed
    # into 2026 the unconfirmed 4% from 1 Jan 2026 is used and named
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2026, 2, 1))
    assert spec.onbevestigd == ("De wettelijke rente van 4.00% vanaf 01-01-2026 is niet bevestigd.",)
    tekst = (
        PdfReader(io.BytesIO(achterstand_pdf(dossier=dossier, peildatum=date(2025, 6, 10))))
        .pages[0]
        .extract_text()
    )
    assert "€ 16,08" in tekst


def test_title_that_excludes_indexation_wins_over_the_obligation(dossier, betalingen):
    from dossiers.models import Titel

    titel = Titel.objects.create(dossier=dossier, soort="beschikking", indexering_uitgesloten=True)
    dossier.verplichtingen.update(titel=titel)
    o = dossier_achterstand(dossier=dossier, peildatum=date(2025, 1, 31))
    # Nov, Dec 2024 and Jan 2025 all 300.00: no 6.5% for 2025
    assert [t.bedrag for t in o.termijnen] == [D("300.00")] * 3


def test_dossier_page_partial_renders_the_statement(dossier, betalingen):
    from django.template.loader import render_to_string

    from inning.achterstand_pdf import achterstand_pdf_context

    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2025, 1, 31))
    html = render_to_string(
        "inning/_achterstand_dossier.html",
        {"achterstand": achterstand_pdf_context(spec), "pdf_url": "/x.pdf"},
    )
    # Nov 300.00 + Dec 300.00 + Jan 319.50 = 919.50, nothing paid
    assert "€ 919,50" in html
    assert "31 januari 2025" in html
    assert 'href="/x.pdf"' in html
    assert "style=" not in html
