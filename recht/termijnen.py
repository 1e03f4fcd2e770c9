"""The termijn schedule: which instalments of which obligations fell due up to a reference date.

An alimony obligation (art. 1:392, 1:157 BW; amounts set by a court, a notarial deed or an agreement) falls
due monthly on its due day ("vervaldag", 1–28 so every month has it), from the first such day on or after the
start date up to the last one on or before both the end date and the reference date. There is no pro rata
part for a broken first or last month. When the obligation is indexed (art. 1:402a BW) each termijn is the
amount in force on 1 January of the year it falls due. One-off claims under the title are termijnen on
their own date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import itemgetter

from recht.fouten import OngeldigeInvoer
from recht.geld import rond_af
from recht.indexering import IndexatieReeks

__all__ = [
    "MAANDEN",
    "EenmaligeVordering",
    "Rij",
    "Termijn",
    "Verplichting",
    "termijnrijen",
    "termijnschema",
    "vervaldata",
]

MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

SOORT_LABELS = {
    "kinderalimentatie": "Kinderalimentatie",
    "partneralimentatie": "Partneralimentatie",
}


@dataclass(frozen=True, slots=True)
class Verplichting:
    soort: str  # "kinderalimentatie" | "partneralimentatie" (free text is shown as given)
    bedrag: Decimal  # per month, as set on ``vastgesteld_op``
    vastgesteld_op: date
    ingangsdatum: date
    einddatum: date | None
    vervaldag: int  # 1..28
    indexeren: bool
    omschrijving: str = ""  # e.g. the child's name; appended to the termijn description


@dataclass(frozen=True, slots=True)
class EenmaligeVordering:
    datum: date
    bedrag: Decimal
    omschrijving: str
    # The day of the court or arbitral decision the sum is awarded by, when it is (art. 3:324 lid 1 BW: 20
    # years); None for a sum under a notarial deed or a private agreement (art. 3:307 BW: 5 years).
    uitspraak: date | None = None


@dataclass(frozen=True, slots=True)
class Termijn:
    vervaldatum: date
    verplichting: int | None  # index into the input obligations; None for a one-off claim
    omschrijving: str
    bedrag: Decimal  # what is owed for this termijn (indexed when the obligation is indexed)
    basisbedrag: Decimal  # the same without indexation (``bedrag - basisbedrag`` is the indexation part)
    voorlopig: bool = False  # the amount uses a year without a published percentage (``indexering``)
    uitspraak: date | None = None  # one-off sum under a court decision of that day (``verjaring``)


def controleer_verplichting(v: Verplichting) -> None:
    """Raise ``OngeldigeInvoer`` for an obligation the schedule cannot be built from."""
    if not 1 <= v.vervaldag <= 28:
        raise OngeldigeInvoer("vervaldag", "De vervaldag moet tussen 1 en 28 liggen.")
    if v.bedrag < 0:
        raise OngeldigeInvoer("bedrag", "Het bedrag mag niet negatief zijn.")
    if v.einddatum is not None and v.einddatum < v.ingangsdatum:
        raise OngeldigeInvoer("einddatum", "De einddatum ligt vóór de ingangsdatum.")


def vervaldata(*, ingangsdatum: date, einddatum: date | None, vervaldag: int, peildatum: date) -> list[date]:
    """Monthly due dates on ``vervaldag`` from ``ingangsdatum`` up to ``min(einddatum, peildatum)``."""
    laatste = peildatum if einddatum is None else min(einddatum, peildatum)
    jaar, maand = ingangsdatum.year, ingangsdatum.month
    if ingangsdatum.day > vervaldag:  # this month's due day has passed: start next month
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    data: list[date] = []
    while (d := date(jaar, maand, vervaldag)) <= laatste:
        data.append(d)
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return data


def _kop(v: Verplichting) -> str:
    """The description of an obligation's termijnen up to the month: "Kinderalimentatie Amira "."""
    soort = SOORT_LABELS.get(v.soort, v.soort)
    extra = f" {v.omschrijving}" if v.omschrijving else ""
    return f"{soort}{extra} "


# One schedule row: (vervaldatum, verplichting, omschrijving, bedrag, basisbedrag, voorlopig, uitspraak), the
# fields of ``Termijn``.
Rij = tuple[date, int | None, str, Decimal, Decimal, bool, date | None]


def termijnrijen(
    *,
    verplichtingen: Sequence[Verplichting],
    eenmalig: Sequence[EenmaligeVordering],
    peildatum: date,
    indexatie: Mapping[int, Decimal],
) -> list[Rij]:
    """``termijnschema`` as plain tuples in the field order of ``Termijn`` (same rows, order and errors).

    For callers that read each termijn once (the arrears statement): a statement of five years of three
    obligations has about 180 termijnen, and a tuple costs a fraction of a frozen dataclass to make.
    """
    rijen: list[Rij] = []
    for i, v in enumerate(verplichtingen):
        controleer_verplichting(v)
        basis = rond_af(v.bedrag)
        kop = _kop(v)
        # the indexed amount only changes on 1 January; the series computes each year's step once
        reeks = IndexatieReeks(bedrag=basis, vastgesteld_op=v.vastgesteld_op, tabel=indexatie)
        jaar, bedrag, voorlopig = 0, basis, False  # ``bedrag`` is the amount of ``jaar``
        for d in vervaldata(
            ingangsdatum=v.ingangsdatum, einddatum=v.einddatum, vervaldag=v.vervaldag, peildatum=peildatum
        ):
            if d.year != jaar:
                jaar = d.year
                if v.indexeren:  # asked only for a year that has a termijn, as ``indexeer`` per termijn was
                    bedrag = reeks.bedrag(jaar)
                    voorlopig = reeks.voorlopig(jaar)
            rijen.append((d, i, f"{kop}{MAANDEN[d.month - 1]} {jaar}", bedrag, basis, voorlopig, None))
    for e in eenmalig:
        if e.bedrag < 0:
            raise OngeldigeInvoer("bedrag", "Het bedrag mag niet negatief zijn.")
        if e.datum > peildatum:  # not yet due on the reference date
            continue
        bedrag = rond_af(e.bedrag)
        rijen.append((e.datum, None, e.omschrijving, bedrag, bedrag, False, e.uitspraak))
    # Order: due date, then obligations in input order, then one-off claims in input order. The rows were
    # added in exactly that order for equal dates (obligations by index, each with strictly increasing
    # dates, then the one-off claims), so a stable sort on the due date alone gives it.
    rijen.sort(key=itemgetter(0))
    return rijen


def termijnschema(
    *,
    verplichtingen: Sequence[Verplichting],
    eenmalig: Sequence[EenmaligeVordering],
    peildatum: date,
    indexatie: Mapping[int, Decimal],
) -> list[Termijn]:
    """All termijnen due on or before ``peildatum``.

    Ordered by due date, then obligations in input order, then one-off claims in input order. Raises
    ``OngeldigeInvoer`` for an invalid obligation and ``TariefOntbreekt`` when an indexed termijn falls in a
    year missing in the middle of the indexation table (a year after its last year is provisional).
    """
    rijen = termijnrijen(
        verplichtingen=verplichtingen, eenmalig=eenmalig, peildatum=peildatum, indexatie=indexatie
    )
    return [Termijn(*rij) for rij in rijen]
