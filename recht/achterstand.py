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

- a payment whose ``aanwijzing`` names a month pays that month's periodic termijnen first (art. 6:43 lid 1
  BW, see ``toerekening``); then the order above;
- a termijn whose amount uses a year without a published indexation percentage is ``voorlopig`` (the last
  known amount, see ``indexering``); ``voorlopige_jaren`` lists those years for the message beside it.

Identity: ``verschuldigd - (betaald - teveel_betaald) == open + verjaard``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter

from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, rond_af
from recht.rente import wettelijke_rente
from recht.termijnen import EenmaligeVordering, Termijn, Verplichting, termijnrijen
from recht.toerekening import OpenTermijn, toereken_ontvangst
from recht.verjaring import verjaringseinden

__all__ = [
    "Achterstandsoverzicht",
    "Betaling",
    "TermijnStand",
    "Totaal",
    "achterstand_bereken",
    "Toerekenstand",
    "open_termijnen_bereken",
    "open_termijnen_doorreken",
    "wettelijke_rente_achterstand",
]


@dataclass(frozen=True, slots=True)
class Betaling:
    datum: date
    bedrag: Decimal
    aanwijzing: tuple[int, int] | None = None  # (year, month) the debtor designated (art. 6:43 lid 1 BW)


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
    voorlopig: bool = False  # the amount uses a year without a published indexation percentage

    @property
    def indexering_open(self) -> Decimal:
        """The open part that is missed indexation (0 for a barred termijn)."""
        if self.verjaard:
            return NUL
        return min(self.open, self.bedrag - self.basisbedrag)


# A statement makes one TermijnStand per termijn, and the frozen dataclass __init__ (object.__setattr__ per
# field, ten fields) was its largest single cost. ``_termijnstand`` fills the same slots through their
# descriptors: an equal object of the same class at about half the cost. It relies on this field order and on
# there being no __post_init__ or default-computing logic in __init__; both are checked on import.
_STAND_VELDEN = (
    "vervaldatum", "verplichting", "omschrijving", "bedrag", "basisbedrag",
    "betaald", "open", "verjaard", "verjaringseinde", "toegerekend", "voorlopig",
)  # fmt: skip
if tuple(f.name for f in fields(TermijnStand)) != _STAND_VELDEN or hasattr(TermijnStand, "__post_init__"):
    raise RuntimeError("TermijnStand changed: update _termijnstand to its fields")
(
    _zet_vervaldatum, _zet_verplichting, _zet_omschrijving, _zet_bedrag, _zet_basisbedrag,
    _zet_betaald, _zet_open, _zet_verjaard, _zet_verjaringseinde, _zet_toegerekend, _zet_voorlopig,
) = (getattr(TermijnStand, veld).__set__ for veld in _STAND_VELDEN)  # fmt: skip
_nieuw = object.__new__


def _termijnstand(
    vervaldatum: date,
    verplichting: int | None,
    omschrijving: str,
    bedrag: Decimal,
    basisbedrag: Decimal,
    betaald: Decimal,
    open_: Decimal,
    verjaard: bool,
    verjaringseinde: date,
    toegerekend: tuple[tuple[date, Decimal], ...],
    voorlopig: bool = False,
) -> TermijnStand:
    """``TermijnStand(...)`` with these fields (positional, in field order), made without its __init__."""
    s = _nieuw(TermijnStand)
    _zet_vervaldatum(s, vervaldatum)
    _zet_verplichting(s, verplichting)
    _zet_omschrijving(s, omschrijving)
    _zet_bedrag(s, bedrag)
    _zet_basisbedrag(s, basisbedrag)
    _zet_betaald(s, betaald)
    _zet_open(s, open_)
    _zet_verjaard(s, verjaard)
    _zet_verjaringseinde(s, verjaringseinde)
    _zet_toegerekend(s, toegerekend)
    _zet_voorlopig(s, voorlopig)
    return s


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
    voorlopige_jaren: tuple[int, ...] = ()  # years whose indexation percentage is not published yet

    @property
    def voorlopig(self) -> bool:
        return bool(self.voorlopige_jaren)


