"""Tasks for the beheerder when a versioned table lacks the row for a period that has begun.

The BVV maxima (Rv art. 475da lid 8) and the Participatiewet norms change on 1 January and 1 July. From the
first day of a half-year without its row, the beheerder has a task (one per table and half-year, by ``sleutel``);
the same daily check closes it once the row is there.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from tarieven.models import Bijstandsnorm, BvvMaximum, Tabeltaak
from tarieven.selectors import halfjaar_begin

__all__ = ["HALFJAARTABELLEN", "tabeltaken_controleer"]

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
    return {"gemaakt": gemaakt, "gesloten": gesloten}
