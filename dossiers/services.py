"""Writes on dossiers. Keyword-only, typed, atomic; side effects via transaction.on_commit."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User

from .models import Document, Dossier, Taak, TijdlijnGebeurtenis


@transaction.atomic
def tijdlijn_voeg_toe(
    *,
    dossier: Dossier,
    soort: str,
    tekst: str,
    actor: User | None = None,
    intern: bool = False,
    document: Document | None = None,
    sleutel: str = "",
    op=None,
) -> TijdlijnGebeurtenis:
    """Record an event on the dossier's timeline. With a `sleutel` the same event is recorded only once."""
    if sleutel:
        bestaand = TijdlijnGebeurtenis.objects.filter(dossier=dossier, sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    op = op or timezone.now()
    try:
        with transaction.atomic():
            gebeurtenis = TijdlijnGebeurtenis.objects.create(
                dossier=dossier,
                soort=soort,
                tekst=tekst,
                actor=actor,
                intern=intern,
                document=document,
                sleutel=sleutel,
                op=op,
            )
    except IntegrityError:  # a concurrent run recorded the same key first
        return TijdlijnGebeurtenis.objects.get(dossier=dossier, sleutel=sleutel)
    Dossier.objects.filter(pk=dossier.pk).update(laatste_gebeurtenis_op=op)
    return gebeurtenis


@transaction.atomic
def taak_maak(
    *,
    dossier: Dossier,
    omschrijving: str,
    deadline: date,
    toegewezen_aan: User | None = None,
    sleutel: str = "",
) -> Taak:
    """Create a task for the case manager (idempotent by `sleutel`), and put it on the timeline."""
    if sleutel:
        bestaand = Taak.objects.filter(dossier=dossier, sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    taak = Taak.objects.create(
        dossier=dossier,
        omschrijving=omschrijving,
        deadline=deadline,
        toegewezen_aan=toegewezen_aan or dossier.casemanager,
        sleutel=sleutel,
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.TAAK,
        tekst=f"Taak: {omschrijving} (uiterlijk {deadline:%d-%m-%Y})",
        intern=True,
        sleutel=f"taak:{taak.pk}",
    )
    return taak


@transaction.atomic
def volgende_actie_zet(*, dossier: Dossier, actie: str, datum: date, actor: User | None = None) -> Dossier:
    """Every open dossier has a next action with a due date (also enforced by a database constraint)."""
    if not actie.strip():
        raise ValueError("Een volgende actie mag niet leeg zijn.")
    Dossier.objects.filter(pk=dossier.pk).update(volgende_actie=actie, volgende_actie_datum=datum)
    dossier.volgende_actie, dossier.volgende_actie_datum = actie, datum
    return dossier
