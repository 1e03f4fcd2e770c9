import string
from datetime import date, timedelta
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossiers import statemachine
from dossiers.models import Bericht, Dossier, DossierInzage, StatusOvergang, Taak, TijdlijnGebeurtenis
from dossiers.services import (
    bericht_stuur,
    betaalkenmerk_controleer,
    betaalkenmerk_maak,
    dossier_accepteer,
    dossier_inzage_log,
    dossier_status_wijzig,
    dossier_weiger,
    notitie_maak,
    taak_maak,
    taak_rond_af,
    telefoonnotitie_maak,
)

# Thursday 9 April 2026, after Easter: a plain week.
NU = "2026-04-09 10:00 +02:00"


@pytest.fixture
def intake(registreer):
    return registreer()


@pytest.fixture
def actief(intake, casemanager):
    return dossier_accepteer(dossier=intake, door=casemanager)


# --- payment reference ------------------------------------------------------------------------------------


def test_payment_reference_has_iso11649_check_digits():
    # 2026000123 + "RF" -> digits 2026000123 27 15 00, mod 97 gives check 46 (computed by stdnum, and the
    # well-known example RF18 5390 0754 7034 validates with the same routine).
    assert betaalkenmerk_maak(volgnummer=2026000123) == "RF462026000123"
    assert betaalkenmerk_controleer("RF18 5390 0754 7034")
    assert betaalkenmerk_controleer("rf462026000123")


def test_payment_reference_with_swapped_digits_is_rejected():
    assert not betaalkenmerk_controleer("RF462026000132")
    assert not betaalkenmerk_controleer("")


@given(volgnummer=st.integers(min_value=1, max_value=10**20), data=st.data())
def test_every_single_character_change_of_a_payment_reference_is_rejected(volgnummer, data):
    kenmerk = betaalkenmerk_maak(volgnummer=volgnummer)
    assert betaalkenmerk_controleer(kenmerk)
    positie = data.draw(st.integers(min_value=0, max_value=len(kenmerk) - 1))
    tekens = string.digits + string.ascii_uppercase
    ander = data.draw(st.sampled_from(tekens).filter(lambda c: c != kenmerk[positie]))
    assert not betaalkenmerk_controleer(kenmerk[:positie] + ander + kenmerk[positie + 1 :])


# --- accept / refuse --------------------------------------------------------------------------------------


@time_machine.travel(NU, tick=False)
def test_accepting_makes_dossier_active_with_case_manager_and_queues_first_reminder(
    intake, casemanager, django_capture_on_commit_callbacks
):
    from incasso.services import opdracht_accepteer

    with (
        mock.patch("incasso.tasks.eerste_aanmaning.delay") as plannen,
        django_capture_on_commit_callbacks(execute=True),
    ):
        dossier = opdracht_accepteer(dossier=intake, door=casemanager)
    plannen.assert_called_once_with(dossier.pk)
    assert dossier.status == "actief" and dossier.casemanager == casemanager
    assert dossier.volgende_actie and dossier.volgende_actie_datum >= date(2026, 4, 9)
    assert dossier.opdracht.beoordeeld_door == casemanager
    assert list(StatusOvergang.objects.filter(dossier=dossier).order_by("id").values_list("van", "naar")) == [
        ("", "intake"),
        ("intake", "actief"),
    ]
    assert dossier.tijdlijn.filter(soort=TijdlijnGebeurtenis.Soort.ACCEPTATIE).count() == 1


def test_accepting_twice_is_refused(actief, casemanager):
    with pytest.raises(ValidationError):
        dossier_accepteer(dossier=actief, door=casemanager)


def test_refusing_needs_a_reason_and_closes_the_order(intake, casemanager):
    with pytest.raises(ValidationError) as exc:
        dossier_weiger(dossier=intake, door=casemanager, reden="  ")
    assert exc.value.message_dict["reden"] == ["Geef een reden voor de weigering."]
    dossier = dossier_weiger(
        dossier=intake, door=casemanager, reden="Geen alimentatieverplichting aangetoond"
    )
    assert (
        dossier.status == "geweigerd"
        and dossier.volgende_actie == ""
        and dossier.volgende_actie_datum is None
    )
    assert dossier.opdracht.weigerreden == "Geen alimentatieverplichting aangetoond"
    assert dossier.tijdlijn.filter(soort="weigering", intern=False).exists()


# --- transitions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("van", "naar"),
    [("actief", "beslag"), ("actief", "intake"), ("regeling", "beslag"), ("actief", "geweigerd")],
)
def test_transitions_not_in_the_state_machine_are_refused(actief, casemanager, van, naar):
    Dossier.objects.filter(pk=actief.pk).update(status=van)
    with pytest.raises(ValidationError) as exc:
        dossier_status_wijzig(dossier=actief, naar=naar, door=casemanager, reden="x")
    assert "niet toegestaan" in str(exc.value)
    assert Dossier.objects.get(pk=actief.pk).status == van


