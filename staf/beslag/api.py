"""Public calculators: the Btag tariff of a bailiff's act and the beslagvrije voet (POST, no login, throttled)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from beslag import rekenhulp
from staf.beslag.serializers import BtagInvoer, BtagUitvoer, BvvInvoerSerializer, BvvUitvoerSerializer
from staf.tarieven.api import FOUT_400, RekenhulpView


class BtagView(RekenhulpView):
    invoer = BtagInvoer

    @extend_schema(
        operation_id="rekenhulp_btag",
        summary="Wettelijk tarief van een deurwaardershandeling (Btag)",
        description="Het tarief uit het Besluit tarieven ambtshandelingen gerechtsdeurwaarders voor het jaar van "
        "`datum`. Onbekende handeling of een jaar zonder tarief geeft 400 met een melding per veld.",
        request=BtagInvoer,
        responses={200: BtagUitvoer, 400: FOUT_400},
        tags=["rekenhulp"],
        auth=[],
        examples=[
            OpenApiExample(
                "Loonbeslag 2026",
                value={"handeling": "derdenbeslag_periodiek", "datum": "2026-03-01"},
                request_only=True,
            ),
            OpenApiExample(
                "Antwoord",
                value={
                    "bedrag": "184.91",
                    "artikel": "2(1)(j)",
                    "jaar": 2026,
                    "omschrijving": "Derdenbeslag op periodieke betalingen (loonbeslag)",
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def bereken(self, data: dict[str, Any]) -> dict[str, Any]:
        return rekenhulp.btag_rekenhulp(**data)


class BeslagvrijeVoetView(RekenhulpView):
    invoer = BvvInvoerSerializer

    @extend_schema(
        operation_id="rekenhulp_beslagvrije_voet",
        summary="Beslagvrije voet (Rv art. 475b–475fa)",
        description="De beslagvrije voet per maand, term voor term met het artikel waar de term uit komt. Termen "
        "die op een interpretatie berusten hebben `niet_bevestigd: true`. De formule van art. 475da lid 2 wordt "
        "toegepast met het toetsingsinkomen en de jaarlijkse regelingsbedragen (D, standaardpremie, "
        "minimum-inkomensijkpunt, K, L): een opgegeven bedrag gaat voor, anders de rij van het jaar uit de tabel "
        "regelingsbedragen, die `meldingen` noemt (met 'niet bevestigd' waar de rij niet bevestigd is). Ontbreekt er "
        "een, dan geldt het maximum van lid 1 en zegt `meldingen` waarom. Heeft een tabel nog geen rij voor het lopende halfjaar, dan zegt `meldingen` dat ook.",
        request=BvvInvoerSerializer,
        responses={200: BvvUitvoerSerializer, 400: FOUT_400},
        tags=["rekenhulp"],
        auth=[],
        examples=[
            OpenApiExample(
                "Alleenstaande met woonkostenverhoging",
                value={
                    "datum": "2026-01-01",
                    "huishouden": "alleenstaande",
                    "netto_inkomen": "3000.00",
                    "woonkosten": "1100.00",
                    "woonkostenverzoek_toegekend": True,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def bereken(self, data: dict[str, Any]) -> dict[str, Any]:
        return rekenhulp.bvv_rekenhulp(**data)