def _kandidaten(
    vervaldata: Sequence[date],
    bedragen: Sequence[Decimal],
    eindes: Sequence[date],
    betaald: Sequence[Decimal],
    open_idx: Sequence[int],
    b: Betaling,
    maanden: Sequence[tuple[int, int] | None] | None = None,
) -> list[OpenTermijn]:
    """The open termijnen a payment can reach, in allocation order, up to the first ones that absorb it
    (all of them for a payment with an ``aanwijzing``, whose designated termijnen come first).

    Only a speed-up: ``toereken_ontvangst`` decides the allocation. Handing it the whole schema for every payment
    costs O(payments x termijnen) objects; this hands it the prefix of its own order (due and not barred,
    oldest first; then due later; then barred) that covers ``b.bedrag``.
    """
    gekozen: list[OpenTermijn] = []
    som = NUL

    def neem(i: int) -> bool:
        nonlocal som
        open_ = bedragen[i] - betaald[i]
        maand = maanden[i] if maanden is not None else None
        gekozen.append(
            OpenTermijn(
                sleutel=i, vervaldatum=vervaldata[i], open=open_, verjaringseinde=eindes[i], maand=maand
            )
        )
        som += open_
        return som >= b.bedrag and b.aanwijzing is None

    for i in open_idx:  # due on or before the payment date and not barred on it
        if vervaldata[i] > b.datum:
            break
        if b.datum <= eindes[i] and neem(i):
            return gekozen
    for i in open_idx:  # due later (a prepayment)
        if vervaldata[i] > b.datum and neem(i):
            return gekozen
    for i in open_idx:  # barred on the payment date
        if b.datum > eindes[i] and neem(i):
            return gekozen
    return gekozen


def _volgorde(
    vervaldata: Sequence[date], eindes: Sequence[date], open_idx: Sequence[int], datum: date
) -> Iterator[int]:
    """The open termijnen (``open_idx``, in schema order) in the order ``toereken_ontvangst`` serves them on
    ``datum``: due and not barred, oldest first; then due later; then barred. Valid when the schema is in
    due-date order and no limitation end lies before its due date (see ``_snel_mogelijk``)."""
    later = len(open_idx)
    for k, i in enumerate(open_idx):
        if vervaldata[i] > datum:
            later = k
            break
        if datum <= eindes[i]:
            yield i
    for k in range(later, len(open_idx)):  # the rest is due later: a prepayment (never barred yet)
        yield open_idx[k]
    for k in range(later):
        i = open_idx[k]
        if datum > eindes[i]:
            yield i


def _aangewezen_eerst(
    vervaldata: Sequence[date],
    eindes: Sequence[date],
    open_idx: Sequence[int],
    b: Betaling,
    maanden: Sequence[tuple[int, int] | None],
    volgorde: Iterable[int],
) -> Iterator[int]:
    """``volgorde`` with the termijnen of the designated month first, in ``volgorde_termijnen``'s order among
    themselves (due and not barred, then due later, then barred; each by due date)."""

    def groep(i: int) -> int:
        return 2 if b.datum > eindes[i] else (0 if vervaldata[i] <= b.datum else 1)

    eerst = sorted((i for i in open_idx if maanden[i] == b.aanwijzing), key=groep)  # stable: due-date order
    yield from eerst
    gedaan = set(eerst)
    yield from (i for i in volgorde if i not in gedaan)


def _maand(vervaldatum: date, verplichting: int | None) -> tuple[int, int] | None:
    """The month a debtor can designate a termijn by: that of a periodic termijn; None for a one-off sum."""
    return None if verplichting is None else (vervaldatum.year, vervaldatum.month)