def test_closed_dossier_cannot_change_state(actief, casemanager):
    dossier_status_wijzig(dossier=actief, naar="gesloten", door=casemanager, reden="Achterstand betaald")
    with pytest.raises(ValidationError) as exc:
        dossier_status_wijzig(dossier=actief, naar="actief", door=casemanager)
    assert "afgesloten" in str(exc.value)


@time_machine.travel(NU, tick=False)
def test_suspending_needs_reason_and_future_end_date_and_resumes_only_to_previous_state(actief, casemanager):
    d = dossier_status_wijzig(dossier=actief, naar="regeling", door=casemanager, reden="Regeling getroffen")
    with pytest.raises(ValidationError) as exc:
        dossier_status_wijzig(dossier=d, naar="opgeschort", door=casemanager, reden="")
    assert set(exc.value.message_dict) == {"reden", "opgeschort_tot"}
    d = dossier_status_wijzig(
        dossier=d,
        naar="opgeschort",
        door=casemanager,
        reden="Debiteur in ziekenhuis",
        opgeschort_tot=date(2026, 5, 1),
    )
    assert d.volgende_actie_datum == date(2026, 5, 1) and d.opgeschort_tot == date(2026, 5, 1)
    with pytest.raises(ValidationError):
        dossier_status_wijzig(dossier=d, naar="actief", door=casemanager)
    d = dossier_status_wijzig(dossier=d, naar="regeling", door=casemanager)
    assert d.status == "regeling" and d.opgeschort_tot is None


def test_statemachine_matches_the_issue():
    assert statemachine.OVERGANGEN["intake"] == {"actief", "geweigerd"}
    assert statemachine.OVERGANGEN["beslag"] == {"actief", "gesloten", "regeling", "opgeschort"}
    assert statemachine.OVERGANGEN["gesloten"] == statemachine.OVERGANGEN["geweigerd"] == frozenset()
    assert statemachine.toegestane_overgangen("opgeschort", opgeschort_vanuit="beslag") == {
        "beslag",
        "gesloten",
    }


@time_machine.travel(NU, tick=False)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stappen=st.lists(st.sampled_from(sorted(statemachine.OVERGANGEN)), min_size=1, max_size=8))
def test_open_dossier_always_has_next_action_over_random_transition_sequences(
    registreer, casemanager, stappen
):
    dossier = registreer()
    for naar in stappen:
        try:
            if dossier.status == "intake" and naar == "actief":
                dossier = dossier_accepteer(dossier=dossier, door=casemanager)
            elif dossier.status == "intake" and naar == "geweigerd":
                dossier = dossier_weiger(dossier=dossier, door=casemanager, reden="test")
            else:
                dossier = dossier_status_wijzig(
                    dossier=dossier,
                    naar=naar,
                    door=casemanager,
                    reden="test",
                    opgeschort_tot=date(2026, 6, 1),
                )
        except ValidationError:
            pass
        dossier.refresh_from_db()
        if dossier.is_open:
            assert dossier.volgende_actie and dossier.volgende_actie_datum
        else:
            assert dossier.volgende_actie == ""
    # Every stored transition is one the state machine allows.
    for van, naar in (
        StatusOvergang.objects.filter(dossier=dossier).exclude(van="").values_list("van", "naar")
    ):
        assert naar in statemachine.OVERGANGEN[van] or van == "opgeschort"


# --- notes, messages, tasks, audit ------------------------------------------------------------------------


def test_notes_phone_notes_are_internal_and_messages_are_visible(actief, casemanager, mailoutbox):
    notitie_maak(dossier=actief, tekst="Debiteur heeft nieuwe werkgever", door=casemanager)
    telefoonnotitie_maak(dossier=actief, tekst="Belt morgen terug", door=casemanager, gesprek_met="debiteur")
    bericht = bericht_stuur(
        dossier=actief, afzender=casemanager, tekst="Wij hebben de aanmaning verstuurd", van_client=False
    )
    assert isinstance(bericht, Bericht) and not bericht.van_client
    tijdlijn = {g.soort: g for g in actief.tijdlijn.all()}
    assert tijdlijn["notitie"].intern and tijdlijn["telefoon"].intern
    assert tijdlijn["telefoon"].tekst == "Telefoongesprek met debiteur: Belt morgen terug"
    assert not tijdlijn["bericht"].intern


def test_empty_note_is_refused(actief, casemanager):
    with pytest.raises(ValidationError):
        notitie_maak(dossier=actief, tekst=" ", door=casemanager)


def test_task_is_finished_once(actief, casemanager):
    taak = taak_maak(
        dossier=actief, omschrijving="Werkgever opvragen", deadline=date.today() + timedelta(days=3)
    )
    taak_rond_af(taak=taak, door=casemanager)
    eerste = Taak.objects.get(pk=taak.pk).afgerond_op
    taak_rond_af(taak=taak, door=casemanager)
    assert Taak.objects.get(pk=taak.pk).afgerond_op == eerste
    assert actief.tijdlijn.filter(tekst__startswith="Taak afgerond").count() == 1


def test_inzage_is_logged(actief, casemanager):
    dossier_inzage_log(dossier=actief, gebruiker=casemanager, pagina="overzicht")
    assert DossierInzage.objects.get().pagina == "overzicht"
