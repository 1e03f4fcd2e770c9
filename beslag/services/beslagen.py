"""Laying a garnishment: the checks (title, consent for this kind, the third party), the step it is, its
beslagvrije voet (BVV) and the monthly amount that leaves, and other garnishments on the same income."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import dossier_status_wijzig, tijdlijn_voeg_toe
from recht.bvv import BvvInvoer, BvvUitkomst, bvv_bereken
from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, euro

from .. import selectors
from ..models import Beslag, BeslagStap, Derde, DeurwaarderOpdracht, Deurwaarderskantoor, Samenloop
from .gemeen import fout, tenuitvoerlegging_controleer, vergrendel, volgende_actie_bijwerken
from .stappen import stap_registreer

BESLAG_TOESTEMMING = {
    Beslag.Soort.LOON: "loonbeslag",
    Beslag.Soort.BANK: "bankbeslag",
    Beslag.Soort.ROEREND: "beslag_roerende_zaken",
}
BESLAG_STAP = {
    Beslag.Soort.LOON: BeslagStap.Soort.LOONBESLAG,
    Beslag.Soort.BANK: BeslagStap.Soort.BANKBESLAG,
    Beslag.Soort.ROEREND: BeslagStap.Soort.BESLAG_ROERENDE_ZAKEN,
}
DERDE_SOORTEN = {
    Beslag.Soort.LOON: {Derde.Soort.WERKGEVER, Derde.Soort.UWV, Derde.Soort.SVB, Derde.Soort.GEMEENTE},
    Beslag.Soort.BANK: {Derde.Soort.BANK},
}


def bvv_uitkomst_json(uitkomst: BvvUitkomst) -> list[dict]:
    return [{**asdict(t), "bedrag": str(t.bedrag)} for t in uitkomst.termen]


def _als_json(waarde):
    if isinstance(waarde, dict):
        return {k: _als_json(v) for k, v in waarde.items()}
    return str(waarde) if isinstance(waarde, Decimal | date) else waarde


def bvv_bereken_met_tabellen(invoer: BvvInvoer) -> tuple[BvvUitkomst, list[str]]:
    """The BVV with the table values in force on the input's date (OngeldigeInvoer on bad input)."""
    tabellen, onbevestigd = selectors.bvv_tabellen(huishouden=invoer.huishouden, datum=invoer.datum)
    return bvv_bereken(invoer, tabellen), onbevestigd


@transaction.atomic
def bvv_vaststel(*, beslag: Beslag, invoer: BvvInvoer, door) -> Beslag:
    """Record the BVV determination (holds 12 months) and the expected monthly amount it leaves.

    Not durable: laying a garnishment with its BVV calls it inside its own transaction."""
    try:
        uitkomst, _ = bvv_bereken_met_tabellen(invoer)
    except OngeldigeInvoer as exc:
        raise fout(exc.veld, exc.bericht) from exc
    beslag.bvv_bedrag = uitkomst.beslagvrije_voet
    beslag.bvv_geldig_tot = uitkomst.geldig_tot
    beslag.bvv_invoer = _als_json(asdict(invoer))
    beslag.bvv_termen = bvv_uitkomst_json(uitkomst)
    if uitkomst.beslagruimte is not None:
        beslag.maandbedrag = uitkomst.beslagruimte
    beslag.save()
    stap_registreer(
        opdracht=beslag.opdracht,
        soort=BeslagStap.Soort.BVV_VASTSTELLING,
        datum=min(invoer.datum, timezone.localdate()),
        kosten_in_rekening=NUL,
        door=door,
        beslag=beslag,
        # the messages say when the ceiling of lid 1 was used and why, or that a table lacks this half-year's row
        omschrijving=" ".join(
            [
                f"Beslagvrije voet {euro(uitkomst.beslagvrije_voet)}, geldig tot {uitkomst.geldig_tot:%d-%m-%Y}.",
                *uitkomst.meldingen,
            ]
        )[:300],
    )
    return beslag


