"""The inputs and the answer of the beslagvrije voet (``recht.bvv``): the household and address, what the
caller gives (``BvvInvoer``, ``FormuleInvoer``), the table values looked up for the date (``BvvTabellen``), and
the answer term by term (``BvvUitkomst``). Plain data, no calculation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from recht.beslag_constanten import FormuleConstanten
from recht.geld import NUL

__all__ = [
    "REGELINGSVELDEN",
    "REGELVERSIE",
    "Adres",
    "BvvInvoer",
    "BvvTabellen",
    "BvvTerm",
    "BvvUitkomst",
    "FormuleInvoer",
    "Huishouden",
    "Regelingswaarde",
    "leefsituatie_voor",
]

REGELVERSIE = "Rv 475da–475dc, regels sinds 2026-01-01 (tekst 2026-07-01 gelijk)"


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
    """Inputs of the Rv art. 475da lid 2 formula that are not numbers in a statute text.

    C is the debtor's (and spouse's) taxable income as a yearly amount (475d lid 1). D, the standard premium, the
    minimum-inkomensijkpunt, K and L are set each year by ministerial regulation under other statutes; a value
    given here wins over the table row of that year (``BvvTabellen.regeling``). One unknown in both means the
    ceiling of lid 1 is used."""

    toetsingsinkomen_jaar: Decimal | None = None  # C
    drempelinkomen: Decimal | None = None  # D: Wet op de zorgtoeslag art. 1 lid 1 f, per year
    standaardpremie_jaar: Decimal | None = None  # Wet op de zorgtoeslag art. 4 (cap of 475da lid 3)
    minimum_inkomensijkpunt: Decimal | None = None  # Wet op de huurtoeslag art. 17 lid 1, per year (for I)
    kgb_percentage: Decimal | None = None  # K: Wet op het kindgebonden budget art. 2 lid 7
    kgb_drempelverhoging: Decimal | None = None  # L: Wet op het kindgebonden budget art. 2 lid 8, per year


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


# The FormuleInvoer fields that the table ``Regelingsbedrag`` can fill, with how the answer names them.
REGELINGSVELDEN: dict[str, str] = {
    "drempelinkomen": "Drempelinkomen D (Wet op de zorgtoeslag art. 1 lid 1 f)",
    "standaardpremie_jaar": "Standaardpremie (Wet op de zorgtoeslag art. 4)",
    "minimum_inkomensijkpunt": "Minimum-inkomensijkpunt (Wet op de huurtoeslag art. 17 lid 1)",
    "kgb_percentage": "Percentage K (Wet op het kindgebonden budget art. 2 lid 7)",
    "kgb_drempelverhoging": "Bedrag L (Wet op het kindgebonden budget art. 2 lid 8)",
}


@dataclass(frozen=True, slots=True)
class Regelingswaarde:
    """One row of the table ``Regelingsbedrag`` as the formula uses it."""

    waarde: Decimal
    jaar: int
    bron: str
    bevestigd: bool


@dataclass(frozen=True, slots=True)
class BvvTabellen:
    """The table values on `datum`, looked up by the caller (the pure function never reads the database)."""

    maximum: Decimal  # 475da lid 1, for the household
    norm_huishouden: Decimal  # Participatiewet norm incl. holiday pay for the household (A or B)
    norm_gehuwden: Decimal  # couple norm, for 475da lid 4
    rekenhuur: Decimal | None = None  # 475da lid 5–6: Wet op de huurtoeslag art. 13 lid 1 a
    rekenhuur_verifieren: bool = False  # the rekenhuur comes from a constant still to be verified
    formule: FormuleConstanten | None = None  # statute numbers of lid 2 (None: formula unknown for the date)
    # The regulation amounts of lid 2 for the year of the date, per FormuleInvoer field (REGELINGSVELDEN); the
    # minimum-inkomensijkpunt already the one of the household (one or more persons). A field without a row is
    # absent.
    regeling: tuple[tuple[str, Regelingswaarde], ...] = ()
    bron_maximum: str = ""  # the table row each value came from, shown with its term
    bron_norm: str = ""
    bron_norm_gehuwden: str = ""
    # The row used is older than the half-year of the date (the new figures were not entered): the message per
    # value ("maximum", "norm_huishouden", "norm_gehuwden"), shown with every answer that uses that value.
    verouderd: tuple[tuple[str, str], ...] = ()
    # The sources of the values above that are not confirmed, per value ("maximum", "norm_huishouden",
    # "norm_gehuwden", "rekenhuur", "regeling:<field>"); an answer names only those of the values it used.
    onbevestigd: tuple[tuple[str, str], ...] = ()

    def melding_verouderd(self, waarde: str) -> str | None:
        return dict(self.verouderd).get(waarde)


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
    onbevestigd: tuple[str, ...] = ()  # sources of unconfirmed table values this answer used

    @property
    def niet_bevestigd(self) -> bool:
        return any(t.niet_bevestigd for t in self.termen)
