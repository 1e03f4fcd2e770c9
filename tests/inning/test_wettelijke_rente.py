"""Receipts pay statutory interest before principal on a dossier that claims it (art. 6:44 lid 1 BW, issue 5).

Worked example, by hand from ``wettelijke_rente.csv`` (6% from 1 January 2025, unchanged all year): one
termijn of 450.00 due 1 January 2025, so the debtor is in default from 2 January 2025 (art. 6:83 onder a BW).
The interest year 2 January 2025 – 2 January 2026 has 365 days.

- On 1 July 2025 (180 days): 450.00 x 6% x 180/365 = 13.3150... → 13.32 interest.
- A receipt of 100.00 on 1 July 2025: 13.32 interest, 86.68 principal.
- On 31 December 2025 (363 days after 2 January): the slice of 86.68 paid on 1 July earned
  86.68 x 6% x 180/365 = 2.5647... → 2.56; the 363.32 still open earned 363.32 x 6% x 363/365 = 21.6797...
  → 21.68; accrued 24.24, paid 13.32, open 10.92.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bank.services import bankafschrift_maak, bankafschrift_verwerk
from inning import ledger, selectors
from inning.achterstand import (
    AchterstandInvoer,
    dossier_achterstand_specificatie,
    rente_open,
)
from inning.models import Toewijzing
from inning.services import (
    ontvangst_koppel,
    ontvangst_ontkoppel,
    ontvangst_registreer,
)
from recht.termijnen import Verplichting
from tarieven.selectors import indexatie_tabel, wettelijke_rente_tabel
from tests.bank.bank_bestanden import Post, camt053

from .geld_factories import maak_dossier

D = Decimal

pytestmark = pytest.mark.django_db


def _rentedossier(*, rente: bool = True):
    dossier = maak_dossier(bedrag=D("450.00"), ingangsdatum=date(2025, 1, 1), einddatum=date(2025, 1, 31))
    dossier.wettelijke_rente = rente
    dossier.save(update_fields=["wettelijke_rente"])
    return dossier


def _ontvang(dossier, datum: date, bedrag: str, n: int = 1):
    return ontvangst_registreer(
        dossier=dossier,
        bedrag=D(bedrag),
        datum=datum,
        bron_type="test",
        bron_id=n,
        omschrijving="betaling",
        sleutel=f"rente-{dossier.pk}-{n}",
    )


def _delen(toewijzing: Toewijzing) -> list[tuple[str, Decimal]]:
    return list(toewijzing.toerekeningen.order_by("id").values_list("soort", "bedrag"))


def test_the_pure_function_gives_the_hand_computed_interest():
    invoer = AchterstandInvoer(
        verplichtingen=(
            Verplichting(
                soort="kinderalimentatie",
                bedrag=D("450.00"),
                vastgesteld_op=date(2024, 12, 1),
                ingangsdatum=date(2025, 1, 1),
                einddatum=date(2025, 1, 31),
                vervaldag=1,
                indexeren=False,
            ),
        ),
        eenmalig=(),
        stuitingen=(),
    )
    kw = {"invoer": invoer, "indexatie": indexatie_tabel(), "tarieven": wettelijke_rente_tabel()}
    assert rente_open(betalingen=[], rente_betaald=D("0"), peildatum=date(2025, 7, 1), **kw) == D("13.32")
    na = [(date(2025, 7, 1), D("86.68"))]
    assert rente_open(betalingen=na, rente_betaald=D("13.32"), peildatum=date(2025, 12, 31), **kw) == D(
        "10.92"
    )
    # a payment dated after the reference date does not shorten the interest up to it
    later = [(date(2026, 3, 1), D("450.00"))]
    assert rente_open(betalingen=later, rente_betaald=D("0"), peildatum=date(2025, 7, 1), **kw) == D("13.32")
    # what was already paid is never asked twice, and never below 0
    assert rente_open(betalingen=[], rente_betaald=D("20.00"), peildatum=date(2025, 7, 1), **kw) == D("0")


def test_a_receipt_pays_interest_first_then_the_termijn_then_is_a_prepayment():
    dossier = _rentedossier()
    o = _ontvang(dossier, date(2025, 7, 1), "500.00")
    t = o.toewijzingen.get()
    assert t.rente == D("13.32")
    assert _delen(t) == [("rente", D("13.32")), ("termijn", D("450.00")), ("vooruit", D("36.68"))]
    # commission on all of it, interest included (only bailiff costs are exempt): 12% of 500.00, VAT 21/121
    assert (t.provisie, t.btw, t.naar_client) == (D("60.00"), D("10.41"), D("440.00"))
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2025, 7, 1))
    assert (spec.wettelijke_rente, spec.rente_betaald, spec.rente_open) == (D("13.32"), D("13.32"), D("0.00"))
    # the arrears engine sees only the principal part: 486.68, of which 36.68 paid too much
    assert spec.overzicht.totaal.betaald == D("486.68")
    assert spec.overzicht.totaal.teveel_betaald == D("36.68")
    assert spec.overzicht.totaal.open == D("0.00")


def test_a_partial_receipt_leaves_principal_open_and_interest_runs_on():
    dossier = _rentedossier()
    t1 = _ontvang(dossier, date(2025, 7, 1), "100.00", 1).toewijzingen.get()
    assert _delen(t1) == [("rente", D("13.32")), ("termijn", D("86.68"))]
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2025, 12, 31))
    assert (spec.wettelijke_rente, spec.rente_betaald, spec.rente_open) == (
        D("24.24"),
        D("13.32"),
        D("10.92"),
    )
    assert spec.overzicht.totaal.open == D("363.32")
    t2 = _ontvang(dossier, date(2025, 12, 31), "50.00", 2).toewijzingen.get()
    assert _delen(t2) == [("rente", D("10.92")), ("termijn", D("39.08"))]
    assert selectors.dossier_betalingen(dossier_id=dossier.pk) == [
        (date(2025, 7, 1), D("86.68")),
        (date(2025, 12, 31), D("39.08")),
    ]
    # an arrangement counts what the debtor paid towards the claim, interest included
    assert selectors.dossier_betalingen(dossier_id=dossier.pk, met_rente=True) == [
        (date(2025, 7, 1), D("100.00")),
        (date(2025, 12, 31), D("50.00")),
    ]


def test_without_the_claim_no_interest_is_allocated():
    dossier = _rentedossier(rente=False)
    t = _ontvang(dossier, date(2025, 7, 1), "100.00").toewijzingen.get()
    assert t.rente == D("0.00")
    assert _delen(t) == [("termijn", D("100.00"))]
    assert dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2025, 7, 1)).rente_open is None


def test_undoing_a_match_gives_its_interest_back_to_the_next_one():
    dossier = _rentedossier()
    o = _ontvang(dossier, date(2025, 7, 1), "100.00")
    ontvangst_ontkoppel(ontvangst=o, datum=date(2025, 7, 2))
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2025, 7, 1))
    assert (spec.rente_betaald, spec.rente_open) == (D("0.00"), D("13.32"))
    opnieuw = ontvangst_koppel(ontvangst=o, dossier=dossier)
    assert _delen(opnieuw) == [("rente", D("13.32")), ("termijn", D("86.68"))]


def test_the_statement_page_and_pdf_show_accrued_paid_and_open_interest():
    import io

    from pypdf import PdfReader

    from inning.achterstand_pdf import achterstand_pdf

    dossier = _rentedossier()
    _ontvang(dossier, date(2025, 7, 1), "100.00")
    tekst = PdfReader(io.BytesIO(achterstand_pdf(dossier=dossier, peildatum=date(2025, 12, 31)))).pages[0]
    regels = tekst.extract_text()
    assert "Wettelijke rente (art. 6:119 BW) tot de peildatum € 24,24" in regels
    assert "€ 13,32" in regels and "Openstaande wettelijke rente € 10,92" in regels


def test_a_bank_file_allocates_interest_as_matching_one_by_one_does():
    een_voor_een = _rentedossier()
    blok = _rentedossier()
    betalingen = [(date(2025, 7, 1), D("100.00")), (date(2025, 12, 31), D("50.00"))]
    for i, (datum, bedrag) in enumerate(betalingen):
        _ontvang(een_voor_een, datum, str(bedrag), i)
    posten = [
        Post(bedrag, datum=datum, kenmerk=blok.betaalkenmerk, ref=f"W{i}")
        for i, (datum, bedrag) in enumerate(betalingen)
    ]
    af = bankafschrift_maak(bestandsnaam="rente.xml", inhoud=camt053(posten))
    assert bankafschrift_verwerk(afschrift_id=af.pk)["gematcht"] == 2

    def uitkomst(dossier):
        return [
            (t.rente, t.provisie, t.naar_client, _delen(t))
            for t in Toewijzing.objects.filter(dossier=dossier).order_by("ontvangst__datum")
        ]

    assert uitkomst(blok) == uitkomst(een_voor_een)
    assert [u[0] for u in uitkomst(blok)] == [D("13.32"), D("10.92")]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ontvangsten=st.lists(
        st.tuples(
            st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
            st.decimals(min_value=D("0.01"), max_value=D("600.00"), places=2),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_interest_and_principal_together_are_exactly_what_was_received(ontvangsten):
    """Nothing counted twice: per receipt costs + interest + principal parts = the receipt; over the dossier
    the interest paid plus the payments the arrears engine sees equal everything received; and no receipt
    pays more interest than had accrued and was still open on its date."""
    dossier = _rentedossier()
    laatste = date.min
    for i, (datum, bedrag) in enumerate(ontvangsten):
        voor = dossier_achterstand_specificatie(dossier=dossier, peildatum=datum)
        t = _ontvang(dossier, datum, str(bedrag), i).toewijzingen.get()
        assert sum((b for _, b in _delen(t)), D("0")) == bedrag
        assert t.rente >= 0
        if datum >= laatste:  # in date order the statement of that day shows exactly what is open
            assert t.rente == min(bedrag, voor.rente_open)
        laatste = max(laatste, datum)
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=date(2027, 1, 1))
    ontvangen = sum((b for _, b in ontvangsten), D("0"))
    assert spec.rente_betaald + spec.overzicht.totaal.betaald == ontvangen
    assert spec.rente_open >= 0
    assert ledger.saldo("ongealloceerd") == D("0.00")


def test_the_case_manager_switches_the_claim_on_at_the_clients_request(cm_client, portaal_client):
    from django.urls import reverse

    dossier = _rentedossier(rente=False)
    url = reverse("dossiers:wettelijke_rente", args=[dossier.pk])
    # a client cannot switch it (staff page), and nothing changes
    assert portaal_client.post(url, {"vorderen": "on"}).status_code in (302, 403)
    dossier.refresh_from_db()
    assert not dossier.wettelijke_rente

    pagina = cm_client.get(reverse("dossiers:achterstand", args=[dossier.pk])).content.decode()
    assert "Wettelijke rente vorderen" in pagina and "Openstaande wettelijke rente" not in pagina
    antwoord = cm_client.post(url, {"vorderen": "on"})
    assert antwoord.status_code == 302
    dossier.refresh_from_db()
    assert dossier.wettelijke_rente
    assert dossier.tijdlijn.filter(tekst__contains="voortaan wettelijke rente").count() == 1
    cm_client.post(url, {"vorderen": "on"})  # the same again records nothing new
    assert dossier.tijdlijn.filter(tekst__contains="wettelijke rente").count() == 1
    pagina = cm_client.get(reverse("dossiers:achterstand", args=[dossier.pk])).content.decode()
    assert "Openstaande wettelijke rente" in pagina
    assert re.search(r'<input type="checkbox" name="vorderen"[^>]*\bchecked\b', pagina)
    # an unticked box switches it off
    cm_client.post(url, {})
    dossier.refresh_from_db()
    assert not dossier.wettelijke_rente
    assert dossier.tijdlijn.filter(tekst__contains="geen wettelijke rente meer").count() == 1


def test_a_demand_letter_asks_for_the_open_interest_too():
    from django.template.loader import render_to_string

    from incasso.letters import brief_context

    dossier = _rentedossier()
    _ontvang(dossier, date(2025, 7, 1), "100.00")
    ctx = brief_context(dossier=dossier, soort="aanmaning", datum=date(2025, 12, 31))
    # 363.32 principal open + 10.92 interest open (worked example in the module docstring)
    assert ctx["bedrag"] == D("374.24")
    assert ctx["rente_open"] == "€ 10,92"
    html = render_to_string("letters/_specificatie.html", ctx)
    assert "Wettelijke rente (art. 6:119 BW) tot 31 december 2025" in html and "€ 374,24" in html
    # without the claim, the letter asks for the principal only
    zonder = _rentedossier(rente=False)
    _ontvang(zonder, date(2025, 7, 1), "100.00", 9)
    ctx = brief_context(dossier=zonder, soort="aanmaning", datum=date(2025, 12, 31))
    assert ctx["bedrag"] == D("350.00") and ctx["rente_open"] == ""
