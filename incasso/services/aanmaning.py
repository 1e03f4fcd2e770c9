"""Reminders: accepting an order queues the first reminder; after its deadline a second notice, and after
that a proposal to escalate."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier
from dossiers.services import dossier_accepteer, taak_maak
from incasso.models import Brief, BriefSoort, Toestemmingsverzoek
from incasso.selectors import garnering_blokkade
from incasso.tasks import eerste_aanmaning as eerste_aanmaning_task
from tarieven.selectors import kalender

from .toestemming import toestemming_vraag


@transaction.atomic
def opdracht_accepteer(*, dossier: Dossier, door: User, casemanager: User | None = None) -> Dossier:
    """Accept an order and send its first reminder: the state change in dossiers, the letter on commit."""
    geaccepteerd = dossier_accepteer(dossier=dossier, door=door, casemanager=casemanager)
    transaction.on_commit(lambda: eerste_aanmaning_task.delay(geaccepteerd.pk))
    return geaccepteerd


def termijn_controle(*, vandaag: date | None = None) -> list[int]:
    """Dossiers whose reminder's deadline passed without a second notice yet: ids to send a sommatie to.

    Whether the arrears are paid in full is judged by the task per dossier (it needs the arrears)."""
    vandaag = vandaag or timezone.localdate()
    sommatie_er_al = Brief.objects.filter(dossier=OuterRef("dossier"), soort=BriefSoort.SOMMATIE)
    # A later letter with its own deadline (e.g. after a broken arrangement) is waited for first.
    lopende_termijn = Brief.objects.filter(dossier=OuterRef("dossier"), termijn_einde__gte=vandaag)
    return list(
        Brief.objects.filter(
            soort=BriefSoort.AANMANING,
            termijn_einde__lt=vandaag,
            dossier__status=Dossier.Status.ACTIEF,
        )
        .exclude(Exists(sommatie_er_al))
        .exclude(Exists(lopende_termijn))
        # order_by: the model's default ordering (datum, id) would be added to the DISTINCT and return a
        # dossier once per reminder, queueing its sommatie task twice
        .order_by("dossier_id")
        .values_list("dossier_id", flat=True)
        .distinct()
    )


def escalatie_voorstel(*, dossier: Dossier) -> Toestemmingsverzoek | None:
    """After the second notice: propose the bailiff's formeel bevel, or tell the case manager why not."""
    reden = garnering_blokkade(dossier=dossier)
    if reden:
        taak_maak(
            dossier=dossier,
            omschrijving=f"Sommatie onbetaald; geen gerechtelijke stap mogelijk: {reden}",
            deadline=kalender().werkdagen_na(timezone.localdate(), 2),
            sleutel=f"escalatie:{dossier.pk}:geblokkeerd",
        )
        return None
    return toestemming_vraag(dossier=dossier, soort=Toestemmingsverzoek.Soort.FORMEEL_BEVEL, door=None)
