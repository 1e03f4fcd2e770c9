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
from datetime import date, timedelta
from decimal import Decimal

from inning.recht.fouten import OngeldigeInvoer
from inning.recht.rente import wettelijke_rente
from inning.recht.termijnen import EenmaligeVordering, Termijn, Verplichting, termijnschema
from inning.recht.toerekening import OpenTermijn, toereken_ontvangst
from inning.recht.verjaring import verjaringseinde
from nlai.geld import NUL, rond_af

__all__ = [
    "Achterstandsoverzicht",
    "Betaling",
    "TermijnStand",
    "Totaal",
    "achterstand_bereken",
    "open_termijnen_bereken",
    "wettelijke_rente_achterstand",
]


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
    toegerekend: tuple[tuple[date, Decimal], ...] = ()  # (payment date, part of that payment) in order

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


def _kandidaten(
    schema: Sequence[Termijn],
    eindes: Sequence[date],
    betaald: Sequence[Decimal],
    open_idx: Sequence[int],
    b: Betaling,
) -> list[OpenTermijn]:
    """The open termijnen a payment can reach, in allocation order, up to the first ones that absorb it.

    Only a speed-up: ``toereken_ontvangst`` decides the allocation. Handing it the whole schema for every payment
    costs O(payments x termijnen) objects; this hands it the prefix of its own order (due and not barred,
    oldest first; then due later; then barred) that covers ``b.bedrag``.
    """
    gekozen: list[OpenTermijn] = []
    som = NUL

    def neem(i: int) -> bool:
        nonlocal som
        t = schema[i]
        open_ = t.bedrag - betaald[i]
        gekozen.append(
            OpenTermijn(sleutel=i, vervaldatum=t.vervaldatum, open=open_, verjaringseinde=eindes[i])
        )
        som += open_
        return som >= b.bedrag

    for i in open_idx:  # due on or before the payment date and not barred on it
        if schema[i].vervaldatum > b.datum:
            break
        if b.datum <= eindes[i] and neem(i):
            return gekozen
    for i in open_idx:  # due later (a prepayment)
        if schema[i].vervaldatum > b.datum and neem(i):
            return gekozen
    for i in open_idx:  # barred on the payment date
        if b.datum > eindes[i] and neem(i):
            return gekozen
    return gekozen


def _betalingen_toerekenen(
    schema: Sequence[Termijn], eindes: Sequence[date], betalingen: Sequence[Betaling]
) -> tuple[tuple[Betaling, ...], list[Decimal], list[list[tuple[date, Decimal]]], Decimal]:
    """Allocate the payments in date order (ties: input order) against ``schema``; returns (payments in
    allocation order, paid per termijn, (date, part) per termijn, paid too much). The one allocation loop of
    both ``achterstand_bereken`` and ``open_termijnen_bereken``."""
    betaald = [NUL] * len(schema)
    toegerekend: list[list[tuple[date, Decimal]]] = [[] for _ in schema]
    geordend = tuple(b for _, b in sorted(enumerate(betalingen), key=lambda it: (it[1].datum, it[0])))
    teveel = NUL
    open_idx = [i for i, t in enumerate(schema) if t.bedrag > 0]  # schema order = due-date order
    for b in geordend:
        kandidaten = _kandidaten(schema, eindes, betaald, open_idx, b)
        split = toereken_ontvangst(bedrag=b.bedrag, datum=b.datum, termijnen=kandidaten)
        afgelost = False
        for deel in split.termijnen:
            i = int(deel.sleutel)  # type: ignore[call-overload]  # we passed the list index as key
            betaald[i] += deel.bedrag
            toegerekend[i].append((b.datum, deel.bedrag))
            afgelost = afgelost or betaald[i] == schema[i].bedrag
        if afgelost:
            open_idx = [i for i in open_idx if betaald[i] < schema[i].bedrag]
        teveel += split.rest
    return geordend, betaald, toegerekend, teveel


def open_termijnen_bereken(
    *,
    peildatum: date,
    schema: Sequence[Termijn],
    eindes: Sequence[date],
    betalingen: Sequence[Betaling],
) -> list[tuple[Termijn, Decimal, date]]:
    """The termijnen still open on ``peildatum`` as (termijn, open, limitation end), in schema order: the
    same as the ``open > 0`` rows of ``achterstand_bereken`` for the same input, without building the whole
    statement (a bank import asks this once per receipt).

    ``schema``/``eindes`` may be the schedule of a LATER reference date with its limitation ends: the
    schedule up to ``peildatum`` is exactly its prefix of termijnen due on or before ``peildatum`` (amounts
    depend on the due year, never on the reference date), so one schedule serves every receipt of a file.
    """
    for b in betalingen:
        if b.bedrag < 0:
            raise OngeldigeInvoer("betalingen", "Een betaling mag niet negatief zijn.")
    n = len(schema)
    while n and schema[n - 1].vervaldatum > peildatum:
        n -= 1
    schema, eindes = schema[:n], eindes[:n]
    _geordend, betaald, _toegerekend, _teveel = _betalingen_toerekenen(schema, eindes, betalingen)
    return [(t, t.bedrag - betaald[i], eindes[i]) for i, t in enumerate(schema) if t.bedrag - betaald[i] > 0]


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
    geordend, betaald, toegerekend, teveel = _betalingen_toerekenen(schema, eindes, betalingen)
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
            toegerekend=tuple(toegerekend[i]),
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


def wettelijke_rente_achterstand(
    *, overzicht: Achterstandsoverzicht, tarieven: Sequence[tuple[date, Decimal]]
) -> Decimal:
    """Statutory interest (art. 6:119 BW) on the termijnen of a statement, for a dossier that asks for it.

    A termijn's due date is a fixed date, so the debtor is in default from the next day without a notice
    (art. 6:83 onder a BW). Each termijn is split in slices: every part paid late earns interest from the day
    after the due date up to (not including) the day it was paid; the part still open on the reference date
    earns interest up to the reference date. Interest is compounded yearly per slice
    (``inning.recht.rente``). Barred termijnen (on the reference date) earn nothing: the interest on a barred
    claim is barred with it (art. 3:308 BW). Payments are allocated to principal as in the statement; this
    module does not re-allocate them to interest first.
    """
    totaal = NUL
    for t in overzicht.termijnen:
        if t.verjaard:
            continue
        verzuim = t.vervaldatum + timedelta(days=1)
        schijven = [(d, b) for d, b in t.toegerekend] + [(overzicht.peildatum, t.open)]
        for tot, bedrag in schijven:
            if bedrag > 0 and tot > verzuim:
                totaal += wettelijke_rente(hoofdsom=bedrag, vanaf=verzuim, tot=tot, tarieven=tarieven).rente
    return totaal
