"""The debtor's own arrangement proposal (issue 16 item 4) within the rules the client sets once.

Worked example used throughout: child alimony € 350,00 a month from 1 January 2026, due on the 1st, not
indexed; on Thursday 9 April 2026 four terms are due and nothing is paid: arrears 4 x 350,00 = € 1.400,00.
The client's rules: at most 6 months, at least € 250,00 a month.

- € 250,00 a month from 1 May: 5 x 250,00 = 1.250,00 and a sixth of 150,00 → 6 terms, exactly the minimum
  amount and exactly the most months: inside.
- € 249,99 a month: 5 x 249,99 = 1.249,95 and a sixth of 150,05 → below the minimum: outside.
- 7 months (rules: at least € 200,00): 1.400,00 / 7 = 200,00 x 7 → one month too many: outside.
- 6 months (rules: at least € 200,00): 1.400,00 / 6 = 233,333… rounded up 233,34; 5 x 233,34 = 1.166,70 and a
  sixth of 233,30 → inside.
"""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dossiers.models import Taak, TijdlijnGebeurtenis
from incasso.models import Betalingsregeling, Brief, Regelingregels, Statusupdate, UitgaandeEmail
from incasso.regeling import binnen_regels, termijnen_bereken
from incasso.selectors import regelingregels_van, regelingvoorstellen_voor_werkvoorraad
from incasso.services import (
    betalingsregeling_beoordeel,
    betalingsregeling_maak,
    betalingsregeling_voorstel_debiteur,
    regelingregels_wijzig,
)
from inning.models import Journaalpost

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db
NU = datetime(2026, 4, 9, 11, 0, tzinfo=AMS)
MEI = date(2026, 5, 1)


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(NU, tick=False):
        yield


@pytest.fixture
def dossier(casemanager):
    return geaccepteerd_dossier(ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), casemanager=casemanager)


def regels(dossier, *, maanden=6, minimum="250.00", direct=True):
    return regelingregels_wijzig(
        client=dossier.client,
        max_maanden=maanden,
        min_maandbedrag=D(minimum),
        direct_akkoord=direct,
        door=None,
    )


@pytest.mark.parametrize(
    ("minimum", "invoer", "bedragen", "binnen"),
    [
        ("250.00", {"maandbedrag": D("250.00")}, ["250.00"] * 5 + ["150.00"], True),
        ("250.00", {"maandbedrag": D("249.99")}, ["249.99"] * 5 + ["150.05"], False),
        ("250.00", {"maandbedrag": D("1400.00")}, ["1400.00"], True),
        ("200.00", {"maanden": 7}, ["200.00"] * 7, False),
        ("200.00", {"maanden": 6}, ["233.34"] * 5 + ["233.30"], True),
    ],
)
def test_the_rules_decide_inside_or_outside_and_the_edges_are_inside(
    dossier, minimum, invoer, bedragen, binnen
):
    regels(dossier, minimum=minimum)
    regeling = betalingsregeling_voorstel_debiteur(dossier=dossier, eerste_termijn=MEI, **invoer)
    termijnen = list(regeling.termijnen.order_by("volgnummer").values_list("vervaldatum", "bedrag"))
    assert [b for _, b in termijnen] == [D(b) for b in bedragen]
    assert sum(b for _, b in termijnen) == D("1400.00")
    assert termijnen[0][0] == date(2026, 5, 1) and termijnen[-1][0] == date(2026, 4 + len(bedragen), 1)
    assert regeling.binnen_regels is binnen
    assert regeling.bron == Betalingsregeling.Bron.DEBITEUR and regeling.voorgesteld_door is None
    assert regeling.status == ("loopt" if binnen else "voorgesteld")


def test_the_pure_rules_single_term_paying_all_is_inside_and_limits_are_inclusive():
    een = termijnen_bereken(totaal=D("100.00"), eerste=MEI, maandbedrag=D("500.00"))
    assert een == [(MEI, D("100.00"))]
    assert binnen_regels(termijnen=een, max_maanden=1, min_maandbedrag=D("250.00")) is True
    twee = termijnen_bereken(totaal=D("500.00"), eerste=date(2026, 1, 31), maanden=2)
    assert twee == [(date(2026, 1, 31), D("250.00")), (date(2026, 2, 28), D("250.00"))]
    assert binnen_regels(termijnen=twee, max_maanden=2, min_maandbedrag=D("250.00")) is True
    assert binnen_regels(termijnen=twee, max_maanden=1, min_maandbedrag=D("250.00")) is False
    assert binnen_regels(termijnen=twee, max_maanden=2, min_maandbedrag=D("250.01")) is False


