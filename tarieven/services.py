"""Writes of the table app: the beheerder's tasks for table values that are due and missing."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from inning.recht.indexering import laatst_bekend_jaar
from tarieven import selectors
from tarieven.models import Beheertaak

__all__ = ["indexatie_taak_controleer"]


def _ontbrekend_jaar(vandaag: date, tabel: dict) -> int | None:
    """The year whose indexation percentage the beheerder must enter now, or None.

    From 1 December the next year's percentage is due (the Minister publishes it for 1 January, art. 1:402a
    lid 1 BW); in any month the current year's, while it is missing. Only years after the table's last year:
    a gap in the middle is refused where it is used (``TariefOntbreekt``), not guessed at here.
    """
    laatste = laatst_bekend_jaar(tabel)
    kandidaten = [vandaag.year + 1] if vandaag.month == 12 else []
    kandidaten.append(vandaag.year)
    for jaar in sorted(kandidaten):
        if laatste is None or jaar > laatste:
            return jaar
    return None


@transaction.atomic
def indexatie_taak_controleer(*, vandaag: date | None = None) -> Beheertaak | None:
    """Make the task "enter the indexation percentage of <year>" while that year is missing, once (unique
    ``sleutel``), and close every open indexation task whose year is now in the table. Idempotent: run it as
    often as you like. Returns the open task, or None."""
    vandaag = vandaag or timezone.localdate()
    tabel = selectors.indexatie_tabel()
    for taak in Beheertaak.objects.filter(sleutel__startswith="indexatie:", afgerond_op__isnull=True):
        if int(taak.sleutel.split(":")[1]) in tabel:
            taak.afgerond_op = timezone.now()
            taak.save(update_fields=["afgerond_op"])
    jaar = _ontbrekend_jaar(vandaag, tabel)
    if jaar is None:
        return None
    taak, _ = Beheertaak.objects.get_or_create(
        sleutel=f"indexatie:{jaar}",
        defaults={
            "omschrijving": f"Voer het indexeringspercentage alimentatie van {jaar} in (art. 1:402a BW). Tot dan "
            f"rekenen alle geïndexeerde dossiers voor {jaar} voorlopig met het laatst bekende bedrag.",
            "deadline": date(jaar, 1, 1) if date(jaar, 1, 1) > vandaag else vandaag,
        },
    )
    if taak.afgerond_op is not None:  # closed before, the percentage removed again: open it again
        taak.afgerond_op = None
        taak.save(update_fields=["afgerond_op"])
    return taak
