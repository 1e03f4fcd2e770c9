"""Four eyes on the payout batch (issue 12 item 8).

A batch the weekly beat prepared has had no human eyes: one financieel user releases it ("vrijgeven", the
review) and a second one approves it. A batch a person prepared is approved by another person directly (the
preparer was the first pair of eyes). Whoever may approve can reject a batch that is not approved yet, with
a reason; its payouts lapse and the next batch pays the same money.

Worked example used throughout: a receipt of € 450,00 at 12% commission incl. 21% VAT gives the client
€ 450,00 − € 54,00 = € 396,00 (Wet griffierechten/provisie as in the tariff table: 12% of 450 = 54,00).
"""

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from inning.models import Journaalpost
from inning.selectors import client_saldo
from tests.conftest import login_als
from uitbetaling.models import Factuur, Uitbetaling, UitbetalingBatch
from uitbetaling.services import (
    UitbetalingFout,
    uitbetaling_batch_afwijzen,
    uitbetaling_batch_boek,
    uitbetaling_batch_keur_goed,
    uitbetaling_batch_maak,
    uitbetaling_batch_vrijgeven,
)

from .conftest import DossierFactory, directe_betaling_boek, ontvangst_boek

pytestmark = pytest.mark.django_db


@pytest.fixture
def derde_financieel(maak_gebruiker):
    return maak_gebruiker("financieel", voornaam="Dirk", achternaam="Derde")


def _beat_batch(week: str = "2026-W47") -> UitbetalingBatch:
    return uitbetaling_batch_maak(week=week, door=None)


def test_a_beat_batch_cannot_be_approved_without_a_release(financieel, provisie_tarief):
    ontvangst_boek(DossierFactory(), D("450.00"))
    batch = _beat_batch()
    with pytest.raises(UitbetalingFout, match="Eerst geeft een financieel medewerker hem vrij"):
        uitbetaling_batch_keur_goed(batch=batch, door=financieel)
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.VOORBEREID and not batch.sepa_bestanden.exists()


def test_the_releaser_cannot_also_approve(financieel, provisie_tarief):
    ontvangst_boek(DossierFactory(), D("450.00"))
    batch = uitbetaling_batch_vrijgeven(batch=_beat_batch(), door=financieel)
    assert batch.status == UitbetalingBatch.Status.VRIJGEGEVEN and batch.vrijgegeven_door == financieel
    with pytest.raises(UitbetalingFout, match="u hebt deze batch vrijgegeven"):
        uitbetaling_batch_keur_goed(batch=batch, door=financieel)


def test_release_then_approval_by_a_second_person_pays_the_batch(
    financieel, tweede_financieel, provisie_tarief, django_capture_on_commit_callbacks
):
    dossier = DossierFactory()
    ontvangst_boek(dossier, D("450.00"))
    batch = uitbetaling_batch_vrijgeven(batch=_beat_batch(), door=financieel)
    with django_capture_on_commit_callbacks(execute=True):
        batch = uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    batch.refresh_from_db()
    assert batch.vrijgegeven_door == financieel and batch.goedgekeurd_door == tweede_financieel
    assert batch.status == UitbetalingBatch.Status.GEBOEKT
    assert batch.sepa_bestanden.get().totaal == D("396.00")
    assert client_saldo(client_id=dossier.client_id) == D("0.00")


