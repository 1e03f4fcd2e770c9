"""Beslagvrije voet (BVV): the part of a monthly income a garnishment must leave to the debtor.

Wetboek van Burgerlijke Rechtsvordering (Rv) art. 475b–475fa, text in force on 2026-01-01. Terms, in order:

1. **Basis** — Rv art. 475da lid 1: the household maximum (table `BvvMaximum`, changes 1 January and 1 July).
   Rv art. 475da lid 2 gives a formula per household type (95% of the social-assistance norm + a health-
   insurance term ((C − D)/12 × E, capped by lid 3) + a housing term + child terms); the BVV is the lower of the
   formula and the maximum. The definitions of the letters C, D, E and of the housing and child terms are an
   **interpretation** (not in the sources we have): every term computed from the formula is marked
   ``niet_bevestigd``. Where the formula's inputs are unknown we use the maximum, which is what most employed
   debtors with an ordinary income get.
   **No address** in the BRP — Rv art. 475da lid 4: 47.5% of the couple norm (2026: 2002.13 × 0.475 = 951.01).
   With a fixed address **abroad** the amount is multiplied by a country factor set by decree; those factors
   are not in our tables, so the calculation is refused (and domestic garnishment does not apply anyway).
2. **Housing** — Rv art. 475da lid 5–6: on request, raised by the housing costs above rekenhuur × 1.10.
3. **Partner income** — Rv art. 475db: reduced by the spouse's non-garnished income, by at most half the BVV;
   then by the debtor's own non-garnished income.
4. **Income cap** — Rv art. 475dc lid 1: never more than 95% of the monthly income including holiday pay.
5. A determination holds 12 months (Rv art. 475d lid 2) and is made on monthly amounts.

Rounding: every term through ``nlai.geld.rond_af`` (cents, half up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from nlai.geld import NUL, rond_af

from .fouten import OngeldigeInvoer

__all__ = [
    "REGELVERSIE",
    "Adres",
    "BvvInvoer",
    "BvvTabellen",
    "BvvTerm",
    "BvvUitkomst",
    "FormuleInvoer",
    "Huishouden",
    "bvv_bereken",
    "geldig_tot",
    "leefsituatie_voor",
]

REGELVERSIE = "Rv 475da–475dc tekst 2026-01-01"
VAKANTIEBIJSLAG = Decimal("0.08")  # art. 15 Wet minimumloon en minimumvakantiebijslag: at least 8%
INKOMENSGRENS = Decimal("0.95")  # 475dc lid 1
HUISVESTING_MARGE = Decimal("1.10")  # 475da lid 6: rekenhuur plus 10%
GEEN_ADRES_FACTOR = Decimal("0.475")  # 475da lid 4
# 475da lid 3 (2026): the health-insurance term is capped at the monthly standard premium minus these amounts.
# Source: DOMAIN.md; verify against the text in force.
ZORG_EIGEN_DEEL = {"alleenstaande": Decimal("47"), "gehuwden": Decimal("106")}


class Huishouden(StrEnum):
    ALLEENSTAANDE = "alleenstaande"
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder"
    GEHUWDEN_ZONDER_KINDEREN = "gehuwden_zonder_kinderen"
    GEHUWDEN_MET_KINDEREN = "gehuwden_met_kinderen"

    @property
    def met_partner(self) -> bool:
        return self in (Huishouden.GEHUWDEN_ZONDER_KINDEREN, Huishouden.GEHUWDEN_MET_KINDEREN)


class Adres(StrEnum):
    NL = "nl"  # an address in the BRP
    GEEN = "geen"  # no address in the BRP (475da lid 4)
    BUITENLAND = "buitenland"  # fixed address abroad (country factor by decree)


def leefsituatie_voor(huishouden: Huishouden | str) -> str:
    """The Participatiewet norm (table `Bijstandsnorm`) that belongs to a BVV household type."""
    return "gehuwden" if Huishouden(huishouden).met_partner else "alleenstaande_of_alleenstaande_ouder"


@dataclass(frozen=True, slots=True)
class FormuleInvoer:
    """Inputs of the 475da lid 2 formula. Letter definitions are an interpretation (niet bevestigd)."""

    toetsingsinkomen_jaar: Decimal  # C: yearly taxable income
    drempelinkomen: Decimal  # D: threshold income
    afbouwpercentage: Decimal  # E: zorgtoeslag phase-out percentage (e.g. 13.520)
    standaardpremie_maand: Decimal  # monthly standard premium, for the lid 3 cap
    woonterm: Decimal = NUL
    kindterm: Decimal = NUL


@dataclass(frozen=True, slots=True)
class BvvInvoer:
    datum: date
    huishouden: Huishouden
    netto_inkomen: Decimal | None = None  # per month
    vakantiegeld_inbegrepen: bool = True
    partner_inkomen: Decimal = NUL  # spouse's non-garnished income per month
    eigen_overig_inkomen: Decimal = NUL  # the debtor's own non-garnished income per month
    woonkosten: Decimal | None = None  # per month
    woonkostenverzoek_toegekend: bool = False
    adres: Adres = Adres.NL
    formule: FormuleInvoer | None = None


@dataclass(frozen=True, slots=True)
class BvvTabellen:
    """The table values on `datum`, looked up by the caller (the pure function never reads the database)."""

    maximum: Decimal  # 475da lid 1, for the household
    norm_huishouden: Decimal  # Participatiewet norm incl. holiday pay for the household (A or B)
    norm_gehuwden: Decimal  # couple norm, for 475da lid 4
    rekenhuur: Decimal | None = None  # 475da lid 5–6
    rekenhuur_verifieren: bool = False  # the rekenhuur comes from a constant still to be verified


@dataclass(frozen=True, slots=True)
class BvvTerm:
    naam: str
    artikel: str
    bedrag: Decimal  # signed: what this term adds to (or takes from) the BVV
    niet_bevestigd: bool = False
    toelichting: str = ""


@dataclass(frozen=True, slots=True)
class BvvUitkomst:
    beslagvrije_voet: Decimal
    inkomen_incl_vakantiegeld: Decimal | None
    beslagruimte: Decimal | None  # what the third party pays to the bailiff each month
    termen: tuple[BvvTerm, ...]
    geldig_tot: date
    regelversie: str = REGELVERSIE
    meldingen: tuple[str, ...] = field(default_factory=tuple)

    @property
    def niet_bevestigd(self) -> bool:
        return any(t.niet_bevestigd for t in self.termen)


def geldig_tot(datum: date) -> date:
    """Last day of the 12 months a determination holds (475d lid 2): the day before the same date a year on."""
    try:
        volgend = datum.replace(year=datum.year + 1)
    except ValueError:  # 29 February
        volgend = date(datum.year + 1, 3, 1)
    return volgend - timedelta(days=1)


def _niet_negatief(veld: str, waarde: Decimal | None) -> None:
    if waarde is not None and waarde < 0:
        raise OngeldigeInvoer(veld, "Een bedrag mag niet negatief zijn.")


def _formule(invoer: BvvInvoer, tabellen: BvvTabellen) -> list[BvvTerm]:
    f = invoer.formule
    assert f is not None
    situatie = "gehuwden" if invoer.huishouden.met_partner else "alleenstaande"
    termen = [
        BvvTerm(
            "95% van de bijstandsnorm (A/B)",
            "Rv art. 475da lid 2",
            rond_af(tabellen.norm_huishouden * INKOMENSGRENS),
            toelichting="Norm inclusief vakantietoeslag (Participatiewet art. 21).",
        )
    ]
    zorg = max(NUL, (f.toetsingsinkomen_jaar - f.drempelinkomen) / 12 * f.afbouwpercentage / 100)
    plafond = max(NUL, f.standaardpremie_maand - ZORG_EIGEN_DEEL[situatie])
    termen.append(
        BvvTerm(
            "Zorgterm (C − D)/12 × E, begrensd door lid 3",
            "Rv art. 475da lid 2–3",
            rond_af(min(zorg, plafond)),
            niet_bevestigd=True,
            toelichting="C = toetsingsinkomen per jaar, D = drempelinkomen, E = afbouwpercentage zorgtoeslag: "
            "interpretatie, niet bevestigd.",
        )
    )
    if f.woonterm:
        termen.append(BvvTerm("Woonterm", "Rv art. 475da lid 2", rond_af(f.woonterm), niet_bevestigd=True))
    if f.kindterm:
        termen.append(BvvTerm("Kindterm", "Rv art. 475da lid 2", rond_af(f.kindterm), niet_bevestigd=True))
    return termen


def bvv_bereken(invoer: BvvInvoer, tabellen: BvvTabellen) -> BvvUitkomst:
    """The beslagvrije voet for one debtor on `invoer.datum`, term by term (see the module docstring)."""
    for veld in ("netto_inkomen", "partner_inkomen", "eigen_overig_inkomen", "woonkosten"):
        _niet_negatief(veld, getattr(invoer, veld))
    huishouden = Huishouden(invoer.huishouden)
    adres = Adres(invoer.adres)
    if invoer.partner_inkomen and not huishouden.met_partner:
        raise OngeldigeInvoer(
            "partner_inkomen", "Partnerinkomen telt alleen mee bij gehuwden of samenwonenden."
        )
    if adres is Adres.BUITENLAND:
        raise OngeldigeInvoer(
            "adres",
            "Bij een vast adres in het buitenland wordt de voet vermenigvuldigd met een landenfactor die bij besluit "
            "is vastgesteld (Rv art. 475da lid 4); die factoren staan niet in onze tabellen. Binnenlandse "
            "beslagstappen zijn bovendien niet mogelijk bij een debiteur in het buitenland.",
        )

    termen: list[BvvTerm] = []
    meldingen: list[str] = []
    if adres is Adres.GEEN:
        basis = rond_af(tabellen.norm_gehuwden * GEEN_ADRES_FACTOR)
        termen.append(
            BvvTerm(
                "Geen adres in de BRP: 47,5% van de gehuwdennorm",
                "Rv art. 475da lid 4",
                basis,
                toelichting=f"{tabellen.norm_gehuwden} × 0,475",
            )
        )
    else:
        termen.append(
            BvvTerm(
                "Maximale beslagvrije voet voor dit huishouden",
                "Rv art. 475da lid 1",
                tabellen.maximum,
            )
        )
        basis = tabellen.maximum
        if invoer.formule is not None:
            formuletermen = _formule(invoer, tabellen)
            formule = sum((t.bedrag for t in formuletermen), NUL)
            if formule < basis:
                # The formula gives less than the maximum: the BVV is the formula (an interpretation).
                termen = formuletermen
                basis = formule
                meldingen.append("De formule van lid 2 geeft minder dan het maximum; de formule is gebruikt.")
            else:
                meldingen.append(
                    "De formule van lid 2 geeft ten minste het maximum; het maximum is gebruikt."
                )
        else:
            meldingen.append(
                "De gegevens voor de formule van lid 2 zijn niet opgegeven; het maximum (lid 1) is gebruikt."
            )
    bvv = basis

    if invoer.woonkostenverzoek_toegekend:
        if adres is not Adres.NL:
            raise OngeldigeInvoer(
                "woonkosten", "Een woonkostenverhoging kan alleen bij een adres in Nederland."
            )
        if invoer.woonkosten is None:
            raise OngeldigeInvoer("woonkosten", "Vul de woonkosten per maand in.")
        if tabellen.rekenhuur is None:
            raise OngeldigeInvoer("datum", "Voor deze datum is geen rekenhuur bekend.")
        drempel = rond_af(tabellen.rekenhuur * HUISVESTING_MARGE)
        verhoging = max(NUL, rond_af(invoer.woonkosten - drempel))
        termen.append(
            BvvTerm(
                "Verhoging woonkosten boven rekenhuur + 10%",
                "Rv art. 475da lid 5–6",
                verhoging,
                niet_bevestigd=tabellen.rekenhuur_verifieren,
                toelichting=f"{invoer.woonkosten} − ({tabellen.rekenhuur} × 1,10 = {drempel})",
            )
        )
        bvv += verhoging

    if invoer.partner_inkomen:
        halve = rond_af(bvv / 2)
        vermindering = min(rond_af(invoer.partner_inkomen), halve)
        termen.append(
            BvvTerm(
                "Vermindering met het niet-beslagen inkomen van de partner (ten hoogste de helft)",
                "Rv art. 475db",
                -vermindering,
                toelichting=f"min({invoer.partner_inkomen}, helft van {bvv} = {halve})",
            )
        )
        bvv -= vermindering
    if invoer.eigen_overig_inkomen:
        vermindering = min(rond_af(invoer.eigen_overig_inkomen), bvv)
        termen.append(
            BvvTerm("Vermindering met het eigen niet-beslagen inkomen", "Rv art. 475db", -vermindering)
        )
        bvv -= vermindering

    inkomen: Decimal | None = None
    if invoer.netto_inkomen is not None:
        inkomen = rond_af(invoer.netto_inkomen)
        if not invoer.vakantiegeld_inbegrepen:
            bijslag = rond_af(inkomen * VAKANTIEBIJSLAG)
            inkomen += bijslag
            meldingen.append(
                f"Vakantiegeld niet inbegrepen: 8% ({bijslag}) opgeteld (art. 15 Wml, minimum; niet bevestigd)."
            )
        grens = rond_af(inkomen * INKOMENSGRENS)
        if bvv > grens:
            termen.append(
                BvvTerm(
                    "Begrenzing op 95% van het inkomen inclusief vakantiegeld",
                    "Rv art. 475dc lid 1",
                    grens - bvv,
                    niet_bevestigd=not invoer.vakantiegeld_inbegrepen,
                    toelichting=f"{inkomen} × 0,95 = {grens}",
                )
            )
            bvv = grens
    bvv = max(NUL, rond_af(bvv))
    ruimte = max(NUL, inkomen - bvv) if inkomen is not None else None
    return BvvUitkomst(
        beslagvrije_voet=bvv,
        inkomen_incl_vakantiegeld=inkomen,
        beslagruimte=ruimte,
        termen=tuple(termen),
        geldig_tot=geldig_tot(invoer.datum),
        meldingen=tuple(meldingen),
    )