def _snel_mogelijk(vervaldata: Sequence[date], bedragen: Sequence[Decimal], eindes: Sequence[date]) -> bool:
    """Whether ``_volgorde`` gives exactly what ``_kandidaten`` + ``toereken_ontvangst`` give.

    Always so for a schedule from ``termijnrijen`` with ``verjaringseinden``: due dates ascending, every end
    after its due date (so a termijn due later is never barred), amounts finite Decimals with at most two
    decimals (so every open amount is what ``rond_af`` makes of it, and a payment's prefix in ``_kandidaten``
    covers its rounded amount) and far below the Decimal precision. A hand-made schema that breaks one of these
    takes the general path.
    """
    return (
        all(a <= b for a, b in zip(vervaldata, vervaldata[1:], strict=False))
        and all(v <= e for v, e in zip(vervaldata, eindes, strict=True))
        and all(_in_centen(b) for b in set(bedragen))  # a schedule has a few distinct amounts
    )


def _in_centen(b: Decimal) -> bool:
    return isinstance(b, Decimal) and b.is_finite() and int(b.as_tuple().exponent) >= -2 and abs(b) < _GROOT


_GROOT = Decimal(10) ** 15  # amounts, sums and differences stay exact in the 28-digit default context


def _snel_toerekenen(
    b: Betaling,
    vervaldata: Sequence[date],
    bedragen: Sequence[Decimal],
    eindes: Sequence[date],
    maanden: Sequence[tuple[int, int] | None] | None,
    betaald: list[Decimal],
    open_idx: list[int],
    toegerekend: list[tuple[tuple[date, Decimal], ...]] | None,
) -> tuple[Decimal, bool]:
    """Allocate one payment in place on a schema where ``_snel_mogelijk`` holds: ``betaald``, ``open_idx``
    (and ``toegerekend`` when given) are updated. Returns (what is left of the payment, whether it paid a
    termijn that was barred on its date)."""
    over = rond_af(b.bedrag)
    verjaard = False
    if not over:
        return over, verjaard
    volgorde: Iterable[int] = _volgorde(vervaldata, eindes, open_idx, b.datum)
    if b.aanwijzing is not None and maanden is not None:
        volgorde = _aangewezen_eerst(vervaldata, eindes, open_idx, b, maanden, volgorde)
    afgelost: list[int] = []  # termijnen this payment paid off
    for i in volgorde:
        # open is in whole cents with exponent -2 here, so it is its own ``rond_af``
        deel = min(over, bedragen[i] - betaald[i])
        betaald[i] += deel
        if toegerekend is not None:
            toegerekend[i] += ((b.datum, deel),)
        verjaard = verjaard or b.datum > eindes[i]
        if betaald[i] == bedragen[i]:
            afgelost.append(i)
        over -= deel
        if over == 0:
            break
    for i in afgelost:  # a few per payment: cheaper than filtering the whole list
        open_idx.remove(i)
    return over, verjaard


