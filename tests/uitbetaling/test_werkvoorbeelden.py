"""The issue's worked examples end to end through the money app's own services (``inning.services``):
receipt → allocation by the law functions → commission → payout; direct payment → invoice."""

from datetime import date
from decimal import Decimal as D

import pytest

from dossiers.models import Verplichting
from inning.achterstand import dossier_achterstand
from inning.models import DirecteBetaling
from inning.selectors import client_provisie_te_verrekenen, client_saldo
from inning.services import directe_betaling_bevestig, directe_betaling_meld, ontvangst_registreer
from uitbetaling.models import Factuur, SepaBestand, Uitbetaling
from uitbetaling.selectors import uitbetaling_specificatie
from uitbetaling.sepa import sepa_lees_totalen
from uitbetaling.services import uitbetaling_batch_keur_goed, uitbetaling_batch_maak

from .conftest import DossierFactory

pytestmark = pytest.mark.django_db


def _dossier_met_900_achterstand():
    dossier = DossierFactory()
    Verplichting.objects.create(
        dossier=dossier,
        soort=Verplichting.Soort.KINDERALIMENTATIE,
        kind_naam="Sam",
        bedrag=D("450.00"),
        vervaldag=1,
        vastgesteld_op=date(2026, 10, 1),
        ingangsdatum=date(2026, 10, 1),
        indexeren=False,
    )
    # termijnen 1 oktober and 1 november 2026: 2 × 450.00 = 900.00
    assert dossier_achterstand(dossier=dossier, peildatum=date(2026, 11, 15)).totaal.open == D("900.00")
    return dossier


def test_worked_example_receipt_450_on_900_arrears_pays_out_396(
    financieel, tweede_financieel, provisie_tarief, django_capture_on_commit_callbacks
):
    dossier = _dossier_met_900_achterstand()
    ontvangst_registreer(
        dossier=dossier,
        bedrag=D("450.00"),
        datum=date(2026, 11, 16),
        bron_type="test",
        bron_id=1,
        omschrijving="Alimentatie oktober",
        sleutel="werkvoorbeeld-450",
    )
    # commission 12% × 450.00 = 54.00, of which VAT 54.00 × 21/121 = 9.37; client 450.00 − 54.00 = 396.00
    assert client_saldo(client_id=dossier.client_id) == D("396.00")
    assert dossier_achterstand(dossier=dossier, peildatum=date(2026, 11, 16)).totaal.open == D("450.00")

    with django_capture_on_commit_callbacks(execute=True):
        batch = uitbetaling_batch_maak(week="2026-W48", door=financieel)
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    u = Uitbetaling.objects.get()
    assert (u.bruto, u.provisie_verrekend, u.netto, u.status) == (
        D("396.00"),
        D("0.00"),
        D("396.00"),
        "geboekt",
    )
    assert sepa_lees_totalen(SepaBestand.objects.get().xml.encode())[1] == D("396.00")
    spec = uitbetaling_specificatie(uitbetaling=u)
    assert [(r.ontvangen, r.provisie, r.btw, r.naar_client) for r in spec.regels] == [
        (D("450.00"), D("54.00"), D("9.37"), D("396.00"))
    ]
    assert client_saldo(client_id=dossier.client_id) == D("0.00")


def test_worked_example_direct_payment_200_gives_invoice_24(
    financieel, casemanager, client_user, provisie_tarief, django_capture_on_commit_callbacks
):
    dossier = _dossier_met_900_achterstand()
    melding = directe_betaling_meld(
        dossier=dossier,
        datum=date(2026, 11, 16),
        bedrag=D("200.00"),
        toelichting="contant",
        door=client_user,
    )
    directe_betaling_bevestig(melding=melding, door=casemanager)
    assert DirecteBetaling.objects.get().status == DirecteBetaling.Status.BEVESTIGD
    # 12% × 200.00 = 24.00 commission owed by the client; nothing to pay out
    assert client_provisie_te_verrekenen(client_id=dossier.client_id) == D("24.00")
    assert client_saldo(client_id=dossier.client_id) == D("0.00")

    with django_capture_on_commit_callbacks(execute=True):
        batch = uitbetaling_batch_maak(week="2026-W48", door=financieel)
    u = batch.uitbetalingen.get()
    assert u.netto == D("0.00")
    factuur = Factuur.objects.get()
    assert (factuur.bedrag, factuur.btw) == (D("24.00"), D("4.17"))  # 24.00 × 21/121 = 4.165… → 4.17
    assert factuur.pdf.read(4) == b"%PDF"
    spec = uitbetaling_specificatie(uitbetaling=u)
    assert [(r.ontvangen, r.provisie, r.naar_client) for r in spec.regels] == [
        (D("0.00"), D("24.00"), D("0.00"))
    ]