def test_a_person_prepared_batch_needs_no_release_and_refuses_one(
    financieel, tweede_financieel, provisie_tarief
):
    ontvangst_boek(DossierFactory(), D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    with pytest.raises(UitbetalingFout, match="keurt hem direct goed"):
        uitbetaling_batch_vrijgeven(batch=batch, door=tweede_financieel)
    batch = uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    assert batch.status == UitbetalingBatch.Status.GOEDGEKEURD and batch.vrijgegeven_door is None


def test_the_database_refuses_releaser_as_approver_and_an_unreleased_beat_batch(
    financieel, tweede_financieel
):
    with transaction.atomic(), pytest.raises(IntegrityError):
        UitbetalingBatch.objects.create(
            week="2026-W40", status="goedgekeurd", vrijgegeven_door=financieel, goedgekeurd_door=financieel
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        UitbetalingBatch.objects.create(week="2026-W41", status="goedgekeurd", goedgekeurd_door=financieel)
    with transaction.atomic(), pytest.raises(IntegrityError):  # rejected without a reason
        UitbetalingBatch.objects.create(week="2026-W42", status="afgewezen", afgewezen_door=financieel)


def test_rejected_batch_lapses_and_the_next_batch_pays_the_same_money(
    financieel, tweede_financieel, derde_financieel, provisie_tarief
):
    """Client A: receipt 450,00 → 396,00 to pay. Client B: a direct payment of 200,00 → commission 24,00
    owed and nothing to pay → invoice of 24,00. Week 47 is rejected: no booking, no SEPA file, the invoice
    lapses. Week 48 pays 396,00 to A and invoices B's 24,00 again, once."""
    a = DossierFactory()
    ontvangst_boek(a, D("450.00"))
    b = DossierFactory()
    directe_betaling_boek(b, D("200.00"))
    w47 = uitbetaling_batch_vrijgeven(batch=_beat_batch("2026-W47"), door=financieel)
    assert Factuur.objects.get(client=b.client).bedrag == D("24.00")

    with pytest.raises(UitbetalingFout, match="reden"):
        uitbetaling_batch_afwijzen(batch=w47, door=tweede_financieel, reden="   ")
    w47 = uitbetaling_batch_afwijzen(batch=w47, door=tweede_financieel, reden="IBAN van A klopt niet")
    assert w47.status == UitbetalingBatch.Status.AFGEWEZEN and w47.afwijsreden == "IBAN van A klopt niet"
    assert set(w47.uitbetalingen.values_list("status", flat=True)) == {Uitbetaling.Status.VERVALLEN}
    assert Factuur.objects.get(client=b.client).status == Factuur.Status.VERVALLEN
    with pytest.raises(UitbetalingFout, match="kan niet meer worden afgewezen"):
        uitbetaling_batch_afwijzen(batch=w47, door=tweede_financieel, reden="nogmaals")
    with pytest.raises(UitbetalingFout, match="Een batch wordt pas geboekt na goedkeuring"):
        uitbetaling_batch_boek(batch_id=w47.pk)
    with pytest.raises(UitbetalingFout, match="afgewezen"):  # a person cannot revive the week
        uitbetaling_batch_maak(week="2026-W47", door=financieel)

    w48 = uitbetaling_batch_vrijgeven(batch=_beat_batch("2026-W48"), door=derde_financieel)
    uitbetaling_batch_keur_goed(batch=w48, door=tweede_financieel)
    uitbetaling_batch_boek(batch_id=w48.pk)
    u = w48.uitbetalingen.get(client=a.client)
    assert (u.bruto, u.netto, u.status) == (D("396.00"), D("396.00"), Uitbetaling.Status.GEBOEKT)
    assert Factuur.objects.filter(client=b.client, status=Factuur.Status.OPEN).get().bedrag == D("24.00")
    assert client_saldo(client_id=a.client_id) == D("0.00")
    # A's payout only: B had nothing owed (bruto 0), so B's payout books no entry, as in a normal batch
    assert Journaalpost.objects.filter(bron_type="uitbetaling").count() == 1


def test_an_approved_batch_cannot_be_rejected(financieel, tweede_financieel, provisie_tarief):
    ontvangst_boek(DossierFactory(), D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
    uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    with pytest.raises(UitbetalingFout, match="kan niet meer worden afgewezen"):
        uitbetaling_batch_afwijzen(batch=batch, door=financieel, reden="te laat")


def test_pages_release_approve_and_reject(client, financieel, tweede_financieel, provisie_tarief):
    ontvangst_boek(DossierFactory(), D("450.00"))
    batch = _beat_batch()
    eerste = login_als(client, financieel)
    pagina = eerste.get(reverse("uitbetaling:batch", args=[batch.pk])).content.decode()
    assert "Vrijgeven (eerste persoon)" in pagina and "Goedkeuren (tweede persoon)" not in pagina
    r = eerste.post(reverse("uitbetaling:batch_goedkeuren", args=[batch.pk]), follow=True)
    assert "Eerst geeft een financieel medewerker hem vrij" in r.content.decode()
    r = eerste.post(reverse("uitbetaling:batch_vrijgeven", args=[batch.pk]), follow=True)
    assert "is vrijgegeven" in r.content.decode()
    assert "U hebt deze batch vrijgegeven" in r.content.decode()

    from django.test import Client as DjangoClient

    tweede = login_als(DjangoClient(), tweede_financieel)
    pagina = tweede.get(reverse("uitbetaling:batch", args=[batch.pk])).content.decode()
    assert "Goedkeuren (tweede persoon)" in pagina and "Batch afwijzen" in pagina
    r = tweede.post(reverse("uitbetaling:batch_afwijzen", args=[batch.pk]), {"reden": ""})
    assert r.status_code == 400 and "Geef de reden van de afwijzing." in r.content.decode()
    r = tweede.post(
        reverse("uitbetaling:batch_afwijzen", args=[batch.pk]), {"reden": "Bedrag klopt niet"}, follow=True
    )
    html = r.content.decode()
    assert "is afgewezen" in html and "Bedrag klopt niet" in html
    batch.refresh_from_db()
    assert batch.status == UitbetalingBatch.Status.AFGEWEZEN and batch.afgewezen_door == tweede_financieel
