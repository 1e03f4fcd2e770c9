"""Nothing stagnant: the daily sweep finds overdue actions, silent dossiers, late third parties and unanswered
consents, in a bounded number of queries however many dossiers there are."""

from datetime import date, datetime, timedelta

import pytest
import time_machine

from dossiers.models import Dossier, Taak
from incasso.models import Signalering, Toestemmingsverzoek, VerzoekAanDerde
from incasso.services import stagnatie_controle, statusupdate_periodiek_stuur

from .factories import AMS, ClientFactory, DebiteurFactory, DossierFactory

pytestmark = pytest.mark.django_db
VANDAAG = date(2026, 6, 15)  # a Monday
NU = datetime(2026, 6, 15, 7, 0, tzinfo=AMS)


def test_sweep_over_10000_dossiers_uses_a_bounded_number_of_queries(django_assert_max_num_queries):
    client, debiteur = ClientFactory(), DebiteurFactory()
    recent = NU - timedelta(days=1)
    dossiers = [
        Dossier(
            nummer=f"S{i:06d}",
            betaalkenmerk=f"K{i:010d}",
            client=client,
            debiteur=debiteur,
            status=Dossier.Status.ACTIEF,
            volgende_actie="Betaling controleren",
            # every 3rd dossier has an overdue next action
            volgende_actie_datum=VANDAAG - timedelta(days=1) if i % 3 == 0 else VANDAAG + timedelta(days=5),
            # every 5th dossier heard nothing since 1 May (more than 10 working days)
            laatste_gebeurtenis_op=datetime(2026, 5, 1, 9, 0, tzinfo=AMS) if i % 5 == 0 else recent,
        )
        for i in range(10_000)
    ]
    Dossier.objects.bulk_create(dossiers, batch_size=2000)
    with time_machine.travel(NU, tick=False), django_assert_max_num_queries(40):
        telling = stagnatie_controle(vandaag=VANDAAG)
    # i % 3 == 0 for i in 0..9999: 3334 dossiers; i % 5 == 0: 2000 dossiers.
    assert telling["actie_verlopen"] == 3334
    assert telling["geen_gebeurtenis"] == 2000
    assert Signalering.objects.filter(opgelost_op__isnull=True).count() == 5334
    # A second sweep finds the same and adds nothing (unique open finding per dossier and kind).
    with time_machine.travel(NU, tick=False), django_assert_max_num_queries(40):
        assert stagnatie_controle(vandaag=VANDAAG)["actie_verlopen"] == 0
    assert Signalering.objects.count() == 5334


def test_finding_is_closed_when_the_cause_is_gone_and_keeps_its_start_date_while_open():
    dossier = DossierFactory(volgende_actie_datum=VANDAAG - timedelta(days=3), laatste_gebeurtenis_op=NU)
    with time_machine.travel(NU, tick=False):
        stagnatie_controle(vandaag=VANDAAG)
        stagnatie_controle(vandaag=VANDAAG + timedelta(days=1))
    s = Signalering.objects.get(dossier=dossier)
    assert (s.soort, s.sinds, s.opgelost_op) == ("actie_verlopen", VANDAAG, None)
    Dossier.objects.filter(pk=dossier.pk).update(volgende_actie_datum=VANDAAG + timedelta(days=10))
    with time_machine.travel(NU, tick=False):
        telling = stagnatie_controle(vandaag=VANDAAG + timedelta(days=2))
    assert telling["actie_verlopen_opgelost"] == 1
    s.refresh_from_db()
    assert s.opgelost_op == VANDAAG + timedelta(days=2)


def test_closed_dossiers_are_never_flagged():
    DossierFactory(
        status="gesloten", volgende_actie_datum=VANDAAG - timedelta(days=30), laatste_gebeurtenis_op=None
    )
    with time_machine.travel(NU, tick=False):
        stagnatie_controle(vandaag=VANDAAG)
    assert not Signalering.objects.exists()


def test_third_party_late_is_flagged_and_gets_a_rappel_task_after_four_weeks(casemanager):
    dossier = DossierFactory(
        volgende_actie_datum=VANDAAG + timedelta(days=5), laatste_gebeurtenis_op=NU, casemanager=casemanager
    )
    # Sent 18 May, answer due 1 June; 28 days after 18 May is 15 June → rappel today.
    verzoek = VerzoekAanDerde.objects.create(
        dossier=dossier,
        derde_naam="UWV",
        omschrijving="Inkomensgegevens",
        verzonden_op=date(2026, 5, 18),
        antwoord_uiterlijk=date(2026, 6, 1),
    )
    with time_machine.travel(NU, tick=False):
        telling = stagnatie_controle(vandaag=VANDAAG)
        assert stagnatie_controle(vandaag=VANDAAG)["rappels"] == 0  # once
    assert telling["derde_te_laat"] == 1 and telling["rappels"] == 1
    taak = Taak.objects.get(sleutel=f"rappel:{verzoek.pk}")
    assert "UWV" in taak.omschrijving and taak.toegewezen_aan == casemanager
    verzoek.refresh_from_db()
    assert verzoek.rappel_op == VANDAAG


def test_consent_unanswered_for_5_working_days_is_flagged():
    dossier = DossierFactory(volgende_actie_datum=VANDAAG + timedelta(days=5), laatste_gebeurtenis_op=NU)
    Toestemmingsverzoek.objects.create(
        dossier=dossier, soort="formeel_bevel", gevraagd_op=datetime(2026, 6, 8, 9, 0, tzinfo=AMS)
    )  # Mon 8 June; 5 working days later is Mon 15 June
    with time_machine.travel(NU, tick=False):
        assert stagnatie_controle(vandaag=VANDAAG)["toestemming_open"] == 1
        assert (
            stagnatie_controle(vandaag=date(2026, 6, 12))["toestemming_open"] == 0
        )  # Friday: 4 working days


def test_client_hears_from_us_at_least_every_four_weeks_once_per_period(django_capture_on_commit_callbacks):
    from django.core import mail

    dossier = DossierFactory(volgende_actie_datum=VANDAAG + timedelta(days=5))
    DossierFactory(status="intake")  # not accepted yet: no periodic update
    with time_machine.travel(NU, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert statusupdate_periodiek_stuur(vandaag=VANDAAG) == 1
        assert statusupdate_periodiek_stuur(vandaag=VANDAAG) == 0
    assert [m.to for m in mail.outbox] == [[dossier.client.email]]
    with time_machine.travel(NU + timedelta(days=27), tick=False):
        assert statusupdate_periodiek_stuur(vandaag=VANDAAG + timedelta(days=27)) == 0
    with (
        time_machine.travel(NU + timedelta(days=29), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert statusupdate_periodiek_stuur(vandaag=VANDAAG + timedelta(days=29)) == 1