def _betalingen_toerekenen(
    vervaldata: Sequence[date],
    bedragen: Sequence[Decimal],
    eindes: Sequence[date],
    betalingen: Sequence[Betaling],
    *,
    snel: bool | None = None,
    maanden: Sequence[tuple[int, int] | None] | None = None,
) -> tuple[tuple[Betaling, ...], list[Decimal], list[tuple[tuple[date, Decimal], ...]], Decimal]:
    """Allocate the payments in date order (ties: input order) against the schema (due dates, amounts and
    limitation ends per termijn); returns (payments in allocation order, paid per termijn, (date, part) per
    termijn, paid too much). The one allocation loop of both ``achterstand_bereken`` and
    ``open_termijnen_bereken``.

    The allocation is ``toereken_ontvangst``'s (art. 6:43/6:44 BW, no costs or interest here). On a schema
    where ``_snel_mogelijk`` holds it is done in place: walking the open termijnen in ``_volgorde`` and giving
    each ``min(rest, open)`` until the payment is used up is what ``toereken_ontvangst`` does with the
    candidates of ``_kandidaten``, without the objects per candidate and the sort per payment. ``snel``
    forces one path (for the tests that compare them). ``maanden``: per termijn the (year, month) a periodic
    termijn is for (None for a one-off sum); a payment's ``aanwijzing`` serves that month's termijnen first.
    """
    n = len(bedragen)
    betaald = [NUL] * n
    toegerekend: list[tuple[tuple[date, Decimal], ...]] = [()] * n  # most termijnen get one part or none
    geordend = tuple(sorted(betalingen, key=attrgetter("datum")))  # stable: ties keep the input order
    teveel = NUL
    open_idx = [i for i in range(n) if bedragen[i] > 0]  # schema order = due-date order
    if snel is None:
        snel = _snel_mogelijk(vervaldata, bedragen, eindes)
    for b in geordend:
        if snel:
            over, _ = _snel_toerekenen(
                b, vervaldata, bedragen, eindes, maanden, betaald, open_idx, toegerekend
            )
            teveel += over
            continue
        kandidaten = _kandidaten(vervaldata, bedragen, eindes, betaald, open_idx, b, maanden)
        split = toereken_ontvangst(
            bedrag=b.bedrag, datum=b.datum, termijnen=kandidaten, aanwijzing=b.aanwijzing
        )
        afgelost: list[int] = []  # termijnen this payment paid off
        for deel_ in split.termijnen:
            i = int(deel_.sleutel)  # type: ignore[call-overload]  # we passed the list index as key
            betaald[i] += deel_.bedrag
            toegerekend[i] += ((b.datum, deel_.bedrag),)
            if betaald[i] == bedragen[i]:
                afgelost.append(i)
        teveel += split.rest
        for i in afgelost:  # a few per payment: cheaper than filtering the whole list
            open_idx.remove(i)
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
    _niet_negatief(betalingen)
    n = _prefix(schema, peildatum)
    schema, eindes = schema[:n], eindes[:n]
    _geordend, betaald, _toegerekend, _teveel = _betalingen_toerekenen(
        [t.vervaldatum for t in schema],
        [t.bedrag for t in schema],
        eindes,
        betalingen,
        maanden=[_maand(t.vervaldatum, t.verplichting) for t in schema],
    )
    return [(t, t.bedrag - betaald[i], eindes[i]) for i, t in enumerate(schema) if t.bedrag - betaald[i] > 0]


def _niet_negatief(betalingen: Iterable[Betaling]) -> None:
    for b in betalingen:
        if b.bedrag < 0:
            raise OngeldigeInvoer("betalingen", "Een betaling mag niet negatief zijn.")


def _prefix(schema: Sequence[Termijn], peildatum: date) -> int:
    """How many termijnen of ``schema`` (due-date order) are due on or before ``peildatum``."""
    n = len(schema)
    while n and schema[n - 1].vervaldatum > peildatum:
        n -= 1
    return n


