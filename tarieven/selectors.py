"""Reads of the versioned tables, as the plain data the pure functions in ``recht`` and
``recht.kalender`` take. Every lookup for a date or year no row covers raises ``TariefOntbreekt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db.models import Model, QuerySet

from recht.fouten import TariefOntbreekt
from recht.kalender import Kalender
from tarieven.models import (
    Bijstandsnorm,
    BtagTarief,
    BtwTarief,
    BvvMaximum,
    ExtraNietWerkdag,
    Indexatie,
    ProvisieTarief,
    Regelingsbedrag,
    WettelijkeRente,
)

M = TypeVar("M", bound=Model)

__all__ = [
    "ProvisieTariefWaarde",
    "Tabelwaarde",
    "bijstandsnorm",
    "btag_tarief",
    "btw_tarief",
    "bvv_maximum",
    "halfjaar_begin",
    "extra_niet_werkdagen",
    "kalender",
    "indexatie_onbevestigd",
    "indexatie_tabel",
    "provisie_tarief",
    "regelingsbedragen",
    "wettelijke_rente_onbevestigd",
    "wettelijke_rente_tabel",
]


@dataclass(frozen=True, slots=True)
class Tabelwaarde:
    bedrag: Decimal
    vanaf: date
    bron: str
    bevestigd: bool


@dataclass(frozen=True, slots=True)
class ProvisieTariefWaarde:
    percentage: Decimal
    btw_percentage: Decimal
    vanaf: date  # of the commission row
    bron: str
    bevestigd: bool  # the commission row and the VAT row both
    btw_vanaf: date
    btw_bron: str


def indexatie_tabel() -> dict[int, Decimal]:
    """Year → indexation percentage (art. 1:402a BW), for ``recht.indexering``."""
    return dict(Indexatie.objects.values_list("jaar", "percentage"))


def indexatie_onbevestigd() -> frozenset[int]:
    """The years whose indexation percentage is not confirmed (to show next to any figure that used them)."""
    return frozenset(Indexatie.objects.filter(bevestigd=False).values_list("jaar", flat=True))


def wettelijke_rente_tabel() -> list[tuple[date, Decimal]]:
    """``(vanaf, percentage)`` rows of the statutory interest, oldest first, for ``recht.rente``."""
    return list(WettelijkeRente.objects.order_by("vanaf").values_list("vanaf", "percentage"))


def wettelijke_rente_onbevestigd() -> frozenset[date]:
    return frozenset(WettelijkeRente.objects.filter(bevestigd=False).values_list("vanaf", flat=True))


def extra_niet_werkdagen() -> frozenset[date]:
    """Days added by decree (Atw art. 3 lid 3), for the ``extra`` argument of ``recht.kalender``."""
    return frozenset(ExtraNietWerkdag.objects.values_list("datum", flat=True))


def kalender() -> Kalender:
    """The working-day calendar with the decree days entered by the beheerder (one query)."""
    return Kalender(besluitdagen=extra_niet_werkdagen())


def _geldige_rij(qs: QuerySet[M], *, datum: date, tabel: str) -> M:
    """The row of ``qs`` in force on ``datum``: the latest ``vanaf <= datum`` whose ``geldig_tot`` (if set)
    is not before ``datum``."""
    rij = qs.filter(vanaf__lte=datum).order_by("-vanaf").first()
    if rij is None or (rij.geldig_tot is not None and rij.geldig_tot < datum):  # type: ignore[attr-defined]
        raise TariefOntbreekt(tabel, datum.isoformat())
    return rij


def btw_tarief(datum: date) -> Tabelwaarde:
    """The general VAT rate (Wet OB 1968 art. 9 lid 1) in force on ``datum``, as ``bedrag`` (a percentage)."""
    rij = _geldige_rij(BtwTarief.objects.all(), datum=datum, tabel="btw-tarief")
    return Tabelwaarde(bedrag=rij.percentage, vanaf=rij.vanaf, bron=rij.bron, bevestigd=rij.bevestigd)


def provisie_tarief(datum: date) -> ProvisieTariefWaarde:
    """The commission rate (incl. VAT) and the VAT rate in force on ``datum`` (the day the money came in):
    19% until 30 September 2012, 21% since 1 October 2012."""
    rij = _geldige_rij(ProvisieTarief.objects.all(), datum=datum, tabel="provisietarief")
    btw = btw_tarief(datum)
    return ProvisieTariefWaarde(
        percentage=rij.percentage,
        btw_percentage=btw.bedrag,
        vanaf=rij.vanaf,
        bron=rij.bron,
        bevestigd=rij.bevestigd and btw.bevestigd,
        btw_vanaf=btw.vanaf,
        btw_bron=btw.bron,
    )


def btag_tarief(handeling: str, datum: date) -> Tabelwaarde:
    """The Btag tariff of ``handeling`` (e.g. ``"betekening_titel"``) for the year of ``datum``."""
    rij = BtagTarief.objects.filter(handeling=handeling, jaar=datum.year).first()
    if rij is None:
        raise TariefOntbreekt(f"Btag-tarief '{handeling}'", datum.year)
    return Tabelwaarde(bedrag=rij.bedrag, vanaf=date(rij.jaar, 1, 1), bron=rij.bron, bevestigd=rij.bevestigd)


def bvv_maximum(huishouden: str, datum: date) -> Tabelwaarde:
    """The maximum beslagvrije voet (Rv art. 475da lid 1) of ``huishouden`` in force on ``datum``."""
    rij = _geldige_rij(
        BvvMaximum.objects.filter(huishouden=huishouden),
        datum=datum,
        tabel=f"maximale beslagvrije voet '{huishouden}'",
    )
    return Tabelwaarde(bedrag=rij.bedrag, vanaf=rij.vanaf, bron=rij.bron, bevestigd=rij.bevestigd)


def bijstandsnorm(leefsituatie: str, datum: date) -> Tabelwaarde:
    """The social-assistance norm incl. holiday pay (Participatiewet art. 21) in force on ``datum``."""
    rij = _geldige_rij(
        Bijstandsnorm.objects.filter(leefsituatie=leefsituatie),
        datum=datum,
        tabel=f"bijstandsnorm '{leefsituatie}'",
    )
    return Tabelwaarde(bedrag=rij.bedrag, vanaf=rij.vanaf, bron=rij.bron, bevestigd=rij.bevestigd)


def regelingsbedragen(jaar: int) -> dict[str, Tabelwaarde]:
    """The BVV formula's regulation amounts for berekeningsjaar ``jaar`` (kind → value, ``bedrag`` holding the
    amount or percentage). A kind without a row for that year is absent: no figure is carried over from another
    year, because each regulation sets a new one (the formula then falls back to the ceiling and says so)."""
    return {
        rij.soort: Tabelwaarde(
            bedrag=rij.waarde, vanaf=date(rij.jaar, 1, 1), bron=rij.bron, bevestigd=rij.bevestigd
        )
        for rij in Regelingsbedrag.objects.filter(jaar=jaar)
    }


def halfjaar_begin(datum: date) -> date:
    """1 January or 1 July: the BVV maxima (Rv art. 475da lid 8) and the Participatiewet norms change then."""
    return date(datum.year, 1 if datum.month < 7 else 7, 1)


def halfjaar_ontbreekt(waarde: Tabelwaarde, datum: date, *, tabel: str) -> str | None:
    """A message when ``waarde`` (the row used on ``datum``) is older than the half-year of ``datum``: the
    figures of that half-year have not been entered yet, so an older row was used."""
    begin = halfjaar_begin(datum)
    if waarde.vanaf >= begin:
        return None
    return (
        f"De tabel {tabel} heeft nog geen rij voor het halfjaar vanaf {begin:%d-%m-%Y}; de rij van "
        f"{waarde.vanaf:%d-%m-%Y} is gebruikt. De beheerder moet de nieuwe bedragen invoeren."
    )


def onbevestigde_rijen() -> dict[str, int]:
    """How many unconfirmed rows each table has (for the beheer dashboard)."""
    return {
        str(model._meta.verbose_name_plural): model.objects.filter(bevestigd=False).count()  # type: ignore[attr-defined]
        for model in (
            Indexatie,
            WettelijkeRente,
            BtagTarief,
            ProvisieTarief,
            BtwTarief,
            Bijstandsnorm,
            BvvMaximum,
            Regelingsbedrag,
            ExtraNietWerkdag,
        )
    }
