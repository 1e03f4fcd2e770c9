"""Our own payouts on the bank statement (issue 12 item 4) and what the client is told (issue 14 item 3).

A payout moves klaargezet (approved, in a SEPA file) → aangeboden (that file downloaded for the bank) →
uitgevoerd (its debit, with its end-to-end id and net amount, seen on a CAMT.053 or MT940 statement). The
reconciliation page lists that debit as a booked payout, not as a debit missing from the ledger. The portal
says "overgemaakt" only once the payout is uitgevoerd, and the payout's line appears on the timelines of the
dossiers whose money it carries.

Worked example: client A has two dossiers; dossier 1 received € 450,00 (12% commission incl. 21% VAT =
€ 54,00, so € 396,00 for the client), dossier 2 nothing. The payout is € 396,00 and pays dossier 1 only.
"""

import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client as DjangoClient
from django.urls import reverse

from bank.services import bankafschrift_maak, bankafschrift_verwerk
from dossiers.models import TijdlijnGebeurtenis
from inning.models import Bankregel
from tests.bank.bank_bestanden import Post, camt053, mt940_afschrift, uitbetaling_afschrijving
from tests.conftest import login_als
from uitbetaling.models import Uitbetaling
from uitbetaling.services import uitbetaling_batch_keur_goed, uitbetaling_batch_maak

from .conftest import DossierFactory, ontvangst_boek

pytestmark = pytest.mark.django_db


@pytest.fixture
def betaald(financieel, tweede_financieel, provisie_tarief, client_user, django_capture_on_commit_callbacks):
    """Client A (the portal user) with two dossiers, € 450,00 received on the first; the week's batch
    approved and booked. Returns (payout, paying dossier, other dossier)."""
    d1 = DossierFactory(client__user=client_user)
    d2 = DossierFactory(client=d1.client)
    ontvangst_boek(d1, D("450.00"), datum=date(2026, 11, 16))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    u = Uitbetaling.objects.select_related("batch").get()
    assert u.netto == D("396.00") and u.status == Uitbetaling.Status.GEBOEKT
    return u, d1, d2


def _importeer(inhoud: bytes, naam: str) -> dict:
    afschrift = bankafschrift_maak(bestandsnaam=naam, inhoud=inhoud)
    return bankafschrift_verwerk(afschrift_id=afschrift.pk)


def _status_cel(html: str) -> str:
    """The text of the status cell of the (only) payout row on the portal's money page."""
    rij = re.search(r"<th scope=\"row\">2026-W47</th>(.*?)</tr>", html, re.S)
    assert rij, html
    cellen = re.findall(r"<td[^>]*>(.*?)</td>", rij.group(1), re.S)
    return re.sub(r"<[^>]+>", "", cellen[2]).strip()


@pytest.mark.parametrize("formaat", ["camt053", "mt940"])
def test_our_payout_debit_marks_the_payout_executed_and_reconciles_as_booked(
    betaald, fin_client, financieel, formaat
):
    u, _d1, _d2 = betaald
    fin_client.get(reverse("uitbetaling:sepa_download", args=[u.sepa_bestand_id]))
    u.refresh_from_db()
    assert u.bankstatus == Uitbetaling.Bankstatus.AANGEBODEN

    vreemd = Post(bedrag=D("-12.50"), naam="Bankkosten", iban="NL20INGB0009999999", e2e="KOSTEN-11")
    posten = [uitbetaling_afschrijving(u, datum=date(2026, 11, 20)), vreemd]
    inhoud = camt053(posten, msg_id="MSG-UIT") if formaat == "camt053" else mt940_afschrift(posten)
    uitkomst = _importeer(inhoud, f"afschrift.{formaat}")
    assert uitkomst["gematcht"] == 1 and uitkomst["ongematcht"] == 1, uitkomst

    u.refresh_from_db()
    assert u.bankstatus == Uitbetaling.Bankstatus.UITGEVOERD and u.uitgevoerd_op == date(2026, 11, 20)
    regel = Bankregel.objects.get(end_to_end_id=u.end_to_end_id)
    assert regel.bedrag == D("-396.00") and regel.verwerking == Bankregel.Verwerking.UITBETALING
    assert u.uitgevoerd_bankregel == regel

    html = fin_client.get(reverse("inning:afstemming")).content.decode()
    missend, _, uitbetalingen = html.partition("Uitbetalingen volgens afschrift")
    missend = missend.split("Afschrijvingen zonder boeking")[1]
    assert "Bankkosten" in missend and u.end_to_end_id not in missend
    assert u.end_to_end_id in uitbetalingen and "week 2026-W47" in uitbetalingen
    assert "€ -396,00" in uitbetalingen and ">geboekt<" in uitbetalingen


