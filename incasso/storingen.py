"""A letter or e-mail that finally failed (after its last retry) becomes a task for the case manager, so a
failure never goes unseen. Kept apart from ``incasso.services`` because the outbox, which those services use,
needs it too."""

from __future__ import annotations

import logging

from django.utils import timezone

from dossiers.models import Dossier
from dossiers.services import taak_maak
from tarieven.selectors import kalender

logger = logging.getLogger(__name__)


def storing_meld(*, dossier_id: int | None, omschrijving: str, sleutel: str) -> None:
    """A task for the case manager, due the next working day, once per ``sleutel``; logged when there is no
    dossier to put it on."""
    if dossier_id is None:
        logger.error("incasso: %s (geen dossier)", omschrijving)
        return
    taak_maak(
        dossier=Dossier.objects.get(pk=dossier_id),
        omschrijving=omschrijving[:300],
        deadline=kalender().werkdagen_na(timezone.localdate(), 1),
        sleutel=sleutel[:100],
    )
