"""Payment arrangements: approved by the client, each instalment checked against receipts, a missed one caught
within 2 working days with a letter and a task; kept → escalation ends, broken → it resumes."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dossiers.models import Taak
from incasso.models import Betalingsregeling, Brief
from incasso.services import betalingsregeling_beoordeel, betalingsregeling_maak, regeling_controle
from recht.kalender import werkdagen_na

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db
VOORGESTELD = datetime(2026, 4, 9, 11, 0, tzinfo=AMS)
TERMIJNEN = [
    (date(2026, 5, 1), D("400.00")),
    (date(2026, 6, 1), D("500.00")),
    (date(2026, 7, 1), D("500.00")),
]


@pytest.fixture
def lopende_regeling(casemanager, client_user, django_capture_on_commit_callbacks):
    with time_machine.travel(VOORGESTELD, tick=False):
        dossier = geaccepteerd_dossier(
            ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), casemanager=casemanager
        )
        regeling = betalingsregeling_maak(
            dossier=dossier, termijnen=TERMIJNEN, door=casemanager, toelichting="Loon op de 25e"
        )
        with django_capture_on_commit_callbacks(execute=True):
            betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    dossier.refresh_from_db()
    assert dossier.status == "regeling"
    return regeling


def test_a_proposal_with_unordered_or_empty_instalments_is_refused(casemanager):
    dossier = geaccepteerd_dossier(ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS))
    with pytest.raises(ValidationError, match="oplopen"):
        betalingsregeling_maak(dossier=dossier, termijnen=list(reversed(TERMIJNEN)), door=casemanager)
    with pytest.raises(ValidationError, match="ten minste één"):
        betalingsregeling_maak(dossier=dossier, termijnen=[], door=casemanager)
    assert not Betalingsregeling.objects.exists()


def test_approval_sends_the_debtor_a_confirmation_letter_with_the_instalments(lopende_regeling):
    brief = Brief.objects.get(soort="regeling_bevestiging")
    assert brief.document is not None and brief.verzonden_via == "email"


def test_second_instalment_missed_is_detected_within_two_working_days_with_letter_and_task(
    lopende_regeling, betaal, django_capture_on_commit_callbacks
):
    dossier = lopende_regeling.dossier
    # Instalment 1 (400.00, due Fri 1 May) paid on 30 April; instalment 2 (500.00, due Mon 1 June) only 200.00.
    betaal(dossier, [(date(2026, 4, 30), D("400.00")), (date(2026, 6, 1), D("200.00"))])

    # Checked the first working day after 1 May (Mon 4 May): 400.00 >= 400.00 → paid.
    assert regeling_controle(vandaag=date(2026, 5, 4))["gemist"] == 0
    assert list(lopende_regeling.termijnen.values_list("status", flat=True)) == ["betaald", "open", "open"]

    # On the due day itself nothing is judged yet (receipts of that day arrive the next morning).
    assert regeling_controle(vandaag=date(2026, 6, 1))["gemist"] == 0
    uiterlijk = werkdagen_na(date(2026, 6, 1), 2)  # Wed 3 June 2026
    with django_capture_on_commit_callbacks(execute=True):
        # Tue 2 June: cumulative due 900.00, received 600.00 → short by 300.00.
        assert regeling_controle(vandaag=date(2026, 6, 2))["gemist"] == 1
    assert date(2026, 6, 2) <= uiterlijk

    lopende_regeling.refresh_from_db()
    assert lopende_regeling.status == "verbroken"
    assert list(lopende_regeling.termijnen.values_list("status", flat=True)) == ["betaald", "gemist", "open"]
    brief = Brief.objects.get(soort="regeling_gemist")
    assert brief.sleutel == f"regeling:{lopende_regeling.pk}:gemist:2" and brief.document is not None
    taak = Taak.objects.get(dossier=dossier, sleutel=f"regeling:{lopende_regeling.pk}:gemist:2")
    assert taak.toegewezen_aan == dossier.casemanager
    dossier.refresh_from_db()
    assert dossier.status == "actief"  # escalation resumes
    assert dossier.volgende_actie == "Escalatie hervatten na verbroken regeling"
    # A rerun the next day does nothing twice.
    assert regeling_controle(vandaag=date(2026, 6, 3))["gemist"] == 0
    assert Brief.objects.filter(soort="regeling_gemist").count() == 1


def test_kept_arrangement_ends_the_escalation_and_the_dossier_becomes_active(lopende_regeling, betaal):
    dossier = lopende_regeling.dossier
    # 400 + 500 + 500 = 1,400.00 paid in total, in two payments.
    betaal(dossier, [(date(2026, 4, 30), D("900.00")), (date(2026, 6, 30), D("500.00"))])
    assert regeling_controle(vandaag=date(2026, 7, 2)) == {"gemist": 0, "nagekomen": 1, "gecontroleerd": 1}
    lopende_regeling.refresh_from_db()
    assert lopende_regeling.status == "nagekomen"
    dossier.refresh_from_db()
    assert dossier.status == "actief"


def test_a_paid_instalment_is_marked_checked_and_the_next_action_follows_the_next_due_date(
    lopende_regeling, betaal
):
    dossier = lopende_regeling.dossier
    betaal(dossier, [(date(2026, 4, 30), D("400.00"))])
    assert regeling_controle(vandaag=date(2026, 5, 4)) == {"gemist": 0, "nagekomen": 0, "gecontroleerd": 1}
    eerste = lopende_regeling.termijnen.get(volgnummer=1)
    assert (eerste.status, eerste.gecontroleerd_op) == ("betaald", date(2026, 5, 4))
    dossier.refresh_from_db()
    assert dossier.status == "regeling"
    assert dossier.volgende_actie == "Betaling termijn regeling controleren"
    assert dossier.volgende_actie_datum == werkdagen_na(date(2026, 6, 1), 2)
    # Nothing left to check until the next instalment is due.
    assert regeling_controle(vandaag=date(2026, 5, 5))["gecontroleerd"] == 0


def test_fulfilled_arrangement_records_transition_timeline_update_and_next_action_once(
    lopende_regeling, betaal
):
    from dossiers.models import StatusOvergang, TijdlijnGebeurtenis
    from dossiers.services import dossier_status_wijzig
    from incasso.models import Statusupdate, UitgaandeEmail

    dossier = lopende_regeling.dossier
    sleutel = f"regeling:{lopende_regeling.pk}:nagekomen"
    betaal(dossier, [(date(2026, 4, 30), D("1400.00"))])
    assert regeling_controle(vandaag=date(2026, 7, 2))["nagekomen"] == 1

    overgang = StatusOvergang.objects.get(dossier=dossier, naar="actief")
    assert (overgang.van, overgang.reden, overgang.door) == ("regeling", "Betalingsregeling nagekomen", None)
    tijdlijn = dict(TijdlijnGebeurtenis.objects.filter(dossier=dossier).values_list("sleutel", "tekst"))
    # The transition's timeline text is the state machine service's own.
    ander = geaccepteerd_dossier(ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), status="regeling")
    dossier_status_wijzig(dossier=ander, naar="actief", door=None, reden="Betalingsregeling nagekomen")
    verwacht = TijdlijnGebeurtenis.objects.get(dossier=ander, soort="status").tekst
    assert tijdlijn[f"status:{overgang.pk}"] == verwacht
    assert tijdlijn[sleutel] == "Betalingsregeling volledig nagekomen."
    assert tijdlijn[f"update:{sleutel}"].startswith(
        "Statusupdate aan u: De debiteur heeft de betalingsregeling"
    )
    assert Statusupdate.objects.get(sleutel=sleutel).dossier_id == dossier.pk
    email = UitgaandeEmail.objects.get(sleutel=f"update:{sleutel}")
    assert email.aan == dossier.client.email and dossier.nummer in email.onderwerp
    assert "volledig nagekomen" in email.tekst
    dossier.refresh_from_db()
    assert (dossier.status, dossier.status_reden) == ("actief", "Betalingsregeling nagekomen")
    assert dossier.volgende_actie == "Lopende alimentatie bewaken na nagekomen regeling"
    assert dossier.volgende_actie_datum == werkdagen_na(date(2026, 7, 2), 10)
    assert dossier.laatste_gebeurtenis_op is not None

    # A rerun finds nothing to do and records nothing twice.
    assert regeling_controle(vandaag=date(2026, 7, 3)) == {"gemist": 0, "nagekomen": 0, "gecontroleerd": 0}
    assert StatusOvergang.objects.filter(dossier=dossier, naar="actief").count() == 1
    assert UitgaandeEmail.objects.filter(sleutel=f"update:{sleutel}").count() == 1
