"""Consent of the client: refused without title or abroad, answered once, reminders after 5 and 10 working days."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dossiers.models import Taak, TijdlijnGebeurtenis, Titel
from incasso.models import Toestemmingsverzoek, UitgaandeEmail
from incasso.selectors import garnering_blokkade, toestemming_gegeven
from incasso.services import toestemming_beantwoord, toestemming_controle, toestemming_vraag

from .factories import AMS, DossierFactory, geaccepteerd_dossier

pytestmark = pytest.mark.django_db
MOMENT = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)


@pytest.fixture
def dossier():
    return geaccepteerd_dossier(ontvangen_op=MOMENT)


def test_garnishment_without_executoriale_titel_is_refused_with_the_reason(casemanager):
    dossier = DossierFactory()
    Titel.objects.create(dossier=dossier, soort=Titel.Soort.GEEN)
    with pytest.raises(ValidationError, match="geen executoriale titel"):
        toestemming_vraag(dossier=dossier, soort="loonbeslag", door=casemanager)
    assert "minnelijk" in garnering_blokkade(dossier=dossier)
    assert not Toestemmingsverzoek.objects.exists()


def test_garnishment_for_a_debtor_abroad_is_refused_even_with_a_title(dossier, casemanager):
    dossier.debiteur.land = "DE"
    dossier.debiteur.save()
    for soort in ("loonbeslag", "bankbeslag", "beslag_roerende_zaken"):
        with pytest.raises(ValidationError, match="buitenland"):
            toestemming_vraag(dossier=dossier, soort=soort, door=casemanager)
    assert garnering_blokkade(dossier=dossier).startswith("De debiteur woont in het buitenland (DE)")


def test_with_a_title_in_the_netherlands_garnishment_can_be_asked(dossier, casemanager):
    assert garnering_blokkade(dossier=dossier) is None
    verzoek = toestemming_vraag(dossier=dossier, soort="bankbeslag", door=casemanager)
    assert verzoek.status == "gevraagd"
    assert (
        toestemming_vraag(dossier=dossier, soort="bankbeslag", door=casemanager) == verzoek
    )  # no second one


def test_yes_allows_the_step_and_is_on_the_timeline_with_who_and_when(dossier, client_user):
    with time_machine.travel(MOMENT, tick=False):
        verzoek = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=None)
        assert toestemming_gegeven(dossier_id=dossier.pk, soort="formeel_bevel") is False
        toestemming_beantwoord(verzoek=verzoek, gegeven=True, door=client_user)
    assert toestemming_gegeven(dossier_id=dossier.pk, soort="formeel_bevel") is True
    assert toestemming_gegeven(dossier_id=dossier.pk, soort="loonbeslag") is False
    regel = TijdlijnGebeurtenis.objects.get(dossier=dossier, sleutel=f"toestemming:{verzoek.pk}:antwoord")
    assert regel.door == client_user and "gegeven" in regel.tekst and "02-04-2026 10:00" in regel.tekst
    assert not regel.intern
    dossier.refresh_from_db()
    assert dossier.volgende_actie.startswith("Deurwaarder opdracht geven")


def test_no_gives_the_case_manager_a_new_next_action_and_a_task(dossier, client_user):
    with time_machine.travel(MOMENT, tick=False):
        verzoek = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=None)
        toestemming_beantwoord(
            verzoek=verzoek, gegeven=False, door=client_user, toelichting="Eerst zelf bellen"
        )
    assert toestemming_gegeven(dossier_id=dossier.pk, soort="formeel_bevel") is False
    dossier.refresh_from_db()
    assert dossier.volgende_actie.startswith("Cliënt weigerde")
    # Thu 2 Apr + 2 working days (Fri 3 and Mon 6 Apr are holidays) = Wed 8 Apr.
    assert dossier.volgende_actie_datum == date(2026, 4, 8)
    assert Taak.objects.filter(dossier=dossier, sleutel=f"toestemming:{verzoek.pk}:geweigerd").exists()


def test_an_answer_cannot_be_given_twice(dossier, client_user):
    verzoek = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=None)
    toestemming_beantwoord(verzoek=verzoek, gegeven=True, door=client_user)
    with pytest.raises(ValidationError, match="al beantwoord"):
        toestemming_beantwoord(verzoek=verzoek, gegeven=False, door=client_user)
    assert toestemming_gegeven(dossier_id=dossier.pk, soort="formeel_bevel") is True


def test_unanswered_consent_reminds_the_client_after_5_and_tasks_the_case_manager_after_10_working_days(
    dossier, django_capture_on_commit_callbacks
):
    # Asked Thu 2 Apr 2026. Working days after: 7, 8, 9, 10, 13 Apr (5th) … 14, 15, 16, 17, 20 Apr (10th).
    with time_machine.travel(MOMENT, tick=False):
        verzoek = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=None)
    assert toestemming_controle(vandaag=date(2026, 4, 10)) == {
        "herinneringen": 0,
        "taken": 0,
    }  # 4th working day
    with django_capture_on_commit_callbacks(execute=True):
        assert toestemming_controle(vandaag=date(2026, 4, 13)) == {"herinneringen": 1, "taken": 0}
    assert toestemming_controle(vandaag=date(2026, 4, 14)) == {"herinneringen": 0, "taken": 0}  # once
    herinnering = UitgaandeEmail.objects.get(sleutel=f"toestemming:{verzoek.pk}:herinnering")
    assert herinnering.aan == dossier.client.email and herinnering.status == "verstuurd"
    assert toestemming_controle(vandaag=date(2026, 4, 17)) == {"herinneringen": 0, "taken": 0}  # 9th
    assert toestemming_controle(vandaag=date(2026, 4, 20)) == {"herinneringen": 0, "taken": 1}
    assert toestemming_controle(vandaag=date(2026, 4, 21)) == {"herinneringen": 0, "taken": 0}
    assert Taak.objects.filter(dossier=dossier, sleutel=f"toestemming:{verzoek.pk}:taak").count() == 1
