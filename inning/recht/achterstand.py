"""The arrears statement (specificatie achterstand) on a reference date.

Combines the termijn schedule (``termijnen``), indexation (art. 1:402a BW, ``indexering``), limitation
(art. 3:308/3:317/3:319 BW, ``verjaring``) and the allocation of payments (art. 6:43/6:44 BW,
``toerekening``):

- payments are taken in date order (ties in input order); each is allocated with ``toereken_ontvangst``
  against the termijnen as they stand at that moment, judging limitation on the payment date;
- ``verjaard`` of a termijn is judged on the reference date; ``open`` in the totals excludes barred
  termijnen, whose open amounts sum to ``verjaard``;
- ``waarvan_indexering``: per open, unbarred termijn ``min(open, bedrag - basisbedrag)``, because a payment
  covers the unindexed part of a termijn first (the indexation part is what is typically missed).

Identity: ``verschuldigd - (betaald - teveel_betaald) == open + verjaard``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from inning.recht.fouten import OngeldigeInvoer
from inning.recht.termijnen import EenmaligeVordering, Termijn, Verplichting, termijnschema
from inning.recht.toerekening import OpenTermijn, toereken_ontvangst
from inning.recht.verjaring import verjaringseinde
from nlai.geld import NUL, rond_af

__all__ = ["Achterstandsoverzicht", "Betaling", "Totaal", "TermijnStand", "achterstand_bereken"]


@dataclass(frozen=True, slots=True)
class Betaling:
    datum: date
    bedrag: Decimal


@dataclass(frozen=True, slots=True)
class TermijnStand:
    vervaldatum: date
    verplichting: int | None
    omschrijving: str
    bedrag: Decimal
    basisbedrag: Decimal
    betaald: Decimal
    open: Decimal
    verjaard: bool
    verjaringseinde: date

    @property
    def indexering_open(self) -> Decimal:
        """The open part that is missed indexation (0 for a barred termijn)."""
        if self.verjaard:
            return NUL
        return min(self.open, self.bedrag - self.basisbedrag)


@dataclass(frozen=True, slots=True)
class Totaal:
    verschuldigd: Decimal
    betaald: Decimal  # all payments, including what was paid too much
    open: Decimal  # open and not barred
    verjaard: Decimal  # open but barred on the reference date
    teveel_betaald: Decimal
    waarvan_indexering: Decimal  # part of ``open`` that is missed indexation


@dataclass(frozen=True, slots=True)
class Achterstandsoverzicht:
    peildatum: date
    termijnen: tuple[TermijnStand, ...]
    betalingen: tuple[Betaling, ...]  # in the order they were allocated
    totaal: Totaal


def achterstand_bereken(
    *,
    peildatum: date,
    verplichtingen: Sequence[Verplichting],
    betalingen: Sequence[Betaling],
    eenmalig: Sequence[EenmaligeVordering] = (),
    stuitingen: Sequence[date] = (),
    indexatie: Mapping[int, Decimal],
) -> Achterstandsoverzicht:
    """The full arrears statement on ``peildatum``. See the module docstring for the rules."""
    for b in betalingen:
        if b.bedrag < 0:
            raise OngeldigeInvoer("betalingen", "Een betaling mag niet negatief zijn.")
    schema: list[Termijn] = termijnschema(
        verplichtingen=verplichtingen, eenmalig=eenmalig, peildatum=peildatum, indexatie=indexatie
    )
    eindes = [verjaringseinde(vervaldatum=t.vervaldatum, stuitingen=stuitingen) for t in schema]
    betaald = [NUL] * len(schema)
    geordend = tuple(b for _, b in sorted(enumerate(betalingen), key=lambda it: (it[1].datum, it[0])))
    teveel = NUL
    for b in geordend:
        open_nu = [
            OpenTermijn(
                sleutel=i, vervaldatum=t.vervaldatum, open=t.bedrag - betaald[i], verjaringseinde=eindes[i]
            )
            for i, t in enumerate(schema)
        ]
        split = toereken_ontvangst(bedrag=b.bedrag, datum=b.datum, termijnen=open_nu)
        for deel in split.termijnen:
            i = int(deel.sleutel)  # type: ignore[call-overload]  # we passed the list index as key
            betaald[i] += deel.bedrag
        teveel += split.rest
    standen = tuple(
        TermijnStand(
            vervaldatum=t.vervaldatum,
            verplichting=t.verplichting,
            omschrijving=t.omschrijving,
            bedrag=t.bedrag,
            basisbedrag=t.basisbedrag,
            betaald=betaald[i],
            open=t.bedrag - betaald[i],
            verjaard=peildatum > eindes[i],
            verjaringseinde=eindes[i],
        )
        for i, t in enumerate(schema)
    )
    totaal = Totaal(
        verschuldigd=sum((s.bedrag for s in standen), NUL),
        betaald=sum((rond_af(b.bedrag) for b in betalingen), NUL),
        open=sum((s.open for s in standen if not s.verjaard), NUL),
        verjaard=sum((s.open for s in standen if s.verjaard), NUL),
        teveel_betaald=teveel,
        waarvan_indexering=sum((s.indexering_open for s in standen), NUL),
    )
    return Achterstandsoverzicht(peildatum=peildatum, termijnen=standen, betalingen=geordend, totaal=totaal)