@dataclass
class Toerekenstand:
    """The allocation of one dossier's payments so far against its schedule, carried from one receipt to the
    next (issue 18 item 2): a receipt only allocates the payments added since, not all earlier ones again.

    Valid for the ``schema``/``eindes`` objects it was made with, for the first ``geteld`` payments of a list
    the caller only appends to (the last of them is ``laatste``, checked by identity), allocated against the
    first ``n`` termijnen. ``uitbreidbaar``: no payment so far was left over, paid a termijn barred on its
    date, or designated a month; then termijnen that become due later join the order after every termijn a
    payment reached (see ``open_termijnen_doorreken``), so the allocation so far stays what it is.
    """

    schema: Sequence[Termijn]
    eindes: Sequence[date]
    vervaldata: list[date]
    bedragen: list[Decimal]
    maanden: list[tuple[int, int] | None]
    n: int = 0
    betaald: list[Decimal] = field(default_factory=list)
    open_idx: list[int] = field(default_factory=list)
    geteld: int = 0
    laatste: Betaling | None = None
    tot: date = date.min  # the latest date among the payments allocated
    uitbreidbaar: bool = True

    @classmethod
    def nieuw(cls, schema: Sequence[Termijn], eindes: Sequence[date]) -> Toerekenstand | None:
        """A fresh state, or None for a schema the in-place allocation does not serve (``_snel_mogelijk``)."""
        vervaldata = [t.vervaldatum for t in schema]
        bedragen = [t.bedrag for t in schema]
        if not _snel_mogelijk(vervaldata, bedragen, eindes):
            return None
        maanden = [_maand(t.vervaldatum, t.verplichting) for t in schema]
        return cls(schema=schema, eindes=eindes, vervaldata=vervaldata, bedragen=bedragen, maanden=maanden)

    def past(
        self, schema: Sequence[Termijn], eindes: Sequence[date], n: int, betalingen: Sequence[Betaling]
    ) -> bool:
        """Whether this state can go on with ``betalingen`` against the first ``n`` termijnen of ``schema``."""
        if (
            schema is not self.schema
            or eindes is not self.eindes
            or n < self.n
            or len(betalingen) < self.geteld
        ):
            return False
        if n > self.n and not self.uitbreidbaar:
            return False
        if self.geteld and betalingen[self.geteld - 1] is not self.laatste:
            return False
        return all(b.datum >= self.tot for b in betalingen[self.geteld :])

    def verder(self, n: int, betalingen: Sequence[Betaling]) -> None:
        """Take in termijnen up to ``n`` and allocate the payments after the first ``geteld``."""
        for i in range(self.n, n):
            self.betaald.append(NUL)
            if self.bedragen[i] > 0:
                self.open_idx.append(i)
        self.n = n
        nieuw = sorted(betalingen[self.geteld :], key=attrgetter("datum"))  # stable, as in the whole run
        for b in nieuw:
            over, verjaard = _snel_toerekenen(
                b,
                self.vervaldata,
                self.bedragen,
                self.eindes,
                self.maanden,
                self.betaald,
                self.open_idx,
                None,
            )
            if over or verjaard or b.aanwijzing is not None:
                self.uitbreidbaar = False
        if nieuw:
            self.tot = max(self.tot, nieuw[-1].datum)
            self.geteld = len(betalingen)
            self.laatste = betalingen[-1]