def test_inside_the_rules_with_acceptance_at_once_runs_with_letter_schedule_timeline_and_client_notice(
    dossier, django_capture_on_commit_callbacks
):
    regels(dossier)
    posten = Journaalpost.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        regeling = betalingsregeling_voorstel_debiteur(
            dossier=dossier, eerste_termijn=MEI, maandbedrag=D("250.00"), toelichting="Loon komt op de 25e"
        )
    assert regeling.status == "loopt" and regeling.beoordeeld_door is None
    assert regeling.toelichting == "Loon komt op de 25e"
    # the same path as a client's approval: fixed on today's arrears, the dossier in arrangement, a letter
    assert (regeling.ingangsdatum, regeling.achterstand_bij_ingang) == (date(2026, 4, 9), D("1400.00"))
    dossier.refresh_from_db()
    assert dossier.status == "regeling"
    assert dossier.volgende_actie == "Betaling termijn regeling controleren"
    brief = Brief.objects.get(dossier=dossier, soort="regeling_bevestiging")
    assert brief.sleutel == f"regeling:{regeling.pk}:bevestiging" and brief.document is not None
    tijdlijn = dict(TijdlijnGebeurtenis.objects.filter(dossier=dossier).values_list("sleutel", "tekst"))
    assert tijdlijn[f"regeling:{regeling.pk}:voorgesteld"] == (
        "Voorstel betalingsregeling van de debiteur (via het portaal): 6 termijnen, totaal € 1.400,00, "
        "binnen de regels van de cliënt; direct goedgekeurd."
    )
    assert tijdlijn[f"regeling:{regeling.pk}:beoordeeld"] == (
        "Betalingsregeling van de debiteur direct goedgekeurd: binnen de regels van de cliënt."
    )
    # the client hears of it (portal timeline and e-mail); no task: the client agreed beforehand
    update = Statusupdate.objects.get(sleutel=f"regeling:{regeling.pk}:voorgesteld")
    assert "binnen uw regels" in update.aanleiding and "De regeling loopt" in update.aanleiding
    assert UitgaandeEmail.objects.get(sleutel=f"update:regeling:{regeling.pk}:voorgesteld").aan == (
        dossier.client.email
    )
    assert not Taak.objects.filter(dossier=dossier, sleutel__startswith="regeling:").exists()
    # a proposal moves no money
    assert Journaalpost.objects.count() == posten


def test_inside_the_rules_without_acceptance_at_once_waits_for_the_client(dossier):
    # no rules set: the defaults (12 months, € 50,00, no acceptance at once)
    standaard = regelingregels_van(client_id=dossier.client_id)
    assert (standaard.pk, standaard.max_maanden, standaard.min_maandbedrag, standaard.direct_akkoord) == (
        None,
        12,
        D("50.00"),
        False,
    )
    regeling = betalingsregeling_voorstel_debiteur(
        dossier=dossier, eerste_termijn=MEI, maandbedrag=D("250.00")
    )
    assert regeling.status == "voorgesteld" and regeling.binnen_regels is True
    dossier.refresh_from_db()
    assert dossier.status == "actief"
    assert dossier.volgende_actie == "Wachten op akkoord cliënt over betalingsregeling"
    assert (
        "goedkeuren of afwijzen"
        in Statusupdate.objects.get(sleutel=f"regeling:{regeling.pk}:voorgesteld").aanleiding
    )
    assert not Brief.objects.filter(dossier=dossier, soort="regeling_bevestiging").exists()


