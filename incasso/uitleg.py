"""Plain-language explanations for the client's consent page: what happens, what it may cost the debtor
(Btag tariffs of the year, charged to the debtor), and that the client pays nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recht.fouten import TariefOntbreekt
from tarieven.models import BtagTarief
from tarieven.selectors import btag_tarief

from .models import Toestemmingsverzoek
from .selectors import garnering_blokkade

S = Toestemmingsverzoek.Soort

# Which Btag tariffs a step typically costs (tarieven.BtagTarief.handeling).
BTAG_HANDELINGEN: dict[str, tuple[str, ...]] = {
    S.FORMEEL_BEVEL: ("betekening_titel",),
    S.LOONBESLAG: ("alimentatiebeslag_479b", "overige_betekening"),  # alimony: Rv 479b, Btag 2(1)(k)
    S.BANKBESLAG: ("derdenbeslag_eenmalig", "overige_betekening"),
    S.BESLAG_ROERENDE_ZAKEN: ("beslag_roerende_zaken",),
}

WAT_GEBEURT: dict[str, list[str]] = {
    S.FORMEEL_BEVEL: [
        "Een gerechtsdeurwaarder bezoekt de debiteur of stuurt officieel de uitspraak (de titel) op.",
        "De debiteur krijgt daarbij het bevel om binnen 2 dagen te betalen.",
        "Betaalt de debiteur dan nog niet, dan vragen wij u opnieuw toestemming voordat er beslag wordt gelegd.",
    ],
    S.LOONBESLAG: [
        "De deurwaarder legt beslag op het loon of de uitkering van de debiteur.",
        "De werkgever of uitkeringsinstantie betaalt daarna elke maand een deel rechtstreeks aan ons.",
        "De debiteur houdt altijd een wettelijk minimum over om van te leven (de beslagvrije voet).",
    ],
    S.BANKBESLAG: [
        "De deurwaarder legt beslag op het geld op de bankrekening(en) van de debiteur bij één bank.",
        "Wat er op dat moment op de rekening staat, gaat (tot de schuld) naar ons.",
    ],
    S.BESLAG_ROERENDE_ZAKEN: [
        "De deurwaarder legt beslag op spullen van de debiteur, zoals een auto.",
        "Als de debiteur dan nog niet betaalt, kunnen de spullen worden verkocht om de schuld te betalen.",
    ],
}


@dataclass(frozen=True)
class Kostenpost:
    omschrijving: str
    bedrag: Decimal
    bevestigd: bool


@dataclass(frozen=True)
class Uitleg:
    wat_gebeurt: list[str]
    kosten: list[Kostenpost]
    blokkade: str | None


def toestemming_uitleg(*, verzoek: Toestemmingsverzoek, datum: date) -> Uitleg:
    kosten = []
    for handeling in BTAG_HANDELINGEN.get(verzoek.soort, ()):
        try:
            tarief = btag_tarief(handeling, datum)
        except TariefOntbreekt:
            continue
        omschrijving = (
            BtagTarief.objects.filter(handeling=handeling).values_list("omschrijving", flat=True).first()
            or handeling
        )
        kosten.append(Kostenpost(omschrijving=omschrijving, bedrag=tarief.bedrag, bevestigd=tarief.bevestigd))
    blokkade = (
        garnering_blokkade(dossier=verzoek.dossier)
        if verzoek.soort in Toestemmingsverzoek.BESLAG_SOORTEN
        else None
    )
    return Uitleg(wat_gebeurt=WAT_GEBEURT.get(verzoek.soort, []), kosten=kosten, blokkade=blokkade)
