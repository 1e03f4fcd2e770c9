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

__all__ = ["VERJARINGSJAREN", "is_verjaard", "plus_jaren", "verjaringseinde"]

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


def is_verjaard(*, vervaldatum: date, stuitingen: Iterable[date], op: date) -> bool:
    """True when on ``op`` the termijn is barred, i.e. ``op`` is after its limitation end."""
    return op > verjaringseinde(vervaldatum=vervaldatum, stuitingen=stuitingen)
