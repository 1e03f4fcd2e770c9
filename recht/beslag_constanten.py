"""Versioned constants of the beslagvrije voet that are not (yet) in the tarieven tables.

Each constant carries its source and a `verifieren` flag: True means the figure was not read from a statute text
and still has to be checked before relying on it.

The letters of the formula of Rv art. 475da lid 2 refer to other statutes. What those statutes state as a number
in their own text (checked against the texts valid from 2026-01-01) is kept here, per version, with its article.
What they leave to a ministerial regulation (the zorgtoeslag threshold income D and standard premium, the
huurtoeslag minimum-inkomensijkpunt, the kindgebonden-budget percentage K and amount L) is not in the texts we
have: those values are inputs of the calculation, and without them the BVV is the ceiling of lid 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recht.fouten import OngeldigeInvoer

__all__ = [
    "FORMULE",
    "REKENHUUR",
    "Constante",
    "FormuleConstanten",
    "formule_constanten_op",
    "rekenhuur_op",
]


@dataclass(frozen=True, slots=True)
class Constante:
    vanaf: date
    waarde: Decimal
    bron: str
    verifieren: bool


# Rv art. 475da lid 5 refers to "het in artikel 13, eerste lid, onderdeel a, van de Wet op de huurtoeslag
# genoemde bedrag" (the maximale huurgrens): housing costs of at least that amount plus 10% raise the BVV on
# request. The housing rules of the BVV changed on 2026-01-01; no earlier version is kept.
# The same amount is H of the lid 2 formula (``FormuleConstanten.maximale_huurgrens``): one figure, read once.
_HUURGRENS_2026 = Constante(
    vanaf=date(2026, 1, 1),
    waarde=Decimal("932.93"),
    bron="Wet op de huurtoeslag art. 13 lid 1 onderdeel a, tekst 2026-01-01: € 932,93 per maand",
    verifieren=False,
)
REKENHUUR: tuple[Constante, ...] = (_HUURGRENS_2026,)


def rekenhuur_op(datum: date) -> Constante:
    """The amount of Wht art. 13 lid 1 a in force on `datum`; refused before the first known version."""
    geldig = [c for c in REKENHUUR if c.vanaf <= datum]
    if not geldig:
        raise OngeldigeInvoer(
            "datum",
            f"Er is geen rekenhuur bekend voor {datum:%d-%m-%Y} (de woonkostenregel geldt vanaf 1-1-2026).",
        )
    return max(geldig, key=lambda c: c.vanaf)


@dataclass(frozen=True, slots=True)
class FormuleConstanten:
    """The numbers of Rv art. 475da lid 2–3 that other statutes state in their text, for one version."""

    vanaf: date
    zorg_percentage: Decimal  # E: Wet op de zorgtoeslag art. 2 lid 3 (% of income above the threshold)
    afbouw_een: Decimal  # F: Wet op de huurtoeslag art. 21 lid 2 a (eenpersoonshuishouden), percent
    afbouw_meer: Decimal  # G: Wet op de huurtoeslag art. 21 lid 2 b (meerpersoonshuishouden), percent
    maximale_huurgrens: Decimal  # H: Wet op de huurtoeslag art. 13 lid 1 a
    basishuur_een: Decimal  # J: Wht art. 16 (normhuur art. 17 lid 2 minus lid 3 a, plus € 12)
    basishuur_meer: Decimal  # J: Wht art. 16 (normhuur art. 17 lid 2 minus lid 3 b, plus € 12)
    zorg_eigen_deel_alleenstaande: Decimal  # Participatiewet art. 23 lid 2 a (lid 3 of 475da)
    zorg_eigen_deel_gehuwden: Decimal  # Participatiewet art. 23 lid 2 b
    bron: str


FORMULE: tuple[FormuleConstanten, ...] = (
    FormuleConstanten(
        vanaf=date(2026, 1, 1),
        zorg_percentage=Decimal("13.730"),
        afbouw_een=Decimal("27"),
        afbouw_meer=Decimal("22"),
        maximale_huurgrens=_HUURGRENS_2026.waarde,
        basishuur_een=Decimal("262.67"),  # 252.49 − 1.82 + 12
        basishuur_meer=Decimal("260.86"),  # 252.49 − 3.63 + 12
        zorg_eigen_deel_alleenstaande=Decimal("47.00"),
        zorg_eigen_deel_gehuwden=Decimal("106.00"),
        bron=(
            "Wet op de zorgtoeslag art. 2 lid 3 (13,730%), Wet op de huurtoeslag art. 13 lid 1 a (€ 932,93), "
            "art. 16 en 17 lid 2–3 (normhuur € 252,49 − € 1,82 / € 3,63, + € 12), art. 21 lid 2 (27% / 22%), "
            "tekst 2026-01-01; Participatiewet art. 23 lid 2 (€ 47 / € 106), tekst 2026-07-01"
        ),
    ),
)


def formule_constanten_op(datum: date) -> FormuleConstanten | None:
    """The statute numbers of the lid 2 formula in force on `datum`, or None before the first known version."""
    geldig = [c for c in FORMULE if c.vanaf <= datum]
    return max(geldig, key=lambda c: c.vanaf) if geldig else None
