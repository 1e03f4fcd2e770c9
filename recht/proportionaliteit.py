"""Proportionality: a step whose costs will predictably exceed what it yields can be an abuse of power
(misbruik van bevoegdheid, art. 3:13 BW). Before a step is proposed the expected costs (Btag tariffs, charged
to the debtor) are set against what it can reasonably yield, and a warning is shown when they exceed it.

Expected yield per step:
- betekening_titel: the arrears (it only orders payment of what is due);
- loonbeslag: min(arrears, garnishable monthly amount × months);
- bankbeslag: min(arrears, the expected balance);
- beslag_roerende_zaken: min(arrears, the estimated proceeds of the goods).
Expected costs per step are the Btag handelingen it needs (the tariffs come from the caller).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, rond_af

__all__ = [
    "HANDELINGEN",
    "STAP_HANDELING",
    "Proportionaliteit",
    "eenmalige_handelingen",
    "proportionaliteit_toets",
    "verwachte_kosten",
]

# The Btag handeling (btag_tarieven.csv) whose tariff belongs to one kind of bailiff step (the values of
# beslag.models.BeslagStap.Soort); steps without one cost nothing by themselves (the declaration is the third
# party's act; the BVV determination is part of the garnishment).
STAP_HANDELING: dict[str, str] = {
    "betekening_titel": "betekening_titel",
    # Every claim of this agency is alimony: an income garnishment for it is one under Rv art. 479b, whose
    # tariff is Btag art. 2 lid 1 onder k, not the general periodic garnishment of onder j.
    "loonbeslag": "alimentatiebeslag_479b",
    "bankbeslag": "derdenbeslag_eenmalig",
    "beslag_roerende_zaken": "beslag_roerende_zaken",
    "overbetekening": "overige_betekening",
    "maandafdracht": "inning_enkelvoudig_per_maand",
}

# The steps a proposed step brings with it, each with whether it recurs every month: a garnishment under a
# third party is served on the debtor (overbetekening) and a wage garnishment is collected monthly.
_STAPPEN: dict[str, tuple[tuple[str, bool], ...]] = {
    "betekening_titel": (("betekening_titel", False),),
    "loonbeslag": (("loonbeslag", False), ("overbetekening", False), ("maandafdracht", True)),
    "bankbeslag": (("bankbeslag", False), ("overbetekening", False)),
    "beslag_roerende_zaken": (("beslag_roerende_zaken", False),),
}

# Btag handelingen a proposed step costs; per-month handelingen are multiplied by the months.
HANDELINGEN: dict[str, tuple[tuple[str, bool], ...]] = {
    stap: tuple((STAP_HANDELING[deel], per_maand) for deel, per_maand in delen)
    for stap, delen in _STAPPEN.items()
}


def eenmalige_handelingen(stap: str) -> tuple[str, ...]:
    """The Btag handelingen a proposed step costs once (without the monthly collection): what a client is told
    the step may cost the debtor before consenting to it."""
    return tuple(handeling for handeling, per_maand in HANDELINGEN[stap] if not per_maand)


@dataclass(frozen=True, slots=True)
class Proportionaliteit:
    stap: str
    kosten: Decimal
    kostenregels: tuple[tuple[str, Decimal], ...]
    verwachte_opbrengst: Decimal
    waarschuwing: bool
    toelichting: str


def verwachte_kosten(
    stap: str, tarieven: Mapping[str, Decimal], *, maanden: int = 1
) -> tuple[tuple[str, Decimal], ...]:
    if stap not in HANDELINGEN:
        raise OngeldigeInvoer("stap", f"Onbekende stap: {stap}.")
    regels = []
    for handeling, per_maand in HANDELINGEN[stap]:
        bedrag = tarieven[handeling] * (maanden if per_maand else 1)
        regels.append((handeling, rond_af(bedrag)))
    return tuple(regels)


def proportionaliteit_toets(
    *,
    stap: str,
    tarieven: Mapping[str, Decimal],
    achterstand: Decimal,
    beslagruimte_per_maand: Decimal | None = None,
    maanden: int = 12,
    verwacht_saldo: Decimal | None = None,
) -> Proportionaliteit:
    """Expected costs against expected yield; `waarschuwing` when the costs exceed the yield."""
    if maanden < 1:
        raise OngeldigeInvoer("maanden", "Het aantal maanden moet ten minste 1 zijn.")
    achterstand = max(NUL, achterstand)
    if stap == "loonbeslag":
        ruimte = beslagruimte_per_maand if beslagruimte_per_maand is not None else NUL
        opbrengst = min(achterstand, rond_af(ruimte * maanden))
        basis = f"beslagruimte {ruimte} × {maanden} maanden, ten hoogste de achterstand {achterstand}"
    elif stap in ("bankbeslag", "beslag_roerende_zaken"):
        saldo = verwacht_saldo if verwacht_saldo is not None else NUL
        opbrengst = min(achterstand, saldo)
        basis = f"verwachte opbrengst {saldo}, ten hoogste de achterstand {achterstand}"
    else:
        opbrengst = achterstand
        basis = f"de achterstand {achterstand}"
    regels = verwachte_kosten(stap, tarieven, maanden=maanden if stap == "loonbeslag" else 1)
    kosten = sum((b for _, b in regels), NUL)
    waarschuwing = kosten > opbrengst
    if waarschuwing:
        toelichting = (
            f"Let op: de verwachte kosten ({kosten}) zijn hoger dan wat deze stap redelijkerwijs oplevert "
            f"({opbrengst}; {basis}). Dit kan misbruik van bevoegdheid zijn (art. 3:13 BW)."
        )
    else:
        toelichting = f"Verwachte kosten {kosten}, verwachte opbrengst {opbrengst} ({basis})."
    return Proportionaliteit(stap, kosten, regels, opbrengst, waarschuwing, toelichting)
