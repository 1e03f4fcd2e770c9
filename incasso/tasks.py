"""Celery tasks of the collection workflow. Thin: they take ids, call services/letters, and are idempotent
(unique keys and compare-and-set claims live in the services). Letters are rendered here, never in a request.

Failures are retried with exponential backoff; after the last try the case manager gets a task, so a
failure never goes unseen.
"""

from __future__ import annotations

import io
import logging
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from dossiers.models import Document, Dossier
from dossiers.services import taak_maak, volgende_actie_zet
from tarieven.selectors import kalender

from .models import Brief, BriefSoort, Printbatch, UitgaandeEmail
from .stuiting import brief_email_verzonden

logger = logging.getLogger(__name__)

MAX_POGINGEN = 5


def _backoff(pogingen: int) -> int:
    """1, 2, 4, 8, 16 minutes (capped at an hour)."""
    return min(3600, 60 * 2**pogingen)


def _taak_na_mislukken(*, dossier_id: int | None, omschrijving: str, sleutel: str) -> None:
    if dossier_id is None:
        logger.error("incasso: %s (geen dossier)", omschrijving)
        return
    dossier = Dossier.objects.get(pk=dossier_id)
    taak_maak(
        dossier=dossier,
        omschrijving=omschrijving[:300],
        deadline=kalender().werkdagen_na(timezone.localdate(), 1),
        sleutel=sleutel[:100],
    )


class BriefTask(Task):
    """Letter tasks: bounded retries with backoff; the final failure becomes a task for the case manager."""

    acks_late = True
    autoretry_for = (Exception,)
    max_retries = MAX_POGINGEN
    retry_backoff = 60
    retry_backoff_max = 3600
    retry_jitter = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):  # noqa: ANN001 - Celery's signature
        dossier_id = args[0] if args else kwargs.get("dossier_id")
        try:
            _taak_na_mislukken(
                dossier_id=dossier_id,
                omschrijving=f"Brief kon niet worden gemaakt of verstuurd ({self.name}): {exc}",
                sleutel=f"mislukt:{self.name.rsplit('.', 1)[-1]}:{args[1:] if len(args) > 1 else ''}",
            )
        except Exception:  # the task for the case manager must not hide the original error
            logger.exception("incasso: taak na mislukken kon niet worden gemaakt")


@shared_task(base=BriefTask, name="incasso.tasks.eerste_aanmaning")
def eerste_aanmaning(dossier_id: int) -> int | None:
    """The first reminder, at once after acceptance (called on commit by `dossier_accepteer`)."""
    from .letters import brief_maak, brief_verstuur, datum_nl
    from .services import statusupdate_stuur

    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=dossier_id)
    if dossier.status in (Dossier.Status.INTAKE, Dossier.Status.GESLOTEN, Dossier.Status.GEWEIGERD):
        logger.info("incasso: geen aanmaning voor dossier %s met status %s", dossier.nummer, dossier.status)
        return None
    brief = brief_maak(
        dossier=dossier, soort=BriefSoort.AANMANING, sleutel=f"aanmaning:{dossier_id}", context={}
    )
    with transaction.atomic():
        via = brief_verstuur(brief=brief)
        if via:
            brief.refresh_from_db()
            volgende_actie_zet(dossier=dossier, actie="Betaling controleren", datum=brief.termijn_einde)
            statusupdate_stuur(
                dossier=dossier,
                aanleiding=(
                    f"Wij hebben de debiteur op {datum_nl(brief.datum)} een aanmaning gestuurd "
                    f"({'per e-mail' if via == Brief.Via.EMAIL else 'per post'}). De debiteur moet uiterlijk "
                    f"{datum_nl(brief.termijn_einde)} betalen."
                ),
                sleutel=f"aanmaning:{dossier_id}",
            )
    return brief.pk


@shared_task(base=BriefTask, name="incasso.tasks.brief_stuur")
def brief_stuur(dossier_id: int, soort: str, sleutel: str, context: dict | None = None) -> int:
    """Make and send any letter once per key (sommatie, arrangement letters)."""
    from .letters import brief_maak, brief_verstuur

    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=dossier_id)
    brief = brief_maak(dossier=dossier, soort=soort, sleutel=sleutel, context=context or {})
    brief_verstuur(brief=brief)
    return brief.pk


