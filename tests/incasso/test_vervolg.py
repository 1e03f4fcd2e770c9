"""After the reminder's deadline: second notice and a consent request; letter texts editable; outbox retries."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from dossiers.models import Taak, Titel
from incasso.letters import brieftekst_voor
from incasso.models import Brief, Brieftekst, Toestemmingsverzoek, UitgaandeEmail
from incasso.outbox import email_plaats
from incasso.tasks import eerste_aanmaning, termijn_controle

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db
ONTVANGEN = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)


@pytest.fixture
def aangemaand():
    with time_machine.travel(ONTVANGEN, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=ONTVANGEN)
        eerste_aanmaning(dossier.pk)
    return dossier


def test_unpaid_after_the_deadline_gives_a_sommatie_and_a_consent_request_for_a_formeel_bevel(
    aangemaand, betaal
):
    # Deadline Wed 8 April; on the 8th itself nothing happens yet.
    with time_machine.travel(datetime(2026, 4, 8, 7, 0, tzinfo=AMS), tick=False):
        assert termijn_controle() == 0
    betaal(aangemaand, [(date(2026, 4, 7), D("500.00"))])  # 1,400.00 owed, 500.00 paid: not in full
    with time_machine.travel(datetime(2026, 4, 9, 7, 0, tzinfo=AMS), tick=False):
        assert termijn_controle() == 1
        assert termijn_controle() == 0  # once
    sommatie = Brief.objects.get(soort="sommatie")
    # 1,400.00 − 500.00 = 900.00; letter Thu 9 Apr + 5 = Tue 14 Apr (10, 13, 14 are working days).
    assert sommatie.bedrag == D("900.00") and sommatie.termijn_einde == date(2026, 4, 14)
    verzoek = Toestemmingsverzoek.objects.get(dossier=aangemaand)
    assert (verzoek.soort, verzoek.status) == ("formeel_bevel", "gevraagd")


def test_paid_in_full_before_the_deadline_gives_no_sommatie(aangemaand, betaal):
    betaal(aangemaand, [(date(2026, 4, 7), D("1400.00"))])
    with time_machine.travel(datetime(2026, 4, 9, 7, 0, tzinfo=AMS), tick=False):
        termijn_controle()
    assert not Brief.objects.filter(soort="sommatie").exists()
    assert not Toestemmingsverzoek.objects.exists()


def test_without_title_the_unpaid_sommatie_becomes_a_task_not_a_consent_request():
    with time_machine.travel(ONTVANGEN, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=ONTVANGEN)
        Titel.objects.filter(dossier=dossier).update(soort=Titel.Soort.GEEN)
        eerste_aanmaning(dossier.pk)
    with time_machine.travel(datetime(2026, 4, 9, 7, 0, tzinfo=AMS), tick=False):
        termijn_controle()
    assert Brief.objects.filter(soort="sommatie").exists()
    assert not Toestemmingsverzoek.objects.exists()
    assert (
        "geen executoriale titel"
        in Taak.objects.get(sleutel=f"escalatie:{dossier.pk}:geblokkeerd").omschrijving
    )


def test_a_letter_text_edited_by_the_beheerder_is_used_from_its_date(aangemaand):
    Brieftekst.objects.create(
        soort="aanmaning",
        onderwerp="Nieuwe aanmaning {dossiernummer}",
        alineas="Eerste.\n\nTweede {bedrag}.",
        geldig_vanaf=date(2026, 5, 1),
    )
    assert brieftekst_voor(soort="aanmaning", datum=date(2026, 4, 30))[0].startswith("Aanmaning betaling")
    assert brieftekst_voor(soort="aanmaning", datum=date(2026, 5, 1)) == (
        "Nieuwe aanmaning {dossiernummer}",
        ["Eerste.", "Tweede {bedrag}."],
    )


def test_beheerder_edits_letter_texts_in_the_admin(beheerder):
    from django.test import Client

    from tests.conftest import login_als

    c = login_als(Client(), beheerder)
    assert c.get("/beheer/incasso/brieftekst/").status_code == 200
    assert Brieftekst.objects.filter(soort="aanmaning").exists()  # seeded by the data migration


class KapotteMail(Exception):
    pass


@override_settings(EMAIL_BACKEND="tests.incasso.test_vervolg.KapotteBackend")
def test_outbox_retries_and_after_the_last_try_gives_the_case_manager_a_task(
    aangemaand, django_capture_on_commit_callbacks, monkeypatch
):
    from celery.exceptions import Retry

    from incasso.tasks import email_verstuur

    with django_capture_on_commit_callbacks(execute=False):
        email = email_plaats(
            aan="x@example.nl", onderwerp="Test", tekst="Hallo", dossier=aangemaand, sleutel="test:1"
        )
    wachttijden = []

    def retry(*, exc, countdown):
        wachttijden.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(email_verstuur, "retry", retry)
    # What the worker does: the first try and each retry (request.retries 0..5), every one failing.
    for n in range(6):
        email_verstuur.push_request(retries=n)
        try:
            if n < 5:
                with pytest.raises(Retry):
                    email_verstuur.run(email.pk)
            else:
                assert email_verstuur.run(email.pk) == "mislukt"
        finally:
            email_verstuur.pop_request()
    assert wachttijden == [60, 120, 240, 480, 960]  # exponential backoff in seconds
    email.refresh_from_db()
    assert (email.status, email.pogingen) == ("mislukt", 6)
    assert "SMTP weg" in email.laatste_fout
    assert Taak.objects.filter(dossier=aangemaand, sleutel=f"email-mislukt:{email.pk}").exists()


def test_outbox_places_the_same_email_once(aangemaand, django_capture_on_commit_callbacks):
    voor = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        a = email_plaats(aan="x@example.nl", onderwerp="Test", tekst="Hallo", sleutel="test:2")
        b = email_plaats(aan="x@example.nl", onderwerp="Test", tekst="Hallo", sleutel="test:2")
    assert a.pk == b.pk and UitgaandeEmail.objects.filter(sleutel="test:2").count() == 1
    assert len(mail.outbox) == voor + 1


from django.core.mail.backends.base import BaseEmailBackend  # noqa: E402


class KapotteBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise KapotteMail("SMTP weg")


def test_safety_net_sends_the_first_reminder_for_an_accepted_dossier_that_has_none():
    from incasso.tasks import aanmaning_achtervang

    with time_machine.travel(ONTVANGEN, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=ONTVANGEN)  # accepted, but the task never ran
        geaccepteerd_dossier(ontvangen_op=ONTVANGEN, status="intake")  # not accepted: no letter
        assert aanmaning_achtervang() == 0  # just accepted: the on-commit task goes first
    with time_machine.travel(ONTVANGEN + timedelta(minutes=15), tick=False):
        assert aanmaning_achtervang() == 1
        assert aanmaning_achtervang() == 0  # sent now, so nothing left
    assert list(Brief.objects.values_list("dossier_id", "soort")) == [(dossier.pk, "aanmaning")]


def test_an_arrangement_approved_lets_open_consent_requests_lapse(aangemaand, client_user):
    from incasso.services import betalingsregeling_beoordeel, betalingsregeling_maak, toestemming_vraag

    verzoek = toestemming_vraag(dossier=aangemaand, soort="formeel_bevel", door=None)
    regeling = betalingsregeling_maak(dossier=aangemaand, termijnen=[(date(2026, 5, 1), D("100"))], door=None)
    betalingsregeling_beoordeel(regeling=regeling, akkoord=True, door=client_user)
    verzoek.refresh_from_db()
    assert verzoek.status == "vervallen"


def test_a_letter_text_with_an_unknown_placeholder_is_refused_with_a_dutch_message():
    from django.core.exceptions import ValidationError

    tekst = Brieftekst(
        soort="aanmaning",
        onderwerp="Aanmaning {dosiernummer}",
        alineas="Betaal {bedrag}.",
        geldig_vanaf=date(2026, 6, 1),
    )
    with pytest.raises(ValidationError) as fout:
        tekst.full_clean()
    assert fout.value.message_dict["onderwerp"] == ["Onbekend invulveld: {dosiernummer}."]
    tekst.onderwerp = "Aanmaning {dossiernummer}"
    tekst.full_clean()  # every standard text uses only known placeholders, so this one passes too


def test_every_seeded_letter_text_uses_only_known_placeholders():
    teksten = list(Brieftekst.objects.all())
    assert {t.soort for t in teksten} == {
        "aanmaning",
        "sommatie",
        "regeling_bevestiging",
        "regeling_gemist",
        "incasso_vooraankondiging",
    }
    for tekst in teksten:
        tekst.full_clean()


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("Betaal {bedrag:d}.", "zonder opmaak"),
        ("Betaal {bedrag:>300000000}.", "zonder opmaak"),
        ("Betaal {bedrag!r}.", "zonder opmaak"),
        ("Betaal {bedrag!s:^9}.", "zonder opmaak"),
        ("Betaal {bedrag:{datum}}.", "zonder opmaak"),
        ("Betaal {bedrag.__class__}.", "Onbekend invulveld"),
        ("Betaal {bedrag[0]}.", "Onbekend invulveld"),
        ("Betaal {0}.", "Onbekend invulveld"),
        ("Betaal {}.", "Onbekend invulveld"),
    ],
)
def test_a_letter_text_accepts_only_plain_placeholders(tekst, melding):
    """Issue 12 item 16: ``{bedrag:d}`` passed and then broke every reminder (format_map raises on a str);
    ``{bedrag:>300000000}`` wrote a 300 MB paragraph. Only ``{naam}`` from the documented list is saved."""
    from django.core.exceptions import ValidationError

    rij = Brieftekst(soort="aanmaning", onderwerp="Aanmaning", alineas=tekst, geldig_vanaf=date(2026, 6, 1))
    with pytest.raises(ValidationError) as fout:
        rij.full_clean()
    assert melding in fout.value.message_dict["alineas"][0]


def test_the_admin_refuses_a_letter_text_with_a_format_spec(client, beheerder):
    """Saved through the admin form (the beheerder's only way in): refused with the message, nothing stored."""
    from tests.conftest import login_als

    login_als(client, beheerder)
    aantal = Brieftekst.objects.count()
    antwoord = client.post(
        "/beheer/incasso/brieftekst/add/",
        {
            "soort": "aanmaning",
            "onderwerp": "Aanmaning",
            "alineas": "Betaal {bedrag:>99}.",
            "geldig_vanaf": "2026-06-01",
        },
    )
    assert antwoord.status_code == 200
    assert "zonder opmaak" in antwoord.content.decode()
    assert Brieftekst.objects.count() == aantal
