"""The instruction to a bailiff: giving it (with its letter by e-mail), the bailiff's confirmation, the reminder
when it does not come, and the registers of offices and third parties."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dossiers.models import Document, Dossier, TijdlijnGebeurtenis
from dossiers.services import dossier_status_wijzig, tijdlijn_voeg_toe
from incasso.outbox import email_plaats
from nlai.pdf import pdf_render
from tarieven.selectors import kalender

from .. import selectors
from ..models import Derde, DeurwaarderOpdracht, Deurwaarderskantoor
from ..tasks import deurwaarder_brief_verstuur as deurwaarder_brief_verstuur_task
from .gemeen import fout, tenuitvoerlegging_controleer, vergrendel, volgende_actie_bijwerken

# The bailiff confirms the instruction within 5 working days; without an answer a reminder (rappel) goes out
# and the answer is due 5 working days later. A service standard of the agency, not a statutory term.
ANTWOORD_WERKDAGEN = 5


@transaction.atomic(durable=True)
def deurwaarder_instrueer(
    *, dossier: Dossier, kantoor: Deurwaarderskantoor, door, datum: date | None = None
) -> DeurwaarderOpdracht:
    """Instruct a bailiff (after the client's consent to a formal order); the letter goes out by e-mail."""
    dossier = vergrendel(dossier)
    tenuitvoerlegging_controleer(dossier, toestemming="formeel_bevel")
    if DeurwaarderOpdracht.objects.filter(dossier=dossier, status__in=DeurwaarderOpdracht.OPEN).exists():
        raise fout("kantoor", "Dit dossier heeft al een lopende deurwaarderopdracht.")
    if not kantoor.actief:
        raise fout("kantoor", "Dit deurwaarderskantoor is niet actief.")
    datum = datum or timezone.localdate()
    uiterlijk = kalender().werkdagen_na(datum, ANTWOORD_WERKDAGEN)
    opdracht = DeurwaarderOpdracht.objects.create(
        dossier=dossier,
        kantoor=kantoor,
        geinstrueerd_op=datum,
        geinstrueerd_door=door,
        antwoord_uiterlijk=uiterlijk,
        rappel_op=uiterlijk,
    )
    if dossier.status != Dossier.Status.DEURWAARDER:
        dossier_status_wijzig(
            dossier=dossier,
            naar=Dossier.Status.DEURWAARDER,
            door=door,
            reden=f"Deurwaarder {kantoor.naam} ingeschakeld",
        )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        door=door,
        tekst=f"Deurwaarder {kantoor.naam} opdracht gegeven; antwoord uiterlijk {uiterlijk:%d-%m-%Y}.",
        sleutel=f"beslag:opdracht:{opdracht.pk}",
    )
    volgende_actie_bijwerken(dossier, door)
    transaction.on_commit(lambda: deurwaarder_brief_verstuur_task.delay(opdracht.pk))
    return opdracht


@transaction.atomic(durable=True)
def opdracht_beantwoord(*, opdracht: DeurwaarderOpdracht, datum: date, door) -> DeurwaarderOpdracht:
    """The bailiff confirmed the instruction: no reminder is needed any more."""
    if datum > timezone.localdate() or datum < opdracht.geinstrueerd_op:
        raise fout("datum", "De bevestiging ligt tussen de opdrachtdatum en vandaag.")
    if DeurwaarderOpdracht.objects.filter(pk=opdracht.pk, status=DeurwaarderOpdracht.Status.VERZONDEN).update(
        status=DeurwaarderOpdracht.Status.BEANTWOORD, beantwoord_op=datum
    ):
        tijdlijn_voeg_toe(
            dossier=opdracht.dossier,
            soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
            door=door,
            tekst=f"Deurwaarder {opdracht.kantoor.naam} bevestigde de opdracht op {datum:%d-%m-%Y}.",
            sleutel=f"beslag:bevestigd:{opdracht.pk}",
        )
    opdracht.refresh_from_db()
    volgende_actie_bijwerken(opdracht.dossier, door)
    return opdracht