@shared_task(base=BriefTask, name="incasso.tasks.sommatie")
def sommatie(dossier_id: int) -> int | None:
    """After the reminder's deadline without full payment: second notice + proposal to escalate."""
    from .letters import brief_maak, brief_verstuur, datum_nl
    from .selectors import dossier_achterstand
    from .services import escalatie_voorstel, statusupdate_stuur

    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=dossier_id)
    if dossier.status != Dossier.Status.ACTIEF:
        return None
    if dossier_achterstand(dossier=dossier).te_betalen <= 0:
        volgende_actie_zet(
            dossier=dossier,
            actie="Achterstand betaald: lopende alimentatie bewaken",
            datum=kalender().werkdagen_na(timezone.localdate(), 10),
        )
        return None
    brief = brief_maak(
        dossier=dossier, soort=BriefSoort.SOMMATIE, sleutel=f"sommatie:{dossier_id}", context={}
    )
    with transaction.atomic():
        if brief_verstuur(brief=brief):
            brief.refresh_from_db()
            volgende_actie_zet(
                dossier=dossier, actie="Betaling na sommatie controleren", datum=brief.termijn_einde
            )
            statusupdate_stuur(
                dossier=dossier,
                aanleiding=(
                    f"De debiteur heeft niet volledig betaald. Wij hebben op {datum_nl(brief.datum)} een laatste "
                    f"aanmaning gestuurd; betalen uiterlijk {datum_nl(brief.termijn_einde)}."
                ),
                sleutel=f"sommatie:{dossier_id}",
            )
            escalatie_voorstel(dossier=dossier)
    return brief.pk


@shared_task(name="incasso.tasks.email_verstuur", bind=True, acks_late=True, max_retries=MAX_POGINGEN)
def email_verstuur(self, email_id: int) -> str:
    """Send one outbox e-mail. The row lock makes concurrent runs wait; a sent e-mail is never sent again."""
    try:
        with transaction.atomic():
            email = UitgaandeEmail.objects.select_for_update().get(pk=email_id)
            if email.status != UitgaandeEmail.Status.WACHTEND:
                return email.status
            bericht = EmailMessage(
                subject=email.onderwerp,
                body=email.tekst,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.aan],
            )
            for doc in email.documenten.all():
                with doc.bestand.open("rb") as f:
                    bericht.attach(doc.naam, f.read(), doc.content_type)
            bericht.send(fail_silently=False)
            verstuurd_op = timezone.now()
            UitgaandeEmail.objects.filter(pk=email.pk).update(
                status=UitgaandeEmail.Status.VERSTUURD,
                verstuurd_op=verstuurd_op,
                pogingen=F("pogingen") + 1,
            )
            # accepted by the mail server: a demand letter it carried went out today (stuiting)
            brief_email_verzonden(sleutel=email.sleutel, verstuurd_op=verstuurd_op)
            return UitgaandeEmail.Status.VERSTUURD
    except UitgaandeEmail.DoesNotExist:
        raise
    except Exception as exc:
        UitgaandeEmail.objects.filter(pk=email_id).update(
            pogingen=F("pogingen") + 1, laatste_fout=str(exc)[:2000]
        )
        if self.request.retries >= self.max_retries:
            UitgaandeEmail.objects.filter(pk=email_id, status=UitgaandeEmail.Status.WACHTEND).update(
                status=UitgaandeEmail.Status.MISLUKT
            )
            email = UitgaandeEmail.objects.get(pk=email_id)
            _taak_na_mislukken(
                dossier_id=email.dossier_id,
                omschrijving=f"E-mail aan {email.aan} kon niet worden verstuurd ({email.onderwerp}): {exc}",
                sleutel=f"email-mislukt:{email_id}",
            )
            return UitgaandeEmail.Status.MISLUKT
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(name="incasso.tasks.printbatch_maak", acks_late=True, max_retries=3)
def printbatch_maak(datum_iso: str | None = None) -> int | None:
    """Merge today's letters for the post into one PDF (claimed per letter, so none is printed twice)."""
    from pypdf import PdfWriter

    from .selectors import post_wachtend

    datum = timezone.localdate() if datum_iso is None else timezone.datetime.fromisoformat(datum_iso).date()
    with transaction.atomic():
        batch, _ = Printbatch.objects.get_or_create(datum=datum)
        if batch.document_id is None:
            ids = list(post_wachtend().values_list("pk", flat=True))
            Brief.objects.filter(pk__in=ids, printbatch__isnull=True).update(printbatch=batch)
    if batch.document_id is not None:
        return batch.pk
    brieven = list(batch.brieven.select_related("document", "dossier").order_by("dossier__nummer", "pk"))
    if not brieven:
        return batch.pk
    writer = PdfWriter()
    for brief in brieven:
        with brief.document.bestand.open("rb") as f:
            writer.append(io.BytesIO(f.read()))
    uit = io.BytesIO()
    writer.write(uit)
    pdf = uit.getvalue()
    with transaction.atomic():
        batch = Printbatch.objects.select_for_update().get(pk=batch.pk)
        if batch.document_id is not None:
            return batch.pk
        document = Document(
            dossier=None,
            soort=Document.Soort.OVERIG,
            naam=f"Printbatch {datum:%d-%m-%Y} ({len(brieven)} brieven).pdf",
            content_type="application/pdf",
            grootte=len(pdf),
            zichtbaar_voor_client=False,
        )
        document.bestand.save(f"printbatch-{datum:%Y%m%d}.pdf", ContentFile(pdf), save=False)
        document.save()
        Printbatch.objects.filter(pk=batch.pk, document__isnull=True).update(document=document)
    return batch.pk


