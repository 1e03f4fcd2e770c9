"""The e-mail outbox: every e-mail is first a row (`UitgaandeEmail`), then sent by a Celery task.

`email_plaats` is idempotent by `sleutel` (unique): placing the same e-mail twice returns the first row and
queues nothing new. Anyone may use it: `email_plaats(aan=..., onderwerp=..., tekst=..., documenten=[doc],
dossier=d, sleutel=...)`.

`email_verstuur` sends one e-mail without holding a lock or a transaction while the mail server talks:

1. claim: `wachtend -> verzenden` with a compare-and-set UPDATE in one short transaction. Only one run wins;
   a second run of the same e-mail (a duplicate task, a second worker) finds it claimed or sent and stops.
2. send, outside any transaction.
3. mark, in a second short transaction: `verstuurd` (with the ESP's message id, and the stuiting of a letter
   it carried), or back to `wachtend` with the error for the retry, or `mislukt` after the last try (the case
   manager gets a task).

With an ESP (django-anymail, see the e-mail settings) its delivery, bounce and complaint events come in
later through anymail's tracking webhook and are matched on that message id (`incasso.aflevering`).

A claim older than `CLAIM_VERLOOPT` is taken to be from a worker that died while sending (its task is
delivered again, acks_late), and may be claimed again: at least once, never silently lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from dossiers.models import Document, Dossier
from incasso.tasks import email_verstuur as email_verstuur_task

from .models import UitgaandeEmail
from .storingen import storing_meld
from .stuiting import brief_email_verzending_registreer

CLAIM_VERLOOPT = timedelta(minutes=15)


def email_plaats(
    *,
    aan: str,
    onderwerp: str,
    tekst: str,
    documenten: Iterable[Document] = (),
    dossier: Dossier | None = None,
    sleutel: str,
) -> UitgaandeEmail:
    """Queue an e-mail (sent after commit). The same `sleutel` never yields a second e-mail."""
    if not sleutel:
        raise ValueError("email_plaats: een sleutel is verplicht (idempotentie)")
    bestaand = UitgaandeEmail.objects.filter(sleutel=sleutel).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            email = UitgaandeEmail.objects.create(
                aan=aan, onderwerp=onderwerp[:200], tekst=tekst, dossier=dossier, sleutel=sleutel
            )
            docs = list(documenten)
            if docs:
                email.documenten.set(docs)
    except IntegrityError:  # placed concurrently by another run
        return UitgaandeEmail.objects.get(sleutel=sleutel)

    transaction.on_commit(lambda: email_verstuur_task.delay(email.pk))
    return email


def email_verstuur(*, email_id: int, laatste_poging: bool) -> str:
    """Send one outbox e-mail at most once; returns its status afterwards.

    A failed send is recorded and raised again for the task to retry, except on the last try: then the
    e-mail is `mislukt` and the case manager gets a task. Raises UitgaandeEmail.DoesNotExist for an
    unknown id."""
    email = _email_claim(email_id=email_id)
    if email is None:  # sent already, or being sent by another run
        return UitgaandeEmail.objects.values_list("status", flat=True).get(pk=email_id)
    bericht = _email_bericht(email)
    try:
        bericht.send(fail_silently=False)
    except Exception as exc:
        if laatste_poging:
            _email_mislukt(email=email, fout=exc)
            return UitgaandeEmail.Status.MISLUKT
        _email_terug(email=email, fout=exc)
        raise
    _email_verzonden(email=email, esp_message_id=_esp_message_id(bericht))
    return UitgaandeEmail.Status.VERSTUURD


def _email_claim(*, email_id: int) -> UitgaandeEmail | None:
    """`wachtend` (or a stale `verzenden`) -> `verzenden`, compare-and-set: the e-mail when this run won it."""
    with transaction.atomic(durable=True):
        nu = timezone.now()
        geclaimd = (
            UitgaandeEmail.objects.filter(pk=email_id)
            .filter(
                Q(status=UitgaandeEmail.Status.WACHTEND)
                | Q(status=UitgaandeEmail.Status.VERZENDEN, geclaimd_op__lt=nu - CLAIM_VERLOOPT)
            )
            .update(status=UitgaandeEmail.Status.VERZENDEN, geclaimd_op=nu)
        )
        if geclaimd != 1:
            return None
        return UitgaandeEmail.objects.get(pk=email_id)


def _email_bericht(email: UitgaandeEmail) -> EmailMessage:
    bericht = EmailMessage(
        subject=email.onderwerp, body=email.tekst, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.aan]
    )
    for doc in email.documenten.all():
        with doc.bestand.open("rb") as f:
            bericht.attach(doc.naam, f.read(), doc.content_type)
    # Read by an anymail backend (an ESP), ignored by SMTP and the console: no open or click tracking of
    # the debtor; delivery, bounce and complaint events still come in (incasso.aflevering).
    bericht.track_opens = False
    bericht.track_clicks = False
    return bericht


def _esp_message_id(bericht: EmailMessage) -> str:
    """The ESP's id of the sent message; an anymail backend sets ``anymail_status``, SMTP does not."""
    status = getattr(bericht, "anymail_status", None)
    if status is None or status.message_id is None:
        return ""
    return str(status.message_id)[:100]


def _email_verzonden(*, email: UitgaandeEmail, esp_message_id: str = "") -> None:
    with transaction.atomic(durable=True):
        verstuurd_op = timezone.now()
        UitgaandeEmail.objects.filter(pk=email.pk, status=UitgaandeEmail.Status.VERZENDEN).update(
            status=UitgaandeEmail.Status.VERSTUURD,
            verstuurd_op=verstuurd_op,
            pogingen=F("pogingen") + 1,
            esp_message_id=esp_message_id,
        )
        # accepted by the mail server: a demand letter it carried went out today (stuiting)
        brief_email_verzending_registreer(sleutel=email.sleutel, verstuurd_op=verstuurd_op)


def _email_terug(*, email: UitgaandeEmail, fout: Exception) -> None:
    """Back in the queue with the error, for the task's retry to claim again."""
    with transaction.atomic(durable=True):
        UitgaandeEmail.objects.filter(pk=email.pk, status=UitgaandeEmail.Status.VERZENDEN).update(
            status=UitgaandeEmail.Status.WACHTEND, pogingen=F("pogingen") + 1, laatste_fout=str(fout)[:2000]
        )


def _email_mislukt(*, email: UitgaandeEmail, fout: Exception) -> None:
    with transaction.atomic(durable=True):
        UitgaandeEmail.objects.filter(pk=email.pk, status=UitgaandeEmail.Status.VERZENDEN).update(
            status=UitgaandeEmail.Status.MISLUKT, pogingen=F("pogingen") + 1, laatste_fout=str(fout)[:2000]
        )
        storing_meld(
            dossier_id=email.dossier_id,
            omschrijving=f"E-mail aan {email.aan} kon niet worden verstuurd ({email.onderwerp}): {fout}",
            sleutel=f"email-mislukt:{email.pk}",
        )
