"""Limitation (verjaring) of alimony termijnen.

Each termijn prescribes five years after the day it fell due (art. 3:308 BW). The period is interrupted
(stuiting) by a written demand, an acknowledgement or an act of enforcement (art. 3:317 lid 1, 3:318,
3:324/3:325 BW); after an interruption a new period of the same length starts (art. 3:319 lid 1 BW).
An interruption only counts while the period is still running: once barred, a claim is not revived.

The end of a limitation period is not moved by the Algemene termijnenwet: that Act does not apply to terms of
more than three months (Atw art. 4 lid 1 onder a). "Five years after 29 February" ends on 28 February.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

__all__ = ["VERJARINGSJAREN", "is_verjaard", "plus_jaren", "verjaringseinde", "verjaringseinden"]

VERJARINGSJAREN = 5


def plus_jaren(d: date, jaren: int) -> date:
    """The same calendar day ``jaren`` years later; 29 February becomes 28 February in a non-leap year."""
    try:
        return d.replace(year=d.year + jaren)
    except ValueError:  # 29 February in a non-leap target year
        return d.replace(year=d.year + jaren, day=28)


def verjaringseinde(*, vervaldatum: date, stuitingen: Iterable[date]) -> date:
    """The last day on which the termijn due on ``vervaldatum`` is not yet barred.

    Start: due date + 5 years. Each stuiting after the due date and not after the current end moves the end
    to stuiting + 5 years; stuitingen are applied in date order, so the input order does not matter.
    """
    einde = plus_jaren(vervaldatum, VERJARINGSJAREN)
    for stuiting in sorted(stuitingen):
        if vervaldatum < stuiting <= einde:
            einde = plus_jaren(stuiting, VERJARINGSJAREN)
    return einde


# due date -> due date + 5 years: a pure function of the date, so it never goes stale. A schedule has one due
# date per month and dossiers share them, so a few thousand entries serve every dossier; cleared when large
# so odd input cannot grow it without bound.
_PLUS_VERJARING: dict[date, date] = {}
_PLUS_VERJARING_MAX = 50_000


def verjaringseinden(*, vervaldata: Iterable[date], stuitingen: Iterable[date]) -> list[date]:
    """``verjaringseinde`` of each due date in ``vervaldata`` under the same ``stuitingen``, in input order.

    The same result as one ``verjaringseinde`` call per due date, for a whole schedule at once: the stuitingen
    are sorted and their new ends computed once instead of per termijn, and the walk over them stops at the
    first stuiting after the current end (sorted, so no later one can interrupt it either).
    """
    nieuw = [(s, plus_jaren(s, VERJARINGSJAREN)) for s in sorted(stuitingen)]
    plus = _PLUS_VERJARING
    if len(plus) > _PLUS_VERJARING_MAX:
        plus.clear()
    eindes: list[date] = []
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
                einde = stuiting_einde
        eindes.append(einde)
    return eindes


def is_verjaard(*, vervaldatum: date, stuitingen: Iterable[date], op: date) -> bool:
    """True when on ``op`` the termijn is barred, i.e. ``op`` is after its limitation end."""
    return op > verjaringseinde(vervaldatum=vervaldatum, stuitingen=stuitingen)