def test_outside_the_rules_goes_to_the_client_and_after_approval_to_the_case_manager(
    dossier, client_user, django_capture_on_commit_callbacks
):
    regels(dossier)
    posten = Journaalpost.objects.count()
    regeling = betalingsregeling_voorstel_debiteur(
        dossier=dossier, eerste_termijn=MEI, maandbedrag=D("200.00")
    )
    assert regeling.status == "voorgesteld" and regeling.binnen_regels is False
    assert regelingvoorstellen_voor_werkvoorraad()[0]["omschrijving"] == (
        "Regelingvoorstel van de debiteur: wacht op de cliënt"
    )
    with django_capture_on_commit_callbacks(execute=True):
        betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    regeling.refresh_from_db()
    assert regeling.status == "loopt" and regeling.beoordeeld_door == client_user
    assert Brief.objects.filter(dossier=dossier, soort="regeling_bevestiging").count() == 1
    assert regeling.termijnen.count() == 7  # 6 x 200,00 + 200,00
    taak = Taak.objects.get(dossier=dossier, sleutel=f"regeling:{regeling.pk}:casemanager")
    # Thursday 9 April 2026 + 2 working days = Monday 13 April 2026
    assert taak.deadline == date(2026, 4, 13) and taak.toegewezen_aan == dossier.casemanager
    assert taak.afgerond_op is None
    assert regelingvoorstellen_voor_werkvoorraad()[0]["omschrijving"] == (
        "Regeling van de debiteur goedgekeurd door de cliënt: bevestigen"
    )
    assert Journaalpost.objects.count() == posten


def test_a_client_rejection_of_a_debtor_proposal_makes_no_task(dossier, client_user):
    regeling = betalingsregeling_voorstel_debiteur(dossier=dossier, eerste_termijn=MEI, maanden=3)
    betalingsregeling_beoordeel(regeling=regeling, akkoord=False, door=client_user)
    regeling.refresh_from_db()
    assert regeling.status == "afgewezen"
    assert not Taak.objects.filter(dossier=dossier, sleutel__startswith="regeling:").exists()
    assert regelingvoorstellen_voor_werkvoorraad() == []
    # after a rejection the debtor may propose again
    tweede = betalingsregeling_voorstel_debiteur(dossier=dossier, eerste_termijn=MEI, maanden=2)
    assert tweede.status == "voorgesteld"


def test_a_staff_entered_proposal_approved_by_the_client_makes_no_debtor_task(
    dossier, casemanager, client_user
):
    regeling = betalingsregeling_maak(dossier=dossier, termijnen=[(MEI, D("1400.00"))], door=casemanager)
    assert regeling.bron == Betalingsregeling.Bron.CASEMANAGER and regeling.binnen_regels is None
    betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    assert not Taak.objects.filter(dossier=dossier, sleutel__startswith="regeling:").exists()


@pytest.mark.parametrize(
    ("invoer", "melding"),
    [
        ({"maandbedrag": D("0.00")}, "groter zijn dan nul"),
        ({"maandbedrag": D("-5.00")}, "groter zijn dan nul"),
        ({"maanden": 0}, "van 1 tot en met 60"),
        ({"maanden": 61}, "van 1 tot en met 60"),
        ({"maandbedrag": D("20.00")}, "hoogstens 60 maanden"),  # 1.400,00 / 20,00 = 70 terms
        ({}, "bedrag per maand of een aantal maanden"),
        ({"maandbedrag": D("100.00"), "maanden": 3}, "niet allebei"),
        ({"maandbedrag": D("100.00"), "eerste_termijn": date(2026, 4, 8)}, "niet in het verleden"),
        ({"maandbedrag": D("100.00"), "eerste_termijn": date(2026, 6, 10)}, "binnen twee maanden"),
    ],
)
def test_impossible_proposals_are_refused_plainly_and_nothing_is_written(dossier, invoer, melding):
    invoer = {"eerste_termijn": MEI, **invoer}
    with pytest.raises(ValidationError, match=melding):
        betalingsregeling_voorstel_debiteur(dossier=dossier, **invoer)
    assert not Betalingsregeling.objects.exists()


def test_a_second_proposal_beside_a_proposed_or_running_one_is_refused(dossier):
    regels(dossier)
    betalingsregeling_voorstel_debiteur(
        dossier=dossier, eerste_termijn=MEI, maandbedrag=D("100.00")
    )  # outside
    with pytest.raises(ValidationError, match="al een betalingsregeling"):
        betalingsregeling_voorstel_debiteur(dossier=dossier, eerste_termijn=MEI, maandbedrag=D("300.00"))
    assert Betalingsregeling.objects.count() == 1


def test_no_arrears_no_proposal(dossier, betaal):
    betaal(dossier, [(date(2026, 4, 8), D("1400.00"))])
    with pytest.raises(ValidationError, match="geen achterstand"):
        betalingsregeling_voorstel_debiteur(dossier=dossier, eerste_termijn=MEI, maanden=2)


