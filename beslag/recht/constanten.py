"""Versioned constants of the beslagvrije voet that are not (yet) in the tarieven tables.

Each constant carries its source and a `verifieren` flag: True means the figure was taken from a secondary
source (DOMAIN.md) and still has to be checked against the text of the law before relying on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .fouten import OngeldigeInvoer

__all__ = ["REKENHUUR", "Constante", "rekenhuur_op"]


@dataclass(frozen=True, slots=True)
class Constante:
    vanaf: date
    waarde: Decimal
    bron: str
    verifieren: bool


# Rv art. 475da lid 5–6 (tekst 2026-01-01): housing costs above the rekenhuur × 1.10 raise the BVV on request.
# The housing rules changed on 2026-01-01; no earlier rekenhuur is kept because the old rule differed.
REKENHUUR: tuple[Constante, ...] = (
    Constante(
        vanaf=date(2026, 1, 1),
        waarde=Decimal("932.93"),
        bron="Rekenhuur 2026 voor Rv art. 475da lid 5–6: € 932,93 (nog te verifiëren aan de bekendmaking)",
        verifieren=True,
    ),
)


def rekenhuur_op(datum: date) -> Constante:
    """The rekenhuur in force on `datum`; refused before the first known version."""
    geldig = [c for c in REKENHUUR if c.vanaf <= datum]
    if not geldig:
        raise OngeldigeInvoer(
            "datum",
            f"Er is geen rekenhuur bekend voor {datum:%d-%m-%Y} (de woonkostenregel geldt vanaf 1-1-2026).",
        )
    return max(geldig, key=lambda c: c.vanaf)
