"""The outbox sends an e-mail at most once and never while a transaction (or a row lock) is open: a run
claims the row (wachtend -> verzenden) in one short transaction, sends outside it, and marks it in a second."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import connection
from django.utils import timezone

from incasso.models import UitgaandeEmail
from incasso.tasks import email_verstuur

pytestmark = pytest.mark.django_db(transaction=True)


def _email(**velden) -> UitgaandeEmail:
    return UitgaandeEmail.objects.create(
        aan="bram@example.nl", onderwerp="Aanmaning", tekst="Hallo", sleutel="test:outbox", **velden
    )


def test_the_same_message_queued_three_times_is_sent_once():
    email = _email()
    uitkomsten = [email_verstuur.apply(args=[email.pk]).get() for _ in range(3)]
    assert uitkomsten == ["verstuurd"] * 3
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.pogingen) == ("verstuurd", 1)


def test_no_transaction_is_open_while_the_mail_server_is_asked():
    email = _email()
    gezien = []
    echt_versturen = mail.EmailMessage.send

    def send(bericht, fail_silently=False):
        # What another worker sees meanwhile: the row claimed (committed), so it keeps its hands off.
        gezien.append((connection.in_atomic_block, UitgaandeEmail.objects.get(pk=email.pk).status))
        return echt_versturen(bericht, fail_silently=fail_silently)

    with mock.patch("incasso.outbox.EmailMessage.send", send):
        assert email_verstuur.apply(args=[email.pk]).get() == "verstuurd"
    assert gezien == [(False, "verzenden")]
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_one_worker_is_not_sent_by_another():
    """Worker A claims the e-mail and is slow at the mail server; worker B runs the same e-mail meanwhile and
    sends nothing. Then A finishes: one e-mail, marked sent once."""
    email = _email()
    a_verstuurt = threading.Event()
    b_klaar = threading.Event()
    echt_versturen = mail.EmailMessage.send
    fouten: list[BaseException] = []

    def traag(bericht, fail_silently=False):
        a_verstuurt.set()
        assert b_klaar.wait(timeout=30)
        return echt_versturen(bericht, fail_silently=fail_silently)

    def worker_a():
        try:
            with mock.patch("incasso.outbox.EmailMessage.send", traag):
                email_verstuur.apply(args=[email.pk]).get()
        except BaseException as exc:  # surfaced in the test thread below
            fouten.append(exc)
        finally:
            connection.close()

    a = threading.Thread(target=worker_a)
    a.start()
    assert a_verstuurt.wait(timeout=30)
    assert email_verstuur.apply(args=[email.pk]).get() == "verzenden"  # worker B: claimed by A, not sent
    assert len(mail.outbox) == 0
    b_klaar.set()
    a.join(timeout=30)
    assert not fouten
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.pogingen) == ("verstuurd", 1)


def test_a_claim_left_by_a_worker_that_died_is_taken_over_after_a_while():
    vers = _email(status=UitgaandeEmail.Status.VERZENDEN, geclaimd_op=timezone.now())
    assert email_verstuur.apply(args=[vers.pk]).get() == "verzenden"
    assert len(mail.outbox) == 0
    UitgaandeEmail.objects.filter(pk=vers.pk).update(geclaimd_op=timezone.now() - timedelta(hours=1))
    assert email_verstuur.apply(args=[vers.pk]).get() == "verstuurd"
    assert len(mail.outbox) == 1


def test_a_failed_send_goes_back_in_the_queue_with_its_error():
    email = _email()
    with (
        mock.patch("incasso.outbox.EmailMessage.send", side_effect=OSError("451 try again later")),
        pytest.raises(Retry),
    ):
        email_verstuur.apply(args=[email.pk])
    email.refresh_from_db()
    assert (email.status, email.pogingen, email.laatste_fout) == ("wachtend", 1, "451 try again later")
    assert email_verstuur.apply(args=[email.pk]).get() == "verstuurd"
    assert len(mail.outbox) == 1
