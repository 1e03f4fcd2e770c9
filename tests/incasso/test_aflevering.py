"""Delivery proof (issue 19 item 1): outgoing e-mail goes through django-anymail when an ESP is configured;
Postmark's delivery, bounce and spam-complaint events come in through anymail's tracking webhook and are
stored on the e-mail and its letter and shown on the timeline. A bounced reminder is no stuiting and goes by
post with the next working day's print batch.

The webhook tests post Postmark's documented payloads (postmarkapp.com/developer/webhooks) to anymail's
Postmark tracking URL with the test client; the unit tests send ``anymail.signals.tracking`` with an
``AnymailTrackingEvent`` as anymail's testing notes describe; sending runs on anymail's test e-mail backend,
which gives each message an ESP message id (its index in ``mail.outbox``)."""

import base64
import json
import logging
from datetime import date, datetime

import pytest
import time_machine
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.urls import reverse

from dossiers.models import Stuiting
from incasso.models import AfleverGebeurtenis, Brief, Printbatch, UitgaandeEmail
from incasso.services.brieven import printbatch_maak
from incasso.stuiting import printbatch_gepost_markeer
from incasso.tasks import eerste_aanmaning, email_verstuur
from tests.conftest import login_als

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db

GEHEIM = "postmark:Zeer-Geheim-42"
WEBHOOK = "anymail:postmark_tracking_webhook"
DINSDAG = datetime(2026, 4, 7, 10, 0, tzinfo=AMS)  # Tuesday 7 April 2026; the next working day is 8 April


@pytest.fixture(autouse=True)
def esp(settings):
    """Anymail's test backend stands in for Postmark; the webhook takes only the basic-auth secret."""
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.ANYMAIL = {"WEBHOOK_SECRET": GEHEIM}


def _auth(geheim: str = GEHEIM) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(geheim.encode()).decode()}


def _post(client, payload: dict, **extra):
    return client.post(reverse(WEBHOOK), data=json.dumps(payload), content_type="application/json", **extra)


def postmark_delivery(message_id: str) -> dict:
    """Postmark's documented Delivery webhook payload."""
    return {
        "MessageID": message_id,
        "Recipient": "john@example.com",
        "DeliveredAt": "2026-04-07T08:02:54.9070259Z",
        "Details": "Test delivery webhook details",
        "Tag": "welcome-email",
        "ServerID": 23,
        "Metadata": {"a_key": "a_value", "b_key": "b_value"},
        "RecordType": "Delivery",
        "MessageStream": "outbound",
    }


def postmark_bounce(message_id: str) -> dict:
    """Postmark's documented Bounce webhook payload (a hard bounce)."""
    return {
        "RecordType": "Bounce",
        "MessageStream": "outbound",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "Test",
        "MessageID": message_id,
        "Metadata": {"a_key": "a_value", "b_key": "b_value"},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "Test bounce details",
        "Email": "john@example.com",
        "From": "sender@example.com",
        "BouncedAt": "2026-04-07T08:05:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Test subject",
        "Content": "<Full dump of bounce>",
    }


def postmark_spam_complaint(message_id: str) -> dict:
    """Postmark's documented SpamComplaint webhook payload."""
    return {
        "RecordType": "SpamComplaint",
        "MessageStream": "outbound",
        "ID": 42,
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Name": "Spam complaint",
        "Tag": "Test",
        "MessageID": message_id,
        "Metadata": {"a_key": "a_value", "b_key": "b_value"},
        "ServerID": 1234,
        "Description": "",
        "Details": "Test spam complaint details",
        "Email": "john@example.com",
        "From": "sender@example.com",
        "BouncedAt": "2026-04-07T09:00:00Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": False,
        "Subject": "Test subject",
        "Content": "<Abuse report dump>",
    }


