"""Money: the one rounding helper of the project.

Every amount is a ``Decimal`` rounded to cents with ROUND_HALF_UP ("afronden op centen, een halve cent
naar boven", away from zero for negative amounts so that a reversal mirrors its original). Splits use the
largest-remainder method so that the parts always add up to the whole. Never float.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

__all__ = ["CENT", "NUL", "bedrag_str", "euro", "rond_af", "verdeel"]

CENT = Decimal("0.01")
NUL = Decimal("0.00")


def rond_af(x: Decimal | int | str) -> Decimal:
    """Round to cents, half up (away from zero). ``-0.00`` is normalised to ``0.00``."""
    if isinstance(x, float):  # a float has already lost the cents we are asked to keep
        raise TypeError("rond_af accepteert geen float; gebruik Decimal")
    uitkomst = Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)
    return uitkomst if uitkomst != 0 else NUL


def verdeel(bedrag: Decimal, gewichten: Sequence[Decimal | int]) -> list[Decimal]:
    """Split ``bedrag`` (in cents) over ``gewichten`` by largest remainder.

    The parts sum exactly to ``rond_af(bedrag)``. Each part first gets its share rounded down to a cent;
    the cents left over go one by one to the largest remainders, ties to the earliest weight (so the result
    is deterministic). A negative amount is split as its absolute value and negated.
    """
    gewichten = [Decimal(g) for g in gewichten]
    if not gewichten:
        raise ValueError("verdeel: geen gewichten")
    if any(g < 0 for g in gewichten):
        raise ValueError("verdeel: een gewicht is negatief")
    totaal_gewicht = sum(gewichten, Decimal(0))
    if totaal_gewicht == 0:
        raise ValueError("verdeel: de gewichten tellen op tot nul")
    totaal = rond_af(bedrag)
    teken = -1 if totaal < 0 else 1
    centen = int(abs(totaal) / CENT)
    exact = [Decimal(centen) * g / totaal_gewicht for g in gewichten]
    delen = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    over = centen - sum(delen)
    volgorde = sorted(range(len(exact)), key=lambda i: (-(exact[i] - delen[i]), i))
    for i in volgorde[:over]:
        delen[i] += 1
    return [rond_af(Decimal(teken * d) * CENT) for d in delen]


def bedrag_str(d: Decimal) -> str:
    """The API form of an amount: ``"1234.56"`` (two decimals, no thousands separator)."""
    return format(rond_af(d), "f")


def euro(d: Decimal) -> str:
    """The Dutch display form: ``"€ 1.234,56"``; negative as ``"€ -1.234,56"``."""
    afgerond = rond_af(d)
    teken = "-" if afgerond < 0 else ""
    heel, _, centen = format(abs(afgerond), "f").partition(".")
    groepen: list[str] = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    return f"€ {teken}{'.'.join(groepen)},{centen}"