def test_the_clients_rules_are_validated_changeable_and_keep_their_history(dossier, client_user):
    with pytest.raises(ValidationError) as fout:
        regelingregels_wijzig(
            client=dossier.client,
            max_maanden=61,
            min_maandbedrag=D("0"),
            direct_akkoord=True,
            door=client_user,
        )
    assert set(fout.value.message_dict) == {"max_maanden", "min_maandbedrag"}
    assert not Regelingregels.objects.exists()
    regelingregels_wijzig(
        client=dossier.client, max_maanden=6, min_maandbedrag=D("250"), direct_akkoord=True, door=client_user
    )
    regelingregels_wijzig(
        client=dossier.client,
        max_maanden=12,
        min_maandbedrag=D("100.004"),
        direct_akkoord=False,
        door=client_user,
    )
    rij = Regelingregels.objects.get(client=dossier.client)
    assert (rij.max_maanden, rij.min_maandbedrag, rij.direct_akkoord) == (12, D("100.00"), False)
    historie = list(rij.history.order_by("history_date").values_list("max_maanden", "history_user_id"))
    assert historie == [(6, client_user.pk), (12, client_user.pk)]


def test_the_work_queue_selector_lists_waiting_debtor_proposals_in_constant_queries(
    casemanager, client_user, django_assert_num_queries
):
    from dossiers.services import taak_rond_af

    def nieuw(n_dossiers):
        uit = []
        for _ in range(n_dossiers):
            d = geaccepteerd_dossier(
                ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), casemanager=casemanager
            )
            uit.append(betalingsregeling_voorstel_debiteur(dossier=d, eerste_termijn=MEI, maanden=4))
        return uit

    eerste = nieuw(1)
    with django_assert_num_queries(1):
        rijen = regelingvoorstellen_voor_werkvoorraad()
    assert rijen == [
        {
            "dossier_id": eerste[0].dossier_id,
            "dossiernummer": eerste[0].dossier.nummer,
            "soort": "Regelingvoorstel",
            "omschrijving": "Regelingvoorstel van de debiteur: wacht op de cliënt",
            "sinds": NU,
            "url": f"/staff/dossiers/{eerste[0].dossier_id}/",
        }
    ]
    meer = nieuw(3)
    betalingsregeling_beoordeel(regeling=meer[0], akkoord=True, door=client_user)  # → the case manager
    betalingsregeling_beoordeel(regeling=meer[1], akkoord=False, door=client_user)  # → gone
    # a staff-entered proposal is not the debtor's
    ander = geaccepteerd_dossier(ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS))
    betalingsregeling_maak(dossier=ander, termijnen=[(MEI, D("1400.00"))], door=casemanager)
    with django_assert_num_queries(1):
        rijen = regelingvoorstellen_voor_werkvoorraad()
    assert sorted(r["dossier_id"] for r in rijen) == sorted(
        [eerste[0].dossier_id, meer[0].dossier_id, meer[2].dossier_id]
    )
    # the case manager's task done: off the list
    taak_rond_af(taak=Taak.objects.get(sleutel=f"regeling:{meer[0].pk}:casemanager"), door=casemanager)
    assert meer[0].dossier_id not in [r["dossier_id"] for r in regelingvoorstellen_voor_werkvoorraad()]


@pytest.mark.parametrize("status", ["intake", "opgeschort", "gesloten"])
def test_no_proposal_on_a_dossier_in_intake_suspended_or_closed(dossier, status):
    from dossiers.models import Dossier

    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError, match="geen betalingsregeling voorstellen"):
        betalingsregeling_voorstel_debiteur(dossier=dossier, eerste_termijn=MEI, maanden=2)
    assert not Betalingsregeling.objects.exists()


def test_the_staff_panel_says_the_proposal_came_from_the_debtor_with_his_explanation(dossier, cm_client):
    from django.urls import reverse

    regels(dossier)
    betalingsregeling_voorstel_debiteur(
        dossier=dossier, eerste_termijn=MEI, maandbedrag=D("200.00"), toelichting="Ontslagen in maart"
    )
    pagina = cm_client.get(reverse("incasso:paneel", args=[dossier.pk])).content.decode()
    assert "voorgesteld door de debiteur in het portaal (buiten de regels van de cliënt)" in pagina
    assert "Ontslagen in maart" in pagina
