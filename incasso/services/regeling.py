"""Payment arrangements: the debtor's proposal, entered by the case manager, and the client's approval."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import dossier_status_wijzig, tijdlijn_voeg_toe, volgende_actie_zet
from incasso.models import (
    Betalingsregeling,
    BriefSoort,
    LopendeAlimentatie,
    Regeltermijn,
    Toestemmingsverzoek,
)
from incasso.regeling_ingang import regeling_ingang_vast
from incasso.tasks import brief_stuur as brief_stuur_task
from recht.geld import NUL, euro, rond_af
from tarieven.selectors import kalender

from .statusupdate import statusupdate_stuur
from .toestemming import HERINNERING_WERKDAGEN


def status_wijzig(*, dossier: Dossier, naar: str, door: User | None, reden: str) -> None:
    """Through the dossiers state machine, unless the dossier is there already (a rerun, or a bailiff step
    that moved it meanwhile)."""
    if dossier.status == naar:
        return
    dossier_status_wijzig(dossier=dossier, naar=naar, door=door, reden=reden)


@transaction.atomic(durable=True)
def betalingsregeling_maak(
    *,
    dossier: Dossier,
    termijnen: Sequence[tuple[date, Decimal]],
    door: User | None,
    toelichting: str = "",
    lopende_alimentatie: str = LopendeAlimentatie.NAAST,
) -> Betalingsregeling:
    """Record the debtor's proposal (entered by the case manager); the client must approve it in the portal."""
    if not termijnen:
        raise ValidationError("Een regeling heeft ten minste één termijn.")
    data = [d for d, _ in termijnen]
    if len(set(data)) != len(data) or data != sorted(data):
        raise ValidationError("De vervaldata moeten oplopen en mogen niet dubbel voorkomen.")
    if any(b <= 0 for _, b in termijnen):
        raise ValidationError("Elk termijnbedrag moet groter zijn dan nul.")
    if Betalingsregeling.objects.filter(
        dossier=dossier, status__in=[Betalingsregeling.Status.VOORGESTELD, Betalingsregeling.Status.LOOPT]
    ).exists():
        raise ValidationError("Er is al een voorgestelde of lopende regeling op dit dossier.")
    regeling = Betalingsregeling.objects.create(
        dossier=dossier,
        toelichting=toelichting,
        voorgesteld_op=timezone.now(),
        voorgesteld_door=door,
        lopende_alimentatie=LopendeAlimentatie(lopende_alimentatie),
    )
    Regeltermijn.objects.bulk_create(
        Regeltermijn(regeling=regeling, volgnummer=i, vervaldatum=d, bedrag=rond_af(b))
        for i, (d, b) in enumerate(termijnen, start=1)
    )
    totaal = sum((rond_af(b) for _, b in termijnen), NUL)
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=(
            f"Voorstel betalingsregeling: {len(termijnen)} termijn{'en' if len(termijnen) != 1 else ''}, "
            f"totaal {euro(totaal)}; wacht op de cliënt."
        ),
        door=door,
        sleutel=f"regeling:{regeling.pk}:voorgesteld",
    )
    volgende_actie_zet(
        dossier=dossier,
        actie="Wachten op akkoord cliënt over betalingsregeling",
        datum=kalender().werkdagen_na(timezone.localdate(), HERINNERING_WERKDAGEN),
        door=door,
    )
    statusupdate_stuur(
        dossier=dossier,
        aanleiding="De debiteur stelt een betalingsregeling voor. Wilt u deze in het portaal goedkeuren of afwijzen?",
        sleutel=f"regeling:{regeling.pk}:voorgesteld",
    )
    return regeling


@transaction.atomic(durable=True)
def betalingsregeling_beoordeel(
    *, regeling: Betalingsregeling, akkoord: bool, door: User | None
) -> Betalingsregeling:
    """The client approves (the arrangement runs, escalation pauses) or declines it."""
    nieuw = Betalingsregeling.Status.LOOPT if akkoord else Betalingsregeling.Status.AFGEWEZEN
    gezet = Betalingsregeling.objects.filter(
        pk=regeling.pk, status=Betalingsregeling.Status.VOORGESTELD
    ).update(status=nieuw, beoordeeld_op=timezone.now(), beoordeeld_door=door)
    if gezet != 1:
        raise ValidationError("Over deze regeling is al beslist.")
    regeling.refresh_from_db()
    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=regeling.dossier_id)
    vandaag = timezone.localdate()
    if akkoord:
        # While an arrangement runs there is no escalation: open consent requests lapse.
        # One by one with save(), so each lapsed consent is in its field history with who decided.
        for open_verzoek in Toestemmingsverzoek.objects.select_for_update().filter(
            dossier=dossier, status=Toestemmingsverzoek.Status.GEVRAAGD
        ):
            open_verzoek.status = Toestemmingsverzoek.Status.VERVALLEN
            open_verzoek.beantwoord_op = timezone.now()
            open_verzoek._history_user = door
            open_verzoek.save(update_fields=["status", "beantwoord_op"])
        status_wijzig(
            dossier=dossier, naar=Dossier.Status.REGELING, door=door, reden="Betalingsregeling loopt"
        )
        regeling_ingang_vast(regeling=regeling, dossier=dossier, vandaag=vandaag)
        eerste = regeling.termijnen.order_by("volgnummer").first()
        volgende_actie_zet(
            dossier=dossier,
            actie="Betaling termijn regeling controleren",
            datum=kalender().werkdagen_na(eerste.vervaldatum, 2),
        )
        transaction.on_commit(
            lambda: brief_stuur_task.delay(
                dossier.pk, BriefSoort.REGELING_BEVESTIGING, f"regeling:{regeling.pk}:bevestiging"
            )
        )
    else:
        volgende_actie_zet(
            dossier=dossier,
            actie="Regeling afgewezen door cliënt: debiteur informeren",
            datum=kalender().werkdagen_na(vandaag, 2),
        )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=f"Betalingsregeling {'goedgekeurd' if akkoord else 'afgewezen'} door de cliënt.",
        door=door,
        sleutel=f"regeling:{regeling.pk}:beoordeeld",
    )
    return regeling
