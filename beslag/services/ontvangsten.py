"""The money a garnishment yields: what the bailiff passes on each month, booked through the ledger, and the
months of an active wage garnishment without any receipt once their margin has passed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dossiers.models import TijdlijnGebeurtenis
from dossiers.services import taak_maak, tijdlijn_voeg_toe
from inning.services import ontvangst_registreer
from recht.geld import NUL, euro, rond_af
from tarieven.selectors import kalender

from .. import selectors
from ..models import Beslag, BeslagOntvangst
from .gemeen import fout, volgende_actie_bijwerken


@transaction.atomic(durable=True)
def beslag_ontvangst_registreer(
    *, beslag: Beslag, maand: date, bedrag: Decimal, datum: date, door, referentie: str = ""
) -> BeslagOntvangst:
    """Money the bailiff passed on for a month of the garnishment: a receipt through the ledger."""
    if bedrag <= 0:
        raise fout("bedrag", "Het bedrag moet groter zijn dan nul.")
    bedrag = rond_af(bedrag)
    maand = maand.replace(day=1)
    ontvangst, _ = BeslagOntvangst.objects.get_or_create(
        beslag=beslag, maand=maand, defaults={"verwacht": beslag.maandbedrag or NUL}
    )
    ontvangst = BeslagOntvangst.objects.select_for_update().get(pk=ontvangst.pk)
    sleutel = f"beslag:{beslag.pk}:{maand:%Y-%m}:{referentie or f'{datum.isoformat()}:{bedrag}'}"
    ontvangst_registreer(
        dossier=beslag.dossier,
        bedrag=bedrag,
        datum=datum,
        bron_type="beslag",
        bron_id=ontvangst.pk,
        omschrijving=f"Afdracht deurwaarder {beslag.get_soort_display()} {maand:%m-%Y}",
        door=door,
        sleutel=sleutel,
    )
    # What was received is derived from the ledger's receipts for this month, so a repeated statement line
    # (same key: the ledger returns its first receipt) never counts twice.
    ontvangst.ontvangen = selectors.ontvangen_voor(bron_id=ontvangst.pk)
    ontvangst.ontvangen_op = datum
    ontvangst.save(update_fields=["ontvangen", "ontvangen_op"])
    tijdlijn_voeg_toe(
        dossier=beslag.dossier,
        soort=TijdlijnGebeurtenis.Soort.BETALING,
        door=door,
        tekst=f"Ontvangen van de deurwaarder: {euro(bedrag)} ({beslag.get_soort_display()}, {maand:%m-%Y}).",
        sleutel=f"beslag:ontvangst:{sleutel}"[:100],
    )
    volgende_actie_bijwerken(beslag.dossier, door)
    return ontvangst


def ontvangsten_controleer(*, vandaag: date) -> int:
    """Create the expected month rows of active wage garnishments and flag months without any receipt once
    their margin has passed. Idempotent: each month is flagged once (compare-and-set), each in its own
    transaction so one failing dossier does not undo the others."""
    gemeld = 0
    kal = kalender()
    beslagen = Beslag.objects.filter(
        status=Beslag.Status.ACTIEF, soort=Beslag.Soort.LOON, maandbedrag__gt=0, eerste_maand__isnull=False
    ).select_related("dossier")
    for beslag in beslagen:
        for maand in selectors.maanden_tot(beslag.eerste_maand, vandaag):
            BeslagOntvangst.objects.get_or_create(
                beslag=beslag, maand=maand, defaults={"verwacht": beslag.maandbedrag}
            )
        for ontvangst in BeslagOntvangst.objects.filter(
            beslag=beslag, ontvangen=0, ontbreekt_gemeld_op__isnull=True
        ):
            if vandaag <= selectors.afdracht_uiterlijk(ontvangst.maand):
                continue
            with transaction.atomic():
                if not BeslagOntvangst.objects.filter(
                    pk=ontvangst.pk, ontbreekt_gemeld_op__isnull=True, ontvangen=0
                ).update(ontbreekt_gemeld_op=timezone.now()):
                    continue
                taak_maak(
                    dossier=beslag.dossier,
                    omschrijving=f"Geen afdracht uit {beslag.get_soort_display()} over {ontvangst.maand:%m-%Y}: "
                    f"navragen bij de deurwaarder",
                    deadline=kal.werkdagen_na(vandaag, 2),
                    sleutel=f"beslag:ontbreekt:{ontvangst.pk}",
                )
                gemeld += 1
    return gemeld