def _aanmaning_per_email(django_capture_on_commit_callbacks, **debiteur):
    """The first reminder of a dossier, made and e-mailed on Tuesday 7 April 2026 at 10:00."""
    with time_machine.travel(DINSDAG, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=DINSDAG, **debiteur)
        with django_capture_on_commit_callbacks(execute=True):
            eerste_aanmaning(dossier.pk)
    brief = Brief.objects.get(dossier=dossier)
    email = UitgaandeEmail.objects.get(sleutel=f"brief:{brief.sleutel}")
    return dossier, brief, email


def test_sending_through_anymail_stores_the_esp_message_id_and_asks_no_open_tracking():
    email = UitgaandeEmail.objects.create(
        aan="bram@example.nl", onderwerp="Aanmaning", tekst="Hallo", sleutel="test:aflevering"
    )
    assert email_verstuur.apply(args=[email.pk]).get() == "verstuurd"
    email.refresh_from_db()
    (bericht,) = mail.outbox
    assert email.esp_message_id == str(bericht.anymail_status.message_id) == "0"
    assert bericht.anymail_test_params["track_opens"] is False
    assert bericht.anymail_test_params["track_clicks"] is False


def test_the_webhook_refuses_a_request_without_the_right_secret(client, django_capture_on_commit_callbacks):
    _dossier, _brief, email = _aanmaning_per_email(django_capture_on_commit_callbacks)
    payload = postmark_bounce(email.esp_message_id)
    assert _post(client, payload).status_code == 400
    assert _post(client, payload, **_auth("postmark:fout")).status_code == 400
    assert not AfleverGebeurtenis.objects.exists()
    assert _post(client, payload, **_auth()).status_code == 200
    assert AfleverGebeurtenis.objects.count() == 1
    assert client.get(reverse(WEBHOOK), **_auth()).status_code == 405


def test_delivery_is_stored_on_the_email_and_the_letter_and_shown(
    client, beheerder, django_capture_on_commit_callbacks
):
    dossier, brief, email = _aanmaning_per_email(django_capture_on_commit_callbacks)
    for _ in range(3):  # Postmark retries: the same event three times is stored once
        assert _post(client, postmark_delivery(email.esp_message_id), **_auth()).status_code == 200
    gebeurtenis = AfleverGebeurtenis.objects.get()
    assert (gebeurtenis.email, gebeurtenis.soort, gebeurtenis.aan) == (email, "delivered", "john@example.com")
    assert gebeurtenis.op == datetime(2026, 4, 7, 10, 2, 54, 907025, tzinfo=AMS)
    email.refresh_from_db()
    brief.refresh_from_db()
    assert email.afgeleverd_op == brief.email_afgeleverd_op == gebeurtenis.op
    assert (
        dossier.tijdlijn.filter(tekst="Aanmaning per e-mail afgeleverd op 7 april 2026 om 10:02").count() == 1
    )
    # Delivered: the stuiting of the day the mail server accepted it stands.
    assert Stuiting.objects.get(dossier=dossier).datum == date(2026, 4, 7)
    pagina = login_als(client, beheerder).get(reverse("incasso:paneel", args=[dossier.pk])).content.decode()
    assert "Per e-mail verstuurd op 7 april 2026, afgeleverd op 7 april 2026 10:02" in pagina