def opdrachtbrief_context(opdracht: DeurwaarderOpdracht) -> dict:
    """What the instruction letter (letters/beslag_opdracht.html) shows."""
    dossier = opdracht.dossier
    return {
        "opdracht": opdracht,
        "dossier": dossier,
        "debiteur": dossier.debiteur,
        "client": dossier.client,
        "titels": [t for t in dossier.titels.all() if t.is_executoriaal],
        "verplichtingen": list(dossier.verplichtingen.all()),
        "achterstand": selectors.achterstand_overzicht(dossier=dossier),
        "achterstand_totaal": selectors.achterstand_open(dossier=dossier),
        "datum": opdracht.geinstrueerd_op,
        # the debtor's questionnaire while it holds: the bailiff need not ask again; without it he must
        "bvv_opgave": selectors.bvv_opgave_geldig(dossier=dossier, op=opdracht.geinstrueerd_op),
    }


def opdrachtbrief_verstuur(*, opdracht: DeurwaarderOpdracht) -> None:
    """Render the instruction letter (PDF, outside any transaction), store it once, e-mail it to the bailiff.

    Not atomic as a whole: the PDF is rendered before any transaction opens, and storing and sending are each
    a compare-and-set of their own, so a second run (a retry, a duplicate delivery) does nothing twice."""
    if opdracht.brief_id is None:
        pdf = pdf_render(
            template_name="letters/beslag_opdracht.html", context=opdrachtbrief_context(opdracht)
        )
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
        email_plaats(
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


def rappels_verstuur(*, vandaag: date) -> int:
    """Remind the bailiffs who did not answer an instruction in time (once), and set a new answer date."""
    verstuurd = 0
    kal = kalender()
    for opdracht in DeurwaarderOpdracht.objects.filter(
        status=DeurwaarderOpdracht.Status.VERZONDEN, rappel_verstuurd_op__isnull=True, rappel_op__lt=vandaag
    ).select_related("kantoor", "dossier"):
        nieuw = kal.werkdagen_na(vandaag, ANTWOORD_WERKDAGEN)
        with transaction.atomic():
            if not DeurwaarderOpdracht.objects.filter(
                pk=opdracht.pk, rappel_verstuurd_op__isnull=True
            ).update(rappel_verstuurd_op=timezone.now(), antwoord_uiterlijk=nieuw):
                continue
            email_plaats(
                aan=opdracht.kantoor.email,
                onderwerp=f"Rappel: opdracht dossier {opdracht.dossier.nummer}",
                tekst=(
                    f"Geachte {opdracht.kantoor.naam},\n\nOp {opdracht.geinstrueerd_op:%d-%m-%Y} gaven wij u opdracht "
                    f"in dossier {opdracht.dossier.nummer}. Wij ontvingen nog geen bevestiging. Wilt u uiterlijk "
                    f"{nieuw:%d-%m-%Y} reageren?\n"
                ),
                dossier=opdracht.dossier,
                sleutel=f"beslag:rappel:{opdracht.pk}",
            )
            tijdlijn_voeg_toe(
                dossier=opdracht.dossier,
                soort=TijdlijnGebeurtenis.Soort.EMAIL,
                tekst=f"Rappel aan deurwaarder {opdracht.kantoor.naam}; antwoord uiterlijk {nieuw:%d-%m-%Y}.",
                sleutel=f"beslag:rappel:{opdracht.pk}",
            )
            volgende_actie_bijwerken(opdracht.dossier, None)
            verstuurd += 1
    return verstuurd


@transaction.atomic(durable=True)
def kantoor_maak(**velden) -> Deurwaarderskantoor:
    kantoor = Deurwaarderskantoor(**velden)
    kantoor.full_clean()
    kantoor.save()
    return kantoor


@transaction.atomic(durable=True)
def derde_maak(**velden) -> Derde:
    derde = Derde(**velden)
    derde.full_clean()
    derde.save()
    return derde
