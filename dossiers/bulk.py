"""Bulk actions of the staff dossier list: one case manager or one next action for many dossiers at once.

Each dossier goes through the same service as on its own page (timeline, checks), in one transaction: a
dossier that refuses (closed, a date in the past) stops the whole action with its message, so nothing is
half done."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User

from .models import Dossier, TijdlijnGebeurtenis
from .services import tijdlijn_voeg_toe, volgende_actie_wijzig


@transaction.atomic(durable=True)
def dossiers_casemanager_wijs_toe(*, dossier_ids: Sequence[int], casemanager: User, door: User) -> int:
    """Make ``casemanager`` responsible for the dossiers; returns how many changed."""
    dossiers = list(Dossier.objects.select_for_update().filter(pk__in=dossier_ids).order_by("pk"))
    gewijzigd = 0
    for d in dossiers:
        if d.casemanager_id == casemanager.pk:
            continue
        Dossier.objects.filter(pk=d.pk).update(casemanager=casemanager)
        tijdlijn_voeg_toe(
            dossier=d,
            soort=TijdlijnGebeurtenis.Soort.NOTITIE,
            tekst=f"Casemanager: {casemanager.get_full_name() or casemanager.email}",
            door=door,
            intern=True,
        )
        gewijzigd += 1
    return gewijzigd


@transaction.atomic(durable=True)
def dossiers_volgende_actie_zet(*, dossier_ids: Sequence[int], actie: str, datum: date, door: User) -> int:
    """The same next action for every dossier; a closed dossier refuses it and nothing is changed."""
    dossiers = list(Dossier.objects.select_for_update().filter(pk__in=dossier_ids).order_by("pk"))
    for d in dossiers:
        try:
            volgende_actie_wijzig(dossier=d, actie=actie, datum=datum, door=door)
        except ValidationError as fout:
            meldingen = [m for lijst in fout.message_dict.values() for m in lijst]
            raise ValidationError(f"{d.nummer}: {' '.join(meldingen)}") from fout
    return len(dossiers)