def test_a_bounced_reminder_is_no_stuiting_and_goes_by_post_the_next_working_day(
    client, beheerder, casemanager, django_capture_on_commit_callbacks
):
    """E-mailed on Tuesday 7 April 2026 at 10:00 (a stuiting of 7 April once the mail server accepted it);
    Postmark reports a hard bounce at 10:05. The demand never reached the debtor: the stuiting goes, and the
    letter goes with the print batch of Wednesday 8 April, the next working day, and is a stuiting of the day
    that batch is marked posted."""
    dossier, brief, email = _aanmaning_per_email(django_capture_on_commit_callbacks)
    assert Stuiting.objects.get(dossier=dossier).datum == date(2026, 4, 7)
    with time_machine.travel(datetime(2026, 4, 7, 10, 6, tzinfo=AMS), tick=False):
        for _ in range(3):
            assert _post(client, postmark_bounce(email.esp_message_id), **_auth()).status_code == 200
    gebeurtenis = AfleverGebeurtenis.objects.get()
    assert gebeurtenis.soort == "bounced"
    assert gebeurtenis.sleutel == "Postmark:4323372036854775807"
    # Only the technical fields: no subject, sender, bounce dump, MTA text or metadata.
    assert gebeurtenis.esp_event == {
        "RecordType": "Bounce",
        "MessageStream": "outbound",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "MessageID": email.esp_message_id,
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "BouncedAt": "2026-04-07T08:05:54.9070259Z",
        "Inactive": True,
        "CanActivate": True,
    }
    email.refresh_from_db()
    brief.refresh_from_db()
    assert email.status == "verstuurd"  # nothing already booked is undone
    assert email.bounce_op == brief.email_bounce_op == gebeurtenis.op
    assert not Stuiting.objects.filter(dossier=dossier).exists()
    assert brief.verzonden_via == "post"
    assert brief.printbatch.datum == date(2026, 4, 8)
    (regel,) = dossier.tijdlijn.filter(sleutel=f"aflevering:{gebeurtenis.pk}")
    assert regel.tekst == (
        "Aanmaning per e-mail kwam niet aan: onbestelbaar op 7 april 2026 om 10:05 (The server was unable to "
        "deliver your message (ex: unknown user, mailbox not found)). De stuiting van 7 april 2026 vervalt: de "
        "brief heeft de debiteur niet bereikt. De brief gaat per post mee met de printbatch van 8 april 2026."
    )
    beheer = login_als(client, beheerder)
    pagina = beheer.get(reverse("incasso:paneel", args=[dossier.pk])).content.decode()
    assert "Per e-mail verstuurd op 7 april 2026. Bounce op 7 april 2026" in pagina
    assert "per post op 8 april 2026 (printbatch, nog niet gepost)" in pagina

    # Today's batch (7 April, 15:00) does not take it; Wednesday's does, and posting it is the stuiting.
    with time_machine.travel(datetime(2026, 4, 7, 15, 0, tzinfo=AMS), tick=False):
        assert not printbatch_maak().brieven.exists()
    with time_machine.travel(datetime(2026, 4, 8, 15, 0, tzinfo=AMS), tick=False):
        batch = Printbatch.objects.get(pk=printbatch_maak().pk)
        assert list(batch.brieven.all()) == [brief]
        assert batch.document_id is not None
    with time_machine.travel(datetime(2026, 4, 8, 16, 30, tzinfo=AMS), tick=False):
        assert printbatch_gepost_markeer(batch=batch, door=casemanager) == 1
    assert Stuiting.objects.get(dossier=dossier).datum == date(2026, 4, 8)
    pagina = beheer.get(reverse("incasso:paneel", args=[dossier.pk])).content.decode()
    assert "Bounce op 7 april 2026" in pagina
    assert "per post op 8 april 2026" in pagina
    assert "nog niet gepost" not in pagina


def test_a_bounce_without_a_postal_address_makes_a_task_instead(client, django_capture_on_commit_callbacks):
    dossier, brief, email = _aanmaning_per_email(
        django_capture_on_commit_callbacks, debiteur__straat="", debiteur__adres_onbekend=True
    )
    with time_machine.travel(datetime(2026, 4, 7, 10, 6, tzinfo=AMS), tick=False):
        assert _post(client, postmark_bounce(email.esp_message_id), **_auth()).status_code == 200
    brief.refresh_from_db()
    assert (brief.verzonden_via, brief.printbatch) == ("email", None)
    assert brief.email_bounce_op is not None
    assert not Stuiting.objects.filter(dossier=dossier).exists()
    assert not Printbatch.objects.exists()
    assert dossier.taken.filter(omschrijving__contains="postadres van de debiteur is onbekend").count() == 1


