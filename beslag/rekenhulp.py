"""The two beslag calculators as functions over validated input, shared by the API and the public pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from beslag import selectors
from recht.bvv import Adres, BvvInvoer, FormuleInvoer, Huishouden, bvv_bereken
from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, bedrag_str
from tarieven.rekenhulp import Rekenfout

NIET_BEVESTIGD = "niet bevestigd"


def btag_rekenhulp(*, handeling: str, datum: date) -> dict[str, Any]:
    try:
        regel = selectors.btag_regel(handeling=handeling, datum=datum)
    except OngeldigeInvoer as fout:
        raise Rekenfout({fout.veld: [fout.bericht]}) from fout
    antwoord: dict[str, Any] = {
        "bedrag": bedrag_str(regel.bedrag),
        "artikel": regel.artikel,
        "jaar": regel.jaar,
        "omschrijving": regel.omschrijving,
    }
    if not regel.bevestigd:
        antwoord["onbevestigd"] = [f"Het tarief {regel.handeling} {regel.jaar} is niet bevestigd."]
    return antwoord


FORMULEVELDEN = (
    "toetsingsinkomen_jaar",
    "drempelinkomen",
    "standaardpremie_jaar",
    "minimum_inkomensijkpunt",
    "kgb_percentage",
    "kgb_drempelverhoging",
)


def bvv_invoer_van(data: dict[str, Any]) -> BvvInvoer:
    formule = None
    if any(data.get(veld) is not None for veld in FORMULEVELDEN):
        formule = FormuleInvoer(**{veld: data.get(veld) for veld in FORMULEVELDEN})
    return BvvInvoer(
        datum=data["datum"],
        huishouden=Huishouden(data["huishouden"]),
        netto_inkomen=data.get("netto_inkomen"),
        vakantiegeld_inbegrepen=data.get("vakantiegeld_inbegrepen", True),
        partner_inkomen=Decimal(data.get("partner_inkomen") or NUL),
        eigen_overig_inkomen=Decimal(data.get("eigen_overig_inkomen") or NUL),
        woonkosten=data.get("woonkosten"),
        woonkostenverzoek_toegekend=data.get("woonkostenverzoek_toegekend", False),
        adres=Adres(data.get("adres") or Adres.NL),
        formule=formule,
    )


def bvv_rekenhulp(**data: Any) -> dict[str, Any]:
    invoer = bvv_invoer_van(data)
    try:
        tabellen, _ = selectors.bvv_tabellen(huishouden=invoer.huishouden, datum=invoer.datum)
        uitkomst = bvv_bereken(invoer, tabellen)
    except OngeldigeInvoer as fout:
        raise Rekenfout({fout.veld: [fout.bericht]}) from fout
    antwoord: dict[str, Any] = {
        "beslagvrije_voet": bedrag_str(uitkomst.beslagvrije_voet),
        "inkomen_incl_vakantiegeld": (
            bedrag_str(uitkomst.inkomen_incl_vakantiegeld)
            if uitkomst.inkomen_incl_vakantiegeld is not None
            else None
        ),
        "beslagruimte": bedrag_str(uitkomst.beslagruimte) if uitkomst.beslagruimte is not None else None,
        "geldig_tot": uitkomst.geldig_tot.isoformat(),
        "regelversie": uitkomst.regelversie,
        "termen": [
            {
                "naam": t.naam,
                "artikel": t.artikel,
                "bedrag": bedrag_str(t.bedrag),
                "niet_bevestigd": t.niet_bevestigd,
                "toelichting": f"{t.toelichting} ({NIET_BEVESTIGD})".strip()
                if t.niet_bevestigd
                else t.toelichting,
            }
            for t in uitkomst.termen
        ],
        "niet_bevestigd": uitkomst.niet_bevestigd,
        "meldingen": list(uitkomst.meldingen),
    }
    if uitkomst.onbevestigd:
        antwoord["onbevestigd"] = list(uitkomst.onbevestigd)
    return antwoord
