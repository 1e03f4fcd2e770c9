"""The staff page that approves a client's new payout IBAN: old IBAN, known phone number, warnings and a
Reject button (issue 14 item 9); rejecting sends the waiting payout to the previous account."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from dossiers.iban import client_iban_wijzig
from tests.conftest import login_als
from uitbetaling.models import SepaBestand
from uitbetaling.sepa import sepa_lees_totalen
from uitbetaling.services import uitbetaling_batch_keur_goed, uitbetaling_batch_maak

from .conftest import DossierFactory, ontvangst_boek

pytestmark = pytest.mark.django_db
NIEUW = "NL20INGB0001234567"


@pytest.fixture
def wachtend(financieel, tweede_financieel, beheerder, provisie_tarief, django_capture_on_commit_callbacks):
    dossier = DossierFactory(client__telefoon="06 12345678", client__uitbetaal_tenaamstelling="C. Oud")
    client_iban_wijzig(client=dossier.client, iban=NIEUW, tenaamstelling="Iemand Anders", door=beheerder)
    ontvangst_boek(dossier, D("450.00"))
    with django_capture_on_commit_callbacks(execute=True):
        batch = uitbetaling_batch_maak(week="2026-W47", door=financieel)
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    u = batch.uitbetalingen.get()
    assert u.wacht_op_iban_goedkeuring and u.iban == NIEUW
    return u


def test_the_page_shows_the_old_iban_the_known_phone_and_a_reject_button(casemanager, wachtend, settings):
    settings.BUREAU = {**settings.BUREAU, "iban": NIEUW}  # the new IBAN is the agency's own account
    pagina = login_als(__import__("django.test", fromlist=["Client"]).Client(), casemanager).get(
        "/staff/uitbetaling/iban/"
    )
    html = pagina.content.decode()
    assert "NL02RABO0123456789" in html and "C. Oud" in html  # the old account
    assert "06 12345678" in html  # the number we already knew
    assert f"/staff/uitbetaling/iban/{wachtend.pk}/afwijzen/" in html
    assert "Dit is een rekening van het bureau zelf." in html


def test_rejecting_sends_the_waiting_payout_to_the_previous_iban(
    client, casemanager, wachtend, django_capture_on_commit_callbacks
):
    login_als(client, casemanager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/uitbetaling/iban/{wachtend.pk}/afwijzen/", {"reden": "Niet herkend"})
    assert response.status_code == 302
    wachtend.refresh_from_db()
    assert not wachtend.wacht_op_iban_goedkeuring
    assert (wachtend.iban, wachtend.naam) == ("NL02RABO0123456789", "C. Oud")
    bestand = SepaBestand.objects.get(uitbetalingen=wachtend)
    _, som, regels = sepa_lees_totalen(bestand.xml.encode())
    # 450.00 received, 12% commission 54.00 → 396.00 to the client, now to the old account.
    assert som == D("396.00") and len(regels) == 1
    assert "NL20INGB0001234567" not in bestand.xml
    wachtend.client.refresh_from_db()
    assert wachtend.client.uitbetaal_iban == "NL02RABO0123456789"
    assert wachtend.client.iban_gewijzigd_op is None


def test_the_beheerder_who_changed_the_iban_cannot_approve_the_payout(client, beheerder, wachtend):
    login_als(client, beheerder)
    client.post(f"/staff/uitbetaling/iban/{wachtend.pk}/goedkeuren/")
    wachtend.refresh_from_db()
    assert wachtend.wacht_op_iban_goedkeuring


def test_a_changed_iban_older_than_the_hold_is_not_offered(wachtend):
    assert wachtend.client.iban_gewijzigd_op > timezone.now() - timedelta(days=7)


@pytest.mark.parametrize("stap", ["voorbereid", "vrijgegeven", "afgewezen"])
def test_rejecting_an_iban_never_pays_a_batch_that_is_not_approved(
    stap, casemanager, financieel, tweede_financieel, beheerder, provisie_tarief,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Four eyes hold for a redirected payout too: in a batch the beat prepared that is not approved yet
    (prepared, or released by one person) rejecting the new IBAN only redirects the payout, and in a rejected
    batch the payout has lapsed; neither gets a SEPA file."""
    from uitbetaling.iban import uitbetaling_iban_wijs_af
    from uitbetaling.services import uitbetaling_batch_afwijzen, uitbetaling_batch_vrijgeven

    dossier = DossierFactory(client__uitbetaal_tenaamstelling="C. Oud")
    client_iban_wijzig(client=dossier.client, iban=NIEUW, tenaamstelling="Iemand Anders", door=beheerder)
    ontvangst_boek(dossier, D("450.00"))
    batch = uitbetaling_batch_maak(week="2026-W48")  # by the beat: release and approval still to come
    if stap == "vrijgegeven":
        uitbetaling_batch_vrijgeven(batch=batch, door=financieel)
    if stap == "afgewezen":
        uitbetaling_batch_afwijzen(batch=batch, door=tweede_financieel, reden="Bedragen nakijken")
    u = batch.uitbetalingen.get()
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_iban_wijs_af(uitbetaling=u, door=casemanager, reden="Niet herkend")
    u.refresh_from_db()
    assert u.sepa_bestand_id is None and not SepaBestand.objects.exists()
    if stap != "afgewezen":
        assert (u.iban, u.wacht_op_iban_goedkeuring) == ("NL02RABO0123456789", False)