def test_a_spam_complaint_is_stored_and_shown_but_the_letter_stands(
    client, django_capture_on_commit_callbacks
):
    dossier, brief, email = _aanmaning_per_email(django_capture_on_commit_callbacks)
    assert _post(client, postmark_spam_complaint(email.esp_message_id), **_auth()).status_code == 200
    gebeurtenis = AfleverGebeurtenis.objects.get()
    assert gebeurtenis.soort == "complained"
    assert "Subject" not in gebeurtenis.esp_event and "Content" not in gebeurtenis.esp_event
    brief.refresh_from_db()
    assert (brief.verzonden_via, brief.email_bounce_op) == ("email", None)
    assert Stuiting.objects.filter(dossier=dossier).exists()
    assert dossier.tijdlijn.filter(tekst__contains="meldde het bericht als spam op 7 april 2026").exists()


def test_an_event_for_an_unknown_message_is_logged_and_ignored(client, caplog):
    with caplog.at_level(logging.WARNING, logger="incasso.aflevering"):
        antwoord = _post(client, postmark_bounce("883953f4-6105-42a2-a16a-77a8eac79483"), **_auth())
    assert antwoord.status_code == 200
    assert not AfleverGebeurtenis.objects.exists()
    assert "883953f4-6105-42a2-a16a-77a8eac79483" in caplog.text


def test_the_tracking_signal_records_an_event_once(django_capture_on_commit_callbacks):
    """The receiver is connected to anymail's signal: an event sent three times is one row and one line."""
    dossier, _brief, email = _aanmaning_per_email(django_capture_on_commit_callbacks)
    event = AnymailTrackingEvent(
        event_type="delivered",
        message_id=email.esp_message_id,
        recipient=email.aan,
        timestamp=datetime(2026, 4, 7, 10, 1, tzinfo=AMS),
        esp_event={"RecordType": "Delivery", "Subject": "Aanmaning", "Metadata": {"x": "y"}},
    )
    for _ in range(3):
        tracking.send(sender=object(), event=event, esp_name="Postmark")
    gebeurtenis = AfleverGebeurtenis.objects.get()
    assert gebeurtenis.esp_event == {"RecordType": "Delivery"}
    assert dossier.tijdlijn.filter(sleutel=f"aflevering:{gebeurtenis.pk}").count() == 1


def test_opens_and_clicks_are_not_recorded(django_capture_on_commit_callbacks):
    _dossier, _brief, email = _aanmaning_per_email(django_capture_on_commit_callbacks)
    for soort in ("opened", "clicked", "queued"):
        tracking.send(
            sender=object(),
            event=AnymailTrackingEvent(event_type=soort, message_id=email.esp_message_id),
            esp_name="Postmark",
        )
    assert not AfleverGebeurtenis.objects.exists()


def test_a_bounced_e_mail_that_is_not_a_letter_gives_the_case_manager_a_task(
    django_capture_on_commit_callbacks,
):
    dossier = geaccepteerd_dossier(ontvangen_op=DINSDAG)
    email = UitgaandeEmail.objects.create(
        aan="anna@example.nl",
        onderwerp="Stand van zaken",
        tekst="Hallo",
        sleutel="test:status",
        dossier=dossier,
    )
    email_verstuur.apply(args=[email.pk])
    email.refresh_from_db()
    tracking.send(
        sender=object(),
        event=AnymailTrackingEvent(
            event_type="bounced", event_id="7", message_id=email.esp_message_id, timestamp=DINSDAG
        ),
        esp_name="Postmark",
    )
    email.refresh_from_db()
    assert email.bounce_op == DINSDAG
    assert dossier.taken.filter(omschrijving__startswith="E-mail aan anna@example.nl kwam niet aan").exists()
    assert dossier.tijdlijn.filter(tekst__startswith="E-mail „Stand van zaken” kwam niet aan").exists()
