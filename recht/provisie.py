"""The agency's commission (provisie) on an amount collected.

Per the agency's terms (Algemene voorwaarden): 12% of every amount collected, including VAT because prices to
consumers are quoted including VAT (art. 2 lid 1 Besluit prijsaanduiding producten / consumer practice);
the VAT part is ``btw_percentage / (100 + btw_percentage)`` of the commission (21/121 at 21%, Wet OB 1968
art. 9). Commission is computed per receipt; each figure is rounded once to cents half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from recht.geld import rond_af

__all__ = ["Provisie", "provisie_bereken"]


@dataclass(frozen=True, slots=True)
class Provisie:
    provisie: Decimal  # including VAT
    waarvan_btw: Decimal
    naar_client: Decimal  # bedrag - provisie


def provisie_bereken(*, bedrag: Decimal, percentage: Decimal, btw_percentage: Decimal) -> Provisie:
    """Commission on ``bedrag``: 450.00 at 12% / 21% VAT → provisie 54.00, waarvan btw 9.37, client 396.00.

    A negative ``bedrag`` (a reversed receipt) gives the mirrored negative figures.
    """
    bedrag = rond_af(bedrag)
    provisie = rond_af(bedrag * percentage / 100)
    btw = rond_af(provisie * btw_percentage / (100 + btw_percentage))
    return Provisie(provisie=provisie, waarvan_btw=btw, naar_client=bedrag - provisie)
