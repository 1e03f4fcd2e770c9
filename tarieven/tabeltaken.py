"""Tasks for the beheerder when a versioned table lacks a row that is due.

- The BVV maxima (Rv art. 475da lid 8) and the Participatiewet norms change on 1 January and 1 July. From the
  first day of a half-year without its row, the beheerder has a task (one per table and half-year).
- The indexation percentage of alimony (art. 1:402a BW) is published for 1 January: from 1 December the next
  year's percentage is due, and in any month the current year's while it is missing. Until it is entered,
  indexed dossiers compute that year provisionally at the last known amount (``recht.indexering``).

One model (``Tabeltaak``), one idempotent check (``tabeltaken_controleer``, hourly): a task is made once per
``sleutel`` and closed by the same check as soon as the row is there.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from tarieven.models import Bijstandsnorm, BvvMaximum, Tabeltaak
from tarieven.selectors import halfjaar_begin, indexatie_tabel

__all__ = ["HALFJAARTABELLEN", "indexatie_taak_controleer", "tabeltaken_controleer"]

# (table name shown to the beheerder, model, the kinds that must each have a row)
HALFJAARTABELLEN = (
    ("maximale beslagvrije voet", BvvMaximum, "huishouden", [c for c, _ in BvvMaximum.Huishouden.choices]),
    ("bijstandsnormen", Bijstandsnorm, "leefsituatie", [c for c, _ in Bijstandsnorm.Leefsituatie.choices]),
)


def _ontbrekend(model, veld: str, soorten: list[str], begin: date) -> list[str]:
    aanwezig = set(model.objects.filter(vanaf=begin).values_list(veld, flat=True))
    return [s for s in soorten if s not in aanwezig]


@transaction.atomic
def tabeltaken_controleer(*, vandaag: date) -> dict[str, int]:
    """Open a task for every half-year table without rows for the current half-year; close those now filled.

    Idempotent: the task's ``sleutel`` is unique, so running it every hour or day makes each task once."""
    begin = halfjaar_begin(vandaag)
    gemaakt = gesloten = 0
    for naam, model, veld, soorten in HALFJAARTABELLEN:
        sleutel = f"halfjaar:{model._meta.model_name}:{begin.isoformat()}"
        ontbreekt = _ontbrekend(model, veld, soorten, begin)
        if ontbreekt:
            _, nieuw = Tabeltaak.objects.get_or_create(
                sleutel=sleutel,
                defaults={
                    "tabel": naam,
                    "periode_vanaf": begin,
                    "omschrijving": (
                        f"Voer de {naam} in die gelden vanaf {begin:%d-%m-%Y} (ontbreekt: {', '.join(ontbreekt)})."
                    )[:300],
                },
            )
            gemaakt += nieuw
        else:
            gesloten += Tabeltaak.objects.filter(sleutel=sleutel, afgerond_op__isnull=True).update(
                afgerond_op=timezone.now()
            )
    gesloten += _indexatie_taken_sluit()
    gemaakt += _indexatie_taak(vandaag)[1]
    return {"gemaakt": gemaakt, "gesloten": gesloten}


def _ontbrekend_jaar(vandaag: date, tabel: dict) -> int | None:
    """The year whose indexation percentage the beheerder must enter now, or None.

    From 1 December the next year's percentage is due (the Minister publishes it for 1 January, art. 1:402a
    lid 1 BW); in any month the current year's, while it is missing. Only years after the table's last year:
    a gap in the middle is refused where it is used (``TariefOntbreekt``), not guessed at here.
    """
    laatste = max(tabel, default=None)  # as recht.indexering.laatst_bekend_jaar
    kandidaten = [vandaag.year + 1] if vandaag.month == 12 else []
    kandidaten.append(vandaag.year)
    for jaar in sorted(kandidaten):
        if laatste is None or jaar > laatste:
            return jaar
    return None


def _indexatie_taken_sluit() -> int:
    tabel = indexatie_tabel()
    open_ = Tabeltaak.objects.filter(sleutel__startswith="indexatie:", afgerond_op__isnull=True)
    klaar = [t.pk for t in open_ if int(t.sleutel.split(":")[1]) in tabel]
    return Tabeltaak.objects.filter(pk__in=klaar).update(afgerond_op=timezone.now())


def _indexatie_taak(vandaag: date) -> tuple[Tabeltaak | None, bool]:
    jaar = _ontbrekend_jaar(vandaag, indexatie_tabel())
    if jaar is None:
        return None, False
    taak, nieuw = Tabeltaak.objects.get_or_create(
        sleutel=f"indexatie:{jaar}",
        defaults={
            "tabel": "indexering alimentatie",
            "periode_vanaf": date(jaar, 1, 1),
            "omschrijving": f"Voer het indexeringspercentage alimentatie van {jaar} in (art. 1:402a BW). Tot dan "
            f"rekenen alle geïndexeerde dossiers voor {jaar} voorlopig met het laatst bekende bedrag.",
        },
    )
    if taak.afgerond_op is not None:  # closed before, the percentage removed again: open it again
        taak.afgerond_op = None
        taak.save(update_fields=["afgerond_op"])
    return taak, nieuw


@transaction.atomic
def indexatie_taak_controleer(*, vandaag: date | None = None) -> Tabeltaak | None:
    """The indexation part of ``tabeltaken_controleer`` alone: close the tasks whose year is now in the table,
    make the task for the year that is due (once). Returns the open task, or None."""
    _indexatie_taken_sluit()
    return _indexatie_taak(vandaag or timezone.localdate())[0]
