"""Letters by key, and the day's print batch: the letters for the post merged into one PDF to print."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from dossiers.models import Document, Dossier
from incasso.letters import brief_maak, brief_verstuur
from incasso.models import Brief, Printbatch
from incasso.selectors import post_wachtend
from incasso.tasks import printbatch_maak as printbatch_maak_task

PRINTBATCH_UUR = 15  # from 15:00 the day's post is merged; letters made later go into the next day's batch


def brief_stuur(*, dossier: Dossier, soort: str, sleutel: str, context: dict | None = None) -> Brief:
    """Make and send any letter once per key (sommatie, arrangement letters)."""
    brief = brief_maak(dossier=dossier, soort=soort, sleutel=sleutel, context=context or {})
    brief_verstuur(brief=brief)
    return brief


def printbatch_plan() -> None:
    """Have today's print batch made by a worker (merging PDFs never holds a request)."""
    printbatch_maak_task.delay(None)


def printbatch_maak(*, datum: date | None = None) -> Printbatch:
    """Merge the day's letters for the post into one PDF, once: each letter is claimed for the batch, so none
    is printed twice, and the PDF is attached with a compare-and-set. The PDF is built outside a transaction."""
    datum = datum or timezone.localdate()
    with transaction.atomic(durable=True):
        batch, _ = Printbatch.objects.get_or_create(datum=datum)
        if batch.document_id is None:
            ids = list(post_wachtend().values_list("pk", flat=True))
            Brief.objects.filter(pk__in=ids, printbatch__isnull=True).update(printbatch=batch)
    if batch.document_id is not None:
        return batch
    brieven = list(batch.brieven.select_related("document", "dossier").order_by("dossier__nummer", "pk"))
    if not brieven:
        return batch
    writer = PdfWriter()
    for brief in brieven:
        with brief.document.bestand.open("rb") as f:
            writer.append(io.BytesIO(f.read()))
    uit = io.BytesIO()
    writer.write(uit)
    pdf = uit.getvalue()
    with transaction.atomic(durable=True):
        batch = Printbatch.objects.select_for_update().get(pk=batch.pk)
        if batch.document_id is not None:
            return batch
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
    return batch


def printbatch_dag_maak() -> Printbatch | None:
    """The day's batch, from ``PRINTBATCH_UUR`` on (the beat runs hourly; earlier runs do nothing)."""
    if timezone.localtime().hour < PRINTBATCH_UUR:
        return None
    return printbatch_maak()