def test_a_debit_with_our_id_but_another_amount_is_not_taken_as_our_payout(betaald):
    u, _d1, _d2 = betaald
    post = uitbetaling_afschrijving(u)
    post.bedrag = D("-369.00")  # 396,00 with two digits swapped
    uitkomst = _importeer(camt053([post], msg_id="MSG-ANDERS"), "anders.xml")
    assert uitkomst["ongematcht"] == 1
    u.refresh_from_db()
    assert u.bankstatus == Uitbetaling.Bankstatus.KLAARGEZET and u.uitgevoerd_bankregel is None
    assert Bankregel.objects.get().verwerking == Bankregel.Verwerking.ONBEKEND


def test_a_second_debit_with_the_same_id_stays_unexplained(betaald):
    u, _d1, _d2 = betaald
    eerste = uitbetaling_afschrijving(u, datum=date(2026, 11, 20))
    tweede = uitbetaling_afschrijving(u, datum=date(2026, 11, 21))
    tweede.ref = "TWEEDE-AFSCHRIJVING"
    _importeer(camt053([eerste, tweede], msg_id="MSG-DUBBEL"), "dubbel.xml")
    u.refresh_from_db()
    assert u.uitgevoerd_op == date(2026, 11, 20)
    verwerking = dict(Bankregel.objects.values_list("datum", "verwerking"))
    assert verwerking == {
        date(2026, 11, 20): Bankregel.Verwerking.UITBETALING,
        date(2026, 11, 21): Bankregel.Verwerking.ONBEKEND,  # paid twice? a person must look at it
    }


def test_portal_says_transferred_only_once_executed_in_dutch_and_english(betaald, portaal_client, fin_client):
    u, _d1, _d2 = betaald
    url = reverse("uitbetaling_portaal:overzicht")

    def cel(taal: str) -> str:
        return _status_cel(portaal_client.get(url, HTTP_ACCEPT_LANGUAGE=taal).content.decode())

    assert cel("nl") == "klaargezet, nog niet naar de bank gestuurd"
    assert cel("en") == "ready, not sent to the bank yet"
    fin_client.get(reverse("uitbetaling:sepa_download", args=[u.sepa_bestand_id]))
    assert cel("nl") == "aangeboden aan de bank, nog niet overgemaakt"
    assert cel("en") == "sent to the bank, not transferred yet"
    _importeer(camt053([uitbetaling_afschrijving(u, datum=date(2026, 11, 20))], msg_id="M1"), "a.xml")
    assert cel("nl") == "overgemaakt op 20 november 2026"
    assert cel("en") == "transferred on 20 November 2026"
    spec = portaal_client.get(reverse("uitbetaling_portaal:specificatie", args=[u.pk])).content.decode()
    assert "overgemaakt op 20 november 2026" in spec


def test_a_payout_still_being_prepared_or_set_off_is_never_called_transferred(
    financieel, tweede_financieel, provisie_tarief, client_user
):
    """Prepared, not approved: "in voorbereiding". A payout whose € 24,00 commission (12% of a € 200,00
    direct payment) is set off against € 22,00 owed (12% of 25,00 = 3,00; 25,00 − 3,00 = 22,00) has net
    € 0,00: "verrekend", nothing to transfer."""
    from .conftest import directe_betaling_boek

    d = DossierFactory(client__user=client_user)
    ontvangst_boek(d, D("25.00"))
    directe_betaling_boek(d, D("200.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    portaal = login_als(DjangoClient(), client_user)
    html = portaal.get(reverse("uitbetaling_portaal:overzicht")).content.decode()
    assert _status_cel(html) == "in voorbereiding"
    uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    u = Uitbetaling.objects.get()
    assert (u.bruto, u.provisie_verrekend, u.netto) == (D("22.00"), D("22.00"), D("0.00"))
    html = portaal.get(reverse("uitbetaling_portaal:overzicht")).content.decode()
    assert _status_cel(html) == "verrekend met provisie, er is niets over te maken"


def test_the_payout_appears_on_the_timeline_of_the_dossier_it_pays_only(betaald):
    u, d1, d2 = betaald
    _importeer(camt053([uitbetaling_afschrijving(u, datum=date(2026, 11, 20))], msg_id="M2"), "b.xml")
    op_d1 = list(
        TijdlijnGebeurtenis.objects.filter(dossier=d1, soort="uitbetaling")
        .order_by("id")
        .values_list("tekst", flat=True)
    )
    assert len(op_d1) == 2
    assert "€ 396,00 staat klaar voor overmaking" in op_d1[0] and "overgemaakt" not in op_d1[0].split(".")[0]
    assert "€ 396,00 is op 20-11-2026 overgemaakt" in op_d1[1]
    assert not TijdlijnGebeurtenis.objects.filter(dossier=d2, soort="uitbetaling").exists()
