"""Celery tasks of the bailiff track. Each takes ids and is idempotent."""

from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dossiers.models import Document, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from nlai.pdf import pdf_render

from . import koppelingen, services
from .models import DeurwaarderOpdracht
from .termijnen_afhandeling import beslag_termijnen_opruimen

TAAK = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "max_retries": 3,
    "retry_backoff": True,
    "time_limit": 120,
}


def _briefcontext(opdracht: DeurwaarderOpdracht) -> dict:
    dossier = opdracht.dossier
    return {
        "opdracht": opdracht,
        "dossier": dossier,
        "debiteur": dossier.debiteur,
        "client": dossier.client,
        "titels": [t for t in dossier.titels.all() if t.is_executoriaal],
        "verplichtingen": list(dossier.verplichtingen.all()),
        "achterstand": koppelingen.achterstand_overzicht(dossier=dossier),
        "achterstand_totaal": koppelingen.achterstand(dossier=dossier),
        "datum": opdracht.geinstrueerd_op,
    }


@shared_task(name="beslag.tasks.deurwaarder_brief_verstuur", **TAAK)
def deurwaarder_brief_verstuur(opdracht_id: int) -> None:
    """Render the instruction letter (PDF, outside any transaction), store it once, e-mail it to the bailiff."""
    opdracht = DeurwaarderOpdracht.objects.select_related(
        "dossier__debiteur", "dossier__client", "kantoor"
    ).get(pk=opdracht_id)
    if opdracht.brief_id is None:
        pdf = pdf_render(template_name="letters/beslag_opdracht.html", context=_briefcontext(opdracht))
        with transaction.atomic():
            document = Document(
                dossier=opdracht.dossier,
                soort=Document.Soort.BRIEF,
                naam=f"Opdracht deurwaarder {opdracht.pk}.pdf",
                content_type="application/pdf",
                grootte=len(pdf),
                zichtbaar_voor_client=False,
            )
            document.bestand.save(f"opdracht-deurwaarder-{opdracht.pk}.pdf", ContentFile(pdf), save=False)
            document.save()
            # compare-and-set: a second run that rendered concurrently keeps the first letter
            if not DeurwaarderOpdracht.objects.filter(pk=opdracht.pk, brief__isnull=True).update(
                brief=document
            ):
                document.delete()
        opdracht.refresh_from_db()
    if opdracht.brief_verstuurd_op is not None:
        return
    with transaction.atomic():
        if not DeurwaarderOpdracht.objects.filter(pk=opdracht.pk, brief_verstuurd_op__isnull=True).update(
            brief_verstuurd_op=timezone.now()
        ):
            return
        koppelingen.email_plaats(
            aan=opdracht.kantoor.email,
            onderwerp=f"Opdracht tot tenuitvoerlegging, dossier {opdracht.dossier.nummer}",
            tekst=(
                f"Geachte {opdracht.kantoor.naam},\n\nBijgaand onze opdracht in dossier {opdracht.dossier.nummer} "
                f"(debiteur {opdracht.dossier.debiteur.naam}). Wij verzoeken u de opdracht uiterlijk "
                f"{opdracht.antwoord_uiterlijk:%d-%m-%Y} te bevestigen.\n"
            ),
            documenten=(opdracht.brief,),
            dossier=opdracht.dossier,
            sleutel=f"beslag:opdracht:{opdracht.pk}",
        )
        tijdlijn_voeg_toe(
            dossier=opdracht.dossier,
            soort=TijdlijnGebeurtenis.Soort.BRIEF,
            document=opdracht.brief,
            tekst=f"Opdrachtbrief per e-mail aan deurwaarder {opdracht.kantoor.naam} ({opdracht.kantoor.email}).",
            intern=True,
            sleutel=f"beslag:opdrachtbrief:{opdracht.pk}",
        )


@shared_task(name="beslag.tasks.beslag_controle", acks_late=True, time_limit=600)
def beslag_controle() -> dict:
    """Hourly (idempotent, so the day's flags appear once): flag garnishment months without a receipt and remind bailiffs who did not answer."""
    vandaag = timezone.localdate()
    return {
        "ontbrekend": services.ontvangsten_controleer(vandaag=vandaag),
        "rappels": services.rappels_verstuur(vandaag=vandaag),
        "opgeruimd": beslag_termijnen_opruimen(vandaag=vandaag),
    }
