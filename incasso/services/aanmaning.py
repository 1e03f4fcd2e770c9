"""Reminders: accepting an order queues the first reminder; after its deadline a second notice (sommatie),
and after that a proposal to escalate. A safety net sends a first reminder the on-commit task missed.

The letters are rendered outside any transaction (``letters.brief_maak``, ~100 ms a page); what follows the
sending (next action, status update to the client, escalation) is one transaction.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier
from dossiers.services import dossier_accepteer, taak_maak, volgende_actie_zet
from incasso.letters import brief_maak, brief_verstuur, datum_nl
from incasso.models import Brief, BriefSoort, Toestemmingsverzoek
from incasso.selectors import dossier_achterstand, garnering_blokkade
from incasso.tasks import eerste_aanmaning as eerste_aanmaning_task
from incasso.tasks import sommatie as sommatie_task
from tarieven.selectors import kalender

from .statusupdate import statusupdate_stuur
from .toestemming import toestemming_vraag

logger = logging.getLogger(__name__)

ACHTERVANG_DAGEN = 30  # accepted orders younger than this are watched by the safety net
ACHTERVANG_WACHT = timedelta(minutes=10)  # the on-commit task has its chance first
ACHTERVANG_PER_RUN = 100


@transaction.atomic(durable=True)
def opdracht_accepteer(*, dossier: Dossier, door: User, casemanager: User | None = None) -> Dossier:
    """Accept an order and send its first reminder: the state change in dossiers, the letter on commit."""
    geaccepteerd = dossier_accepteer(dossier=dossier, door=door, casemanager=casemanager)
    transaction.on_commit(lambda: eerste_aanmaning_task.delay(geaccepteerd.pk))
    return geaccepteerd


def aanmaning_stuur(*, dossier: Dossier) -> Brief | None:
    """The first reminder, at once after acceptance: the letter, then the next action and the client told.

    None for a dossier that is not (or no longer) being collected."""
    if dossier.status in (Dossier.Status.INTAKE, Dossier.Status.GESLOTEN, Dossier.Status.GEWEIGERD):
        logger.info("incasso: geen aanmaning voor dossier %s met status %s", dossier.nummer, dossier.status)
        return None
    brief = brief_maak(
        dossier=dossier, soort=BriefSoort.AANMANING, sleutel=f"aanmaning:{dossier.pk}", context={}
    )
    with transaction.atomic(durable=True):
        via = brief_verstuur(brief=brief)
        if via:
            brief.refresh_from_db()
            volgende_actie_zet(dossier=dossier, actie="Betaling controleren", datum=brief.termijn_einde)
            statusupdate_stuur(
                dossier=dossier,
                aanleiding=(
                    f"Wij hebben de debiteur op {datum_nl(brief.datum)} een aanmaning gestuurd "
                    f"({'per e-mail' if via == Brief.Via.EMAIL else 'per post'}). De debiteur moet uiterlijk "
                    f"{datum_nl(brief.termijn_einde)} betalen."
                ),
                sleutel=f"aanmaning:{dossier.pk}",
            )
    return brief


def aanmaning_achtervang() -> int:
    """Safety net for the 2-working-day promise: an accepted dossier without a sent first reminder gets one.
    Returns how many reminders were queued."""
    nu = timezone.now()
    verzonden = Brief.objects.filter(dossier=OuterRef("pk"), soort=BriefSoort.AANMANING).exclude(
        verzonden_via=""
    )
    ids = list(
        Dossier.objects.filter(
            status__in=[Dossier.Status.ACTIEF, Dossier.Status.REGELING],
            opdracht__beoordeeld_op__gte=nu - timedelta(days=ACHTERVANG_DAGEN),
            opdracht__beoordeeld_op__lte=nu - ACHTERVANG_WACHT,
        )
        .exclude(Exists(verzonden))
        .values_list("pk", flat=True)[:ACHTERVANG_PER_RUN]
    )
    for pk in ids:
        eerste_aanmaning_task.delay(pk)
    return len(ids)


def termijn_controle(*, vandaag: date | None = None) -> list[int]:
    """Dossiers whose reminder's deadline passed without a second notice yet: ids to send a sommatie to.

    Whether the arrears are paid in full is judged per dossier by ``sommatie_stuur`` (it needs the arrears)."""
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


def escalatie_stel_voor(*, dossier: Dossier) -> Toestemmingsverzoek | None:
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


def sommatie_plan() -> int:
    """Queue a sommatie for every dossier whose reminder's deadline passed (``termijn_controle``); the task
    judges per dossier whether the arrears were paid meanwhile. Returns how many were queued."""
    ids = termijn_controle()
    for pk in ids:
        sommatie_task.delay(pk)
    return len(ids)


def sommatie_stuur(*, dossier: Dossier) -> Brief | None:
    """After the reminder's deadline without full payment: the second notice, the client told, and a proposal
    to escalate. Arrears paid in full meanwhile: no letter, the next action is to watch the running alimony."""
    if dossier.status != Dossier.Status.ACTIEF:
        return None
    if dossier_achterstand(dossier=dossier).te_betalen <= 0:
        volgende_actie_zet(
            dossier=dossier,
            actie="Achterstand betaald: lopende alimentatie bewaken",
            datum=kalender().werkdagen_na(timezone.localdate(), 10),
        )
        return None
    brief = brief_maak(
        dossier=dossier, soort=BriefSoort.SOMMATIE, sleutel=f"sommatie:{dossier.pk}", context={}
    )
    with transaction.atomic(durable=True):
        if brief_verstuur(brief=brief):
            brief.refresh_from_db()
            volgende_actie_zet(
                dossier=dossier, actie="Betaling na sommatie controleren", datum=brief.termijn_einde
            )
            statusupdate_stuur(
                dossier=dossier,
                aanleiding=(
                    f"De debiteur heeft niet volledig betaald. Wij hebben op {datum_nl(brief.datum)} een laatste "
                    f"aanmaning gestuurd; betalen uiterlijk {datum_nl(brief.termijn_einde)}."
                ),
                sleutel=f"sommatie:{dossier.pk}",
            )
            escalatie_stel_voor(dossier=dossier)
    return brief
