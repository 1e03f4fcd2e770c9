"""Plain-language explanations for the client's consent page: what happens, what it may cost the debtor
(Btag tariffs of the year, charged to the debtor), and that the client pays nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recht.fouten import TariefOntbreekt
from recht.proportionaliteit import eenmalige_handelingen
from tarieven.models import BtagTarief
from tarieven.selectors import btag_tarief

from .models import Toestemmingsverzoek
from .selectors import garnering_blokkade

S = Toestemmingsverzoek.Soort

# The bailiff step each consent opens; its one-off Btag costs come from the one mapping in
# recht.proportionaliteit (the monthly collection is not a cost the client is asked about).
STAP_VAN_TOESTEMMING: dict[str, str] = {
    S.FORMEEL_BEVEL: "betekening_titel",
    S.LOONBESLAG: "loonbeslag",
    S.BANKBESLAG: "bankbeslag",
    S.BESLAG_ROERENDE_ZAKEN: "beslag_roerende_zaken",
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
    stap = STAP_VAN_TOESTEMMING.get(verzoek.soort)
    for handeling in eenmalige_handelingen(stap) if stap else ():
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