# --- beat tasks (idempotent sweeps; safe to run more often than daily) --------------------------------


@shared_task(name="incasso.tasks.aanmaning_achtervang", acks_late=True)
def aanmaning_achtervang() -> int:
    """Safety net for the 2-working-day promise: an accepted dossier without a sent first reminder gets one."""
    verzonden = Brief.objects.filter(dossier=OuterRef("pk"), soort=BriefSoort.AANMANING).exclude(
        verzonden_via=""
    )
    ids = list(
        Dossier.objects.filter(
            status__in=[Dossier.Status.ACTIEF, Dossier.Status.REGELING],
            opdracht__beoordeeld_op__gte=timezone.now() - timedelta(days=30),
            # the on-commit task had its chance first; the net only catches what it missed
            opdracht__beoordeeld_op__lte=timezone.now() - timedelta(minutes=10),
        )
        .exclude(Exists(verzonden))
        .values_list("pk", flat=True)[:100]
    )
    for pk in ids:
        eerste_aanmaning.delay(pk)
    return len(ids)


@shared_task(name="incasso.tasks.termijn_controle", acks_late=True)
def termijn_controle() -> int:
    from .services import termijn_controle as _controle

    ids = _controle()
    for pk in ids:
        sommatie.delay(pk)
    return len(ids)


@shared_task(name="incasso.tasks.regeling_controle", acks_late=True, max_retries=3)
def regeling_controle() -> dict:
    from .services import regeling_controle as _controle

    return _controle()


@shared_task(name="incasso.tasks.toestemming_controle", acks_late=True, max_retries=3)
def toestemming_controle() -> dict:
    from .services import toestemming_controle as _controle

    return _controle()


@shared_task(name="incasso.tasks.stagnatie_controle", acks_late=True, max_retries=3)
def stagnatie_controle() -> dict:
    from .services import stagnatie_controle as _controle

    return _controle()


@shared_task(name="incasso.tasks.statusupdate_periodiek", acks_late=True, max_retries=3)
def statusupdate_periodiek() -> int:
    from .services import statusupdate_periodiek as _periodiek

    return _periodiek()


@shared_task(name="incasso.tasks.printbatch_dagelijks", acks_late=True)
def printbatch_dagelijks() -> int | None:
    """From 15:00 the day's post is merged (letters made later go into the next day's batch)."""
    if timezone.localtime().hour < 15:
        return None
    return printbatch_maak(None)
