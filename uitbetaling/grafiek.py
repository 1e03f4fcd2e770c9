"""A server-rendered SVG bar chart of what was due versus what was paid per month.

No JavaScript and no inline styles (the CSP forbids them): colours are SVG presentation attributes and
classes from ``static/uitbetaling/uitbetaling.css``. Accessible: ``role="img"`` with a ``<title>`` and
``<desc>``; the page shows the same figures as a table next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from recht.geld import euro

__all__ = ["MaandCijfer", "mooie_schaal", "svg_verschuldigd_betaald"]

MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
KLEUR_VERSCHULDIGD = "#6c757d"  # grey: the obligation
KLEUR_BETAALD = "#0d6efd"  # blue: what came in (contrast ≥ 3:1 against white for graphics)


@dataclass(frozen=True, slots=True)
class MaandCijfer:
    maand: date  # first day of the month
    verschuldigd: Decimal
    betaald: Decimal


def mooie_schaal(maximum: Decimal) -> tuple[Decimal, Decimal]:
    """(top of the axis, step) with 4 steps of 1, 2 or 5 × 10^n that cover ``maximum``."""
    maximum = max(maximum, Decimal(100))  # an almost empty chart still gets a readable euro axis
    ruw = maximum / 4
    macht = Decimal(1)
    while macht * 10 <= ruw:
        macht *= 10
    while macht > ruw:
        macht /= 10
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        stap = macht * factor
        if stap * 4 >= maximum:
            return stap * 4, stap
    return macht * 40, macht * 10  # pragma: no cover - the loop always returns


def svg_verschuldigd_betaald(
    *, maanden: list[MaandCijfer], titel: str, id_prefix: str = "grafiek"
) -> SafeString:
    breedte, hoogte = 720, 280
    links, rechts, boven, onder = 70, 10, 20, 50
    plot_b, plot_h = breedte - links - rechts, hoogte - boven - onder
    hoogste = max([m.verschuldigd for m in maanden] + [m.betaald for m in maanden] + [Decimal(0)])
    top, stap = mooie_schaal(hoogste)
    n = max(len(maanden), 1)
    groep = plot_b / n
    staaf = max(min(groep * 0.35, 28), 2)

    def y(bedrag: Decimal) -> float:
        return boven + plot_h - float(bedrag / top) * plot_h

    beschrijving = "; ".join(
        f"{MAANDEN[m.maand.month - 1]} {m.maand.year}: verschuldigd {euro(m.verschuldigd)}, betaald {euro(m.betaald)}"
        for m in maanden
    )
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="uitbetaling-grafiek" viewBox="0 0 {breedte} {hoogte}" '
        f'role="img" aria-labelledby="{id_prefix}-titel {id_prefix}-desc" focusable="false">',
        f'<title id="{id_prefix}-titel">{escape(titel)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(beschrijving) or "Geen gegevens"}</desc>',
    ]
    tick = Decimal(0)
    while tick <= top:
        ty = y(tick)
        delen.append(
            f'<line x1="{links}" y1="{ty:.1f}" x2="{breedte - rechts}" y2="{ty:.1f}" stroke="#dee2e6"/>'
            f'<text x="{links - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#212529">'
            f"{escape(euro(tick).replace(',00', ''))}</text>"
        )
        tick += stap
    for i, m in enumerate(maanden):
        x0 = links + i * groep + groep / 2
        for bedrag, kleur, dx in (
            (m.verschuldigd, KLEUR_VERSCHULDIGD, -staaf),
            (m.betaald, KLEUR_BETAALD, 0),
        ):
            yy = y(bedrag)
            delen.append(
                f'<rect x="{x0 + dx:.1f}" y="{yy:.1f}" width="{staaf:.1f}" '
                f'height="{boven + plot_h - yy:.1f}" fill="{kleur}"/>'
            )
        label = MAANDEN[m.maand.month - 1] + (
            f" {m.maand.year % 100:02d}" if m.maand.month == 1 or i == 0 else ""
        )
        delen.append(
            f'<text x="{x0:.1f}" y="{boven + plot_h + 16}" text-anchor="middle" font-size="11" fill="#212529">'
            f"{escape(label)}</text>"
        )
    # Legend.
    ly = hoogte - 12
    delen.append(
        f'<rect x="{links}" y="{ly - 9}" width="10" height="10" fill="{KLEUR_VERSCHULDIGD}"/>'
        f'<text x="{links + 14}" y="{ly}" font-size="11" fill="#212529">verschuldigd</text>'
        f'<rect x="{links + 110}" y="{ly - 9}" width="10" height="10" fill="{KLEUR_BETAALD}"/>'
        f'<text x="{links + 124}" y="{ly}" font-size="11" fill="#212529">betaald</text>'
    )
    delen.append(
        f'<line x1="{links}" y1="{boven + plot_h}" x2="{breedte - rechts}" y2="{boven + plot_h}" stroke="#212529"/>'
    )
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 - every text above went through escape()