def open_termijnen_doorreken(
    *,
    peildatum: date,
    schema: Sequence[Termijn],
    eindes: Sequence[date],
    betalingen: Sequence[Betaling],
    stand: Toerekenstand | None,
) -> tuple[list[tuple[Termijn, Decimal, date]], Toerekenstand | None]:
    """``open_termijnen_bereken`` for a caller that asks again after appending payments (a bank import, one
    receipt after another): the same list, plus the state to hand to the next call.

    ``stand`` (from the previous call, or None) is carried on when ``Toerekenstand.past``: the new payments
    are all dated on or after the ones allocated and the schedule is the same object, at least as long.
    Otherwise it starts afresh. Allocating payments in date order is what ``_betalingen_toerekenen`` does, and
    a payment's allocation only depends on the payments before it in that order and on the termijnen it can
    reach, so the result equals a whole run (property-tested against ``open_termijnen_bereken``).
    """
    n = _prefix(schema, peildatum)
    if stand is not None and stand.past(schema, eindes, n, betalingen):
        _niet_negatief(betalingen[stand.geteld :])
    else:
        _niet_negatief(betalingen)
        stand = Toerekenstand.nieuw(schema, eindes)
        if stand is None:
            return open_termijnen_bereken(
                peildatum=peildatum, schema=schema, eindes=eindes, betalingen=betalingen
            ), None
    stand.verder(n, betalingen)
    # open_idx holds exactly the termijnen with something open (a part never exceeds what is open)
    return [(schema[i], stand.bedragen[i] - stand.betaald[i], eindes[i]) for i in stand.open_idx], stand


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
    # The schedule as tuples, not ``Termijn`` objects: each row is read once, into its ``TermijnStand``.
    rijen = termijnrijen(
        verplichtingen=verplichtingen, eenmalig=eenmalig, peildatum=peildatum, indexatie=indexatie
    )
    vervaldata = [r[0] for r in rijen]
    bedragen = [r[3] for r in rijen]
    uitspraken = [r[6] for r in rijen]
    eindes = verjaringseinden(
        vervaldata=vervaldata,
        stuitingen=stuitingen,
        uitspraken=uitspraken if any(u is not None for u in uitspraken) else None,
    )
    # ``_snel_mogelijk`` holds by construction: ``termijnrijen`` sorts by due date and rounds every amount to
    # cents (``rond_af``: exponent -2, and too large an amount already raised there), ``verjaringseinden``
    # ends each period at least five years after its due date. So skip the check.
    maanden = (
        [_maand(r[0], r[1]) for r in rijen] if any(b.aanwijzing is not None for b in betalingen) else None
    )
    geordend, betaald, toegerekend, teveel = _betalingen_toerekenen(
        vervaldata, bedragen, eindes, betalingen, snel=True, maanden=maanden
    )
    # The rows and the totals in one pass; each total adds the same amounts in the same order as a sum over
    # the rows would (starting from NUL), so the Decimal results are the same to the exponent.
    standen: list[TermijnStand] = []
    verschuldigd = open_totaal = verjaard_totaal = indexering = NUL
    voorlopige_jaren: set[int] = set()
    for (vervaldatum, verplichting, omschrijving, bedrag, basisbedrag, voorlopig, _u), bet, einde, toe in zip(
        rijen, betaald, eindes, toegerekend, strict=True
    ):
        open_ = bedrag - bet
        verjaard = peildatum > einde
        standen.append(
            _termijnstand(
                vervaldatum,
                verplichting,
                omschrijving,
                bedrag,
                basisbedrag,
                bet,
                open_,
                verjaard,
                einde,
                toe,
                voorlopig,
            )
        )
        if voorlopig:
            voorlopige_jaren.add(vervaldatum.year)
        verschuldigd += bedrag
        if verjaard:
            verjaard_totaal += open_
            indexering += NUL  # ``indexering_open`` of a barred termijn
        else:
            open_totaal += open_
            indexering += min(open_, bedrag - basisbedrag)  # ``indexering_open``
    totaal = Totaal(
        verschuldigd=verschuldigd,
        betaald=sum((rond_af(b.bedrag) for b in betalingen), NUL),
        open=open_totaal,
        verjaard=verjaard_totaal,
        teveel_betaald=teveel,
        waarvan_indexering=indexering,
    )
    return Achterstandsoverzicht(
        peildatum=peildatum,
        termijnen=tuple(standen),
        betalingen=geordend,
        totaal=totaal,
        voorlopige_jaren=_voorlopige_jaren(voorlopige_jaren),
    )


def _voorlopige_jaren(jaren_met_termijn: set[int]) -> tuple[int, ...]:
    """The years whose termijnen are provisional. Not the range from the table's last year: an amount set
    after that year is first indexed later, so its termijnen of the year in between are not provisional
    (table to 2025, amount set in March 2026: only 2027 is). Every provisional year has termijnen, so none
    is lost."""
    return tuple(sorted(jaren_met_termijn))


def wettelijke_rente_achterstand(
    *, overzicht: Achterstandsoverzicht, tarieven: Sequence[tuple[date, Decimal]]
) -> Decimal:
    """Statutory interest (art. 6:119 BW) on the termijnen of a statement, for a dossier that asks for it.

    A termijn's due date is a fixed date, so the debtor is in default from the next day without a notice
    (art. 6:83 onder a BW). Each termijn is split in slices: every part paid late earns interest from the day
    after the due date up to (not including) the day it was paid; the part still open on the reference date
    earns interest up to the reference date. Interest is compounded yearly per slice
    (``recht.rente``). Barred termijnen (on the reference date) earn nothing: the interest on a barred
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