@transaction.atomic(durable=True)
def beslag_leg(
    *,
    opdracht: DeurwaarderOpdracht,
    soort: str,
    datum: date,
    kosten_in_rekening: Decimal,
    door,
    derde: Derde | None = None,
    bvv: BvvInvoer | None = None,
    eerste_maand: date | None = None,
) -> Beslag:
    """A garnishment laid by the bailiff. Refused without an executoriale titel, without the client's consent
    for this kind, or for a debtor abroad. A wage garnishment without BVV input takes the answers of the debtor's
    questionnaire while they hold (``selectors.bvv_opgave_geldig``)."""
    dossier = vergrendel(opdracht.dossier)
    if soort not in Beslag.Soort.values:
        raise fout("soort", "Onbekende soort beslag.")
    tenuitvoerlegging_controleer(dossier, toestemming=BESLAG_TOESTEMMING[soort])
    if opdracht.status not in DeurwaarderOpdracht.OPEN:
        raise fout("opdracht", "De deurwaarderopdracht loopt niet meer.")
    toegestaan = DERDE_SOORTEN.get(soort)
    if toegestaan is not None:
        if derde is None:
            raise fout(
                "derde", "Kies de derde (werkgever, uitkeringsinstantie of bank) onder wie beslag is gelegd."
            )
        if derde.soort not in toegestaan:
            raise fout(
                "derde",
                f"Bij {Beslag.Soort(soort).label} past geen derde van de soort {derde.get_soort_display()}.",
            )
    beslag = Beslag.objects.create(
        dossier=dossier,
        opdracht=opdracht,
        soort=soort,
        derde=derde,
        datum=datum,
        eerste_maand=(eerste_maand or selectors.maand_na(datum)) if soort == Beslag.Soort.LOON else None,
    )
    stap_registreer(
        opdracht=opdracht,
        soort=BESLAG_STAP[soort],
        datum=datum,
        kosten_in_rekening=kosten_in_rekening,
        door=door,
        beslag=beslag,
        omschrijving=str(derde) if derde else "",
    )
    if dossier.status != Dossier.Status.BESLAG:
        dossier_status_wijzig(
            dossier=dossier,
            naar=Dossier.Status.BESLAG,
            door=door,
            reden=f"{beslag.get_soort_display()} gelegd",
        )
    if bvv is None and soort == Beslag.Soort.LOON:
        # The debtor's questionnaire, while its answer holds (12 months): its answers with the tables of the
        # garnishment's date (the maxima change each half-year).
        opgave = selectors.bvv_opgave_geldig(dossier=dossier, op=datum)
        if opgave is not None:
            bvv = selectors.bvv_opgave_invoer(opgave, datum=datum)
    if bvv is not None:
        bvv_vaststel(beslag=beslag, invoer=bvv, door=door)
    dossier.refresh_from_db()
    volgende_actie_bijwerken(dossier, door)
    return beslag


@transaction.atomic(durable=True)
def samenloop_registreer(
    *,
    beslag: Beslag,
    beslaglegger: str,
    deurwaarder: str,
    datum: date,
    door,
    coordinerend_kantoor: Deurwaarderskantoor | None = None,
) -> Samenloop:
    """Another garnishment on the same income; the first garnishing bailiff coordinates (collects and
    distributes)."""
    if not beslaglegger.strip() or not deurwaarder.strip():
        raise fout("beslaglegger", "Vul de andere beslaglegger en zijn deurwaarder in.")
    regel = Samenloop.objects.create(
        beslag=beslag, beslaglegger=beslaglegger, deurwaarder=deurwaarder, datum=datum
    )
    if coordinerend_kantoor is not None:
        Beslag.objects.filter(pk=beslag.pk).update(coordinerend_kantoor=coordinerend_kantoor)
    tijdlijn_voeg_toe(
        dossier=beslag.dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        door=door,
        intern=True,
        tekst=f"Samenloop: beslag van {beslaglegger} (deurwaarder {deurwaarder}) sinds {datum:%d-%m-%Y}.",
        sleutel=f"beslag:samenloop:{regel.pk}",
    )
    return regel
