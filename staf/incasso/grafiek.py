"""Server-rendered SVG bar charts for the dashboard: no JavaScript, no inline styles (CSP), with a title,
a description and the numbers as text so that screen readers and print get them too."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from recht.geld import euro as euro_str

BREEDTE = 560
HOOGTE = 220
MARGE_LINKS = 10
MARGE_ONDER = 40
MARGE_BOVEN = 22


@dataclass(frozen=True)
class Staaf:
    x: float
    y: float
    breedte: float
    hoogte: float
    label: str
    waarde_tekst: str
    label_x: float
    waarde_y: float


@dataclass(frozen=True)
class Staafdiagram:
    titel: str
    staven: list[Staaf]
    breedte: int
    hoogte: int
    basislijn: float
    label_y: float
    beschrijving: str
    rijen: list[tuple[str, str]]


def _tekst(waarde, *, eenheid: str, euro: bool) -> str:
    """The number above a bar; '–' where there is no data (e.g. a week without reminders)."""
    if waarde is None:
        return "–"
    return euro_str(Decimal(waarde)) if euro else f"{waarde}{eenheid}"


def staafdiagram(
    *,
    titel: str,
    reeks: list[tuple[str, Decimal | int | None]],
    eenheid: str = "",
    euro: bool = False,
    maximum=None,
) -> Staafdiagram:
    waarden = [Decimal(w) for _, w in reeks if w is not None]
    top = Decimal(maximum) if maximum is not None else max(waarden + [Decimal(1)])
    if top <= 0:
        top = Decimal(1)
    n = max(len(reeks), 1)
    vak = (BREEDTE - MARGE_LINKS * 2) / n
    breedte = vak * 0.6
    bruikbaar = HOOGTE - MARGE_ONDER - MARGE_BOVEN
    basislijn = HOOGTE - MARGE_ONDER
    staven = []
    rijen = []
    for i, (label, waarde) in enumerate(reeks):
        h = float(Decimal(waarde) / top) * bruikbaar if waarde else 0.0  # None: no data that week
        x = MARGE_LINKS + i * vak + (vak - breedte) / 2
        tekst = _tekst(waarde, eenheid=eenheid, euro=euro)
        staven.append(
            Staaf(
                x=round(x, 1),
                y=round(basislijn - h, 1),
                breedte=round(breedte, 1),
                hoogte=round(h, 1),
                label=str(label),
                waarde_tekst=tekst,
                label_x=round(x + breedte / 2, 1),
                waarde_y=round(basislijn - h - 4, 1),
            )
        )
        rijen.append((str(label), tekst))
    beschrijving = "; ".join(f"{label}: {tekst}" for label, tekst in rijen)
    return Staafdiagram(
        titel=titel,
        staven=staven,
        breedte=BREEDTE,
        hoogte=HOOGTE,
        basislijn=basislijn,
        label_y=basislijn + 16,
        beschrijving=beschrijving,
        rijen=rijen,
    )
