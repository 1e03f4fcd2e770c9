"""Only a letter that went out is a stuiting, dated the day it went out (issue 13 item 4; art. 3:317 lid 1
BW: a written demand interrupts limitation, and a written statement takes effect when it reaches the
addressee, art. 3:37 lid 3 BW). A letter that could not go out is dated again when it does, with a new Atw
deadline, and its first version is kept as a draft that never went out."""

import io
from datetime import date, datetime
from unittest import mock

import pytest
import time_machine
from celery.exceptions import Retry
from pypdf import PdfReader

from dossiers.models import Document, Stuiting
from incasso.models import Brief, Printbatch, UitgaandeEmail
from incasso.stuiting import PostFout, printbatch_gepost_markeer
from incasso.tasks import eerste_aanmaning, email_verstuur, printbatch_maak, sommatie

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db


def _tekst(document: Document) -> str:
    with document.bestand.open("rb") as f:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)


def test_reminder_and_sommatie_to_an_unknown_address_are_made_but_record_no_stuiting(
    django_capture_on_commit_callbacks,
):
    """Thursday 2 April 2026: the debtor has no e-mail and no known address. The reminder is made (a PDF on
    the dossier) but not sent, so no stuiting; a week later the sommatie likewise."""
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(
            ontvangen_op=moment, debiteur__email="", debiteur__straat="", debiteur__adres_onbekend=True
        )
        with django_capture_on_commit_callbacks(execute=True):
            eerste_aanmaning(dossier.pk)
    with (
        time_machine.travel(datetime(2026, 4, 9, 10, 0, tzinfo=AMS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sommatie(dossier.pk)
    brieven = Brief.objects.filter(dossier=dossier).order_by("datum")
    assert [(b.soort, b.datum, b.verzonden_via) for b in brieven] == [
        ("aanmaning", date(2026, 4, 2), ""),
        ("sommatie", date(2026, 4, 9), ""),
    ]
    assert all(b.document_id for b in brieven)
    assert not Stuiting.objects.filter(dossier=dossier).exists()
    assert dossier.taken.filter(omschrijving__startswith="Adres van de debiteur onbekend").count() == 2


def test_email_letter_is_a_stuiting_dated_the_day_the_mail_server_accepted_it(
    django_capture_on_commit_callbacks,
):
    """Made and queued on Thursday 2 April 2026, but the mail server refused it that day; accepted on the
    retry of Tuesday 7 April: the stuiting is dated 7 April, the day it went out."""
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=moment)
        with (
            mock.patch("incasso.outbox.EmailMessage.send", side_effect=OSError("451 try again later")),
            pytest.raises(Retry),
            django_capture_on_commit_callbacks(execute=True),
        ):
            eerste_aanmaning(dossier.pk)  # the e-mail task runs eagerly on commit and asks for a retry
    email = UitgaandeEmail.objects.get(sleutel__startswith="brief:")
    assert email.status == "wachtend"
    assert not Stuiting.objects.filter(dossier=dossier).exists()
    with time_machine.travel(datetime(2026, 4, 7, 9, 0, tzinfo=AMS), tick=False):
        email_verstuur.apply(args=[email.pk])
    email.refresh_from_db()
    assert email.status == "verstuurd"
    stuiting = Stuiting.objects.get(dossier=dossier)
    brief = Brief.objects.get(dossier=dossier)
    assert (stuiting.datum, stuiting.bron_sleutel) == (date(2026, 4, 7), f"brief:{brief.sleutel}")


def test_post_letter_is_a_stuiting_only_when_the_batch_is_marked_posted(casemanager):
    """No e-mail, a postal address: the reminder of 2 April 2026 goes into that day's print batch. Printing
    sends nothing; marking the batch posted (on 2 April, 16:30) makes it a stuiting of 2 April, once."""
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=moment, debiteur__email="")
        eerste_aanmaning(dossier.pk)
        printbatch_maak()
    batch = Printbatch.objects.get()
    assert not Stuiting.objects.filter(dossier=dossier).exists()
    with time_machine.travel(datetime(2026, 4, 2, 16, 30, tzinfo=AMS), tick=False):
        assert printbatch_gepost_markeer(batch=batch, door=casemanager) == 1
        with pytest.raises(PostFout, match="al als gepost"):
            printbatch_gepost_markeer(batch=batch, door=casemanager)
    stuiting = Stuiting.objects.get(dossier=dossier)
    assert stuiting.datum == date(2026, 4, 2)
    batch.refresh_from_db()
    assert batch.gepost_door == casemanager
    assert dossier.tijdlijn.filter(tekst="Aanmaning op 2 april 2026 gepost").exists()


def test_letter_sent_late_gets_that_days_date_a_new_deadline_and_keeps_the_old_pdf_as_a_draft(
    django_capture_on_commit_callbacks,
):
    """Made on Thursday 2 April 2026 (deadline then Wednesday 8 April) while the address was unknown. The
    e-mail address turns up; the safety net sends the reminder on Tuesday 14 April 2026. It is dated
    14 April with a new deadline per the Atw: 14 April + 5 days = Sunday 19 April, not a working day, so
    Monday 20 April (art. 1); the term then holds 15, 16, 17 and 20 April, at least 2 working days (art. 2).
    The amount is the arrears on 14 April: 4 x 350.00 = 1,400.00 (January to April). The first PDF is kept,
    hidden from the client, as a draft that never went out; the stuiting is of 14 April."""
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(
            ontvangen_op=moment, debiteur__email="", debiteur__straat="", debiteur__adres_onbekend=True
        )
        eerste_aanmaning(dossier.pk)
    brief = Brief.objects.get(dossier=dossier)
    eerste_versie = brief.document
    assert (brief.datum, brief.termijn_einde, brief.verzonden_via) == (date(2026, 4, 2), date(2026, 4, 8), "")

    dossier.debiteur.email = "bram@example.nl"
    dossier.debiteur.save(update_fields=["email"])
    with (
        time_machine.travel(datetime(2026, 4, 14, 9, 0, tzinfo=AMS), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        eerste_aanmaning(dossier.pk)

    brief.refresh_from_db()
    assert (brief.datum, brief.termijn_einde, brief.verzonden_via) == (
        date(2026, 4, 14),
        date(2026, 4, 20),
        "email",
    )
    assert brief.bedrag == 1400
    assert brief.document_id != eerste_versie.pk
    assert brief.concept_document_id == eerste_versie.pk
    tekst = _tekst(brief.document)
    assert "14 april 2026" in tekst and "20 april 2026" in tekst
    assert "8 april 2026" not in tekst
    eerste_versie.refresh_from_db()
    assert not eerste_versie.zichtbaar_voor_client
    assert eerste_versie.naam.startswith("Concept (nooit verzonden)")
    assert "8 april 2026" in _tekst(eerste_versie)  # kept as it was made
    email = UitgaandeEmail.objects.get(sleutel=f"brief:{brief.sleutel}")
    assert list(email.documenten.values_list("pk", flat=True)) == [brief.document_id]
    assert list(Stuiting.objects.filter(dossier=dossier).values_list("datum", flat=True)) == [
        date(2026, 4, 14)
    ]


def test_a_letter_with_a_past_date_is_never_sent_as_it_is():
    from incasso.letters import brief_verstuur

    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(
            ontvangen_op=moment, debiteur__email="", debiteur__straat="", debiteur__adres_onbekend=True
        )
        eerste_aanmaning(dossier.pk)
    dossier.debiteur.email = "bram@example.nl"
    dossier.debiteur.save(update_fields=["email"])
    brief = Brief.objects.get(dossier=dossier)
    with (
        time_machine.travel(datetime(2026, 4, 14, 9, 0, tzinfo=AMS), tick=False),
        pytest.raises(ValueError, match="eerdere dag"),
    ):
        brief_verstuur(brief=brief)
    brief.refresh_from_db()
    assert brief.verzonden_via == ""


def test_post_page_marks_a_batch_posted_once_with_a_dutch_message(cm_client, casemanager):
    from django.urls import reverse

    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=moment, debiteur__email="")
        eerste_aanmaning(dossier.pk)
        printbatch_maak()
    batch = Printbatch.objects.get()
    pagina = cm_client.get(reverse("incasso:post")).content.decode()
    assert "Markeren als gepost" in pagina
    url = reverse("incasso:printbatch_gepost", args=[batch.pk])
    assert cm_client.get(url).status_code == 405  # a change only by POST
    antwoord = cm_client.post(url, follow=True).content.decode()
    assert "gemarkeerd als gepost: 1 brieven zijn verzonden" in antwoord
    assert "al als gepost gemarkeerd" in cm_client.post(url, follow=True).content.decode()
    assert Stuiting.objects.filter(dossier=dossier).count() == 1
    batch.refresh_from_db()
    assert batch.gepost_door == casemanager


def test_while_the_address_stays_unknown_the_safety_net_makes_no_new_version_each_day():
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(
            ontvangen_op=moment, debiteur__email="", debiteur__straat="", debiteur__adres_onbekend=True
        )
        eerste_aanmaning(dossier.pk)
    for dag in (7, 8):
        with time_machine.travel(datetime(2026, 4, dag, 9, 0, tzinfo=AMS), tick=False):
            eerste_aanmaning(dossier.pk)  # what the safety net runs; no error, nothing sent
    brief = Brief.objects.get(dossier=dossier)
    assert (brief.datum, brief.verzonden_via, brief.concept_document_id) == (date(2026, 4, 2), "", None)
    assert Document.objects.filter(dossier=dossier, soort="brief").count() == 1
    assert not Stuiting.objects.filter(dossier=dossier).exists()
