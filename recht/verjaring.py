"""Limitation (verjaring) of alimony termijnen.

Each periodic termijn prescribes five years after the day it fell due (art. 3:308 BW; under a court decision
art. 3:324 lid 3 BW: "vijf jaren voor wat betreft hetgeen ingevolge de uitspraak bij het jaar of kortere
termijn moet worden betaald"). A one-off sum depends on its title:

- awarded by a court or arbitral decision: the power to enforce it prescribes twenty years after the day of
  the decision (art. 3:324 lid 1 BW), or after the day a condition for enforcement was met when that is later
  (there: its due date); lid 3 does not apply, the sum is not payable "bij het jaar of kortere termijn";
- under a notarial deed or a private agreement: a claim to perform an obligation from agreement, five years
  after it became due (art. 3:307 lid 1 BW). A notarial deed is enforceable (Rv 430) but is no "rechterlijke
  of arbitrale uitspraak", so art. 3:324 does not cover it.

The period is interrupted (stuiting) by a written demand, an acknowledgement or an act of enforcement
(art. 3:317 lid 1, 3:318 BW; for a decision art. 3:325 lid 2: service, schriftelijke aanmaning,
acknowledgement, enforcement). After an interruption a new period starts the next day (art. 3:319 lid 1 BW),
as long as the original "doch niet langer dan vijf jaren", and never ending before the original period
would have without the interruption (art. 3:319 lid 2 BW, for a decision through art. 3:325 lid 1). So a
demand in year 3 of a twenty-year period leaves its end where it was. An interruption only counts while the
period is still running: once barred, a claim is not revived.

The end of a limitation period is not moved by the Algemene termijnenwet: that Act does not apply to terms of
more than three months (Atw art. 4 lid 1 onder a). "Five years after 29 February" ends on 28 February.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

__all__ = [
    "UITSPRAAK_JAREN",
    "VERJARINGSJAREN",
    "is_verjaard",
    "plus_jaren",
    "verjaringseinde",
    "verjaringseinden",
    "verjaringsgrens",
]

VERJARINGSJAREN = 5  # art. 3:307, 3:308, 3:324 lid 3 BW; also the longest new period (art. 3:319 lid 2)
UITSPRAAK_JAREN = 20  # art. 3:324 lid 1 BW: a one-off sum under a court or arbitral decision


def plus_jaren(d: date, jaren: int) -> date:
    """The same calendar day ``jaren`` years later; 29 February becomes 28 February in a non-leap year."""
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:  # 29 February in a non-leap target year
        return d.replace(year=d.year + jaren, day=28)


def verjaringsgrens(peildatum: date) -> date:
    """The first due date that is not yet barred on ``peildatum`` when nothing interrupted the period: the same
    calendar day five years earlier (art. 3:308 BW). From 29 February that is 28 February, so a claim due on
    1 March five years back is still in, and one due on 28 February too."""
    return plus_jaren(peildatum, -VERJARINGSJAREN)


def _begin_en_einde(vervaldatum: date, uitspraak: date | None) -> tuple[date, date]:
    """(the day the period runs from, its original end) of a termijn; ``uitspraak``: see ``verjaringseinde``."""
    if uitspraak is None:
        return vervaldatum, plus_jaren(vervaldatum, VERJARINGSJAREN)
    begin = max(uitspraak, vervaldatum)  # art. 3:324 lid 1: the decision, or the later due date
    return begin, plus_jaren(begin, UITSPRAAK_JAREN)


def verjaringseinde(*, vervaldatum: date, stuitingen: Iterable[date], uitspraak: date | None = None) -> date:
    """The last day on which the termijn due on ``vervaldatum`` is not yet barred.

    ``uitspraak``: the day of the court decision a ONE-OFF sum is awarded by (20 years, art. 3:324 lid 1 BW);
    None for a periodic termijn or a one-off sum without a decision (5 years, art. 3:307/3:308 BW).
    Each stuiting after the start and not after the current end moves the end to stuiting + 5 years, but
    never before the original end (art. 3:319 lid 2 BW); stuitingen are applied in date order, so the input
    order does not matter.
    """
    begin, einde = _begin_en_einde(vervaldatum, uitspraak)
    for stuiting in sorted(stuitingen):
        if begin < stuiting <= einde:
            einde = max(einde, plus_jaren(stuiting, VERJARINGSJAREN))
    return einde


# due date -> due date + 5 years: a pure function of the date, so it never goes stale. A schedule has one due
# date per month and dossiers share them, so a few thousand entries serve every dossier; cleared when large
# so odd input cannot grow it without bound.
_PLUS_VERJARING: dict[date, date] = {}
_PLUS_VERJARING_MAX = 50_000


def verjaringseinden(
    *,
    vervaldata: Iterable[date],
    stuitingen: Iterable[date],
    uitspraken: Iterable[date | None] | None = None,
) -> list[date]:
    """``verjaringseinde`` of each due date in ``vervaldata`` under the same ``stuitingen``, in input order;
    ``uitspraken`` (parallel to ``vervaldata``, None = all None) gives each one-off sum's decision date.

    The same result as one ``verjaringseinde`` call per due date, for a whole schedule at once: the stuitingen
    are sorted and their new ends computed once instead of per termijn, and the walk over them stops at the
    first stuiting after the current end (sorted, so no later one can interrupt it either).
    """
    nieuw = [(s, plus_jaren(s, VERJARINGSJAREN)) for s in sorted(stuitingen)]
    plus = _PLUS_VERJARING
    if len(plus) > _PLUS_VERJARING_MAX:
        plus.clear()
    eindes: list[date] = []
    vervaldata = list(vervaldata)
    for vervaldatum in vervaldata:
        if type(vervaldatum) is date:  # only plain dates: a subclass keeps its own type through replace()
            einde = plus.get(vervaldatum)
            if einde is None:
                einde = plus[vervaldatum] = plus_jaren(vervaldatum, VERJARINGSJAREN)
        else:
            einde = plus_jaren(vervaldatum, VERJARINGSJAREN)
        for stuiting, stuiting_einde in nieuw:
            if stuiting > einde:
                break
            if vervaldatum < stuiting:
                einde = stuiting_einde  # always later than the end it replaces: max() of art. 3:319 lid 2
        eindes.append(einde)
    if uitspraken is not None:  # the few one-off sums under a decision: their own period (art. 3:324 lid 1)
        gesorteerd = [s for s, _ in nieuw]
        for k, (vervaldatum, uitspraak) in enumerate(zip(vervaldata, uitspraken, strict=True)):
            if uitspraak is not None:
                eindes[k] = verjaringseinde(
                    vervaldatum=vervaldatum, stuitingen=gesorteerd, uitspraak=uitspraak
                )
    return eindes


def is_verjaard(
    *, vervaldatum: date, stuitingen: Iterable[date], op: date, uitspraak: date | None = None
) -> bool:
    """True when on ``op`` the termijn is barred, i.e. ``op`` is after its limitation end."""
    return op > verjaringseinde(vervaldatum=vervaldatum, stuitingen=stuitingen, uitspraak=uitspraak)
