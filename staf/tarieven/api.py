"""The public calculators (rekenhulpen): POST, JSON in and out, no login, throttled per IP address."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from accounts.netwerk import client_ip
from nlai.parsers import BegrensdeJSONParser
from staf.tarieven.serializers import (
    AchterstandInvoer,
    AchterstandUitvoer,
    IndexeringInvoer,
    IndexeringUitvoer,
    ProvisieInvoer,
    ProvisieUitvoer,
    WerkdagenInvoer,
    WerkdagenUitvoer,
)
from tarieven import rekenhulp


class RekenhulpThrottle(SimpleRateThrottle):
    """Per client IP address, logged in or not (``AnonRateThrottle`` would skip logged-in users).

    The address comes from ``accounts.netwerk.client_ip``: `X-Forwarded-For` counts only when sent by one of
    ``TRUSTED_PROXIES``, so a client cannot escape the limit by sending a new header with every request.
    The counts live in the default cache, which is Redis in production (shared by every web process)."""

    scope = "rekenhulp"

    def get_ident(self, request) -> str:
        return client_ip(request)

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


FOUT_400 = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {}},
    "description": "Per veld een lijst met meldingen (genest voor elementen van een lijst).",
}


class RekenhulpView(APIView):
    authentication_classes: ClassVar[list] = []  # public: no session, so no CSRF on a JSON POST
    permission_classes: ClassVar[list] = [AllowAny]
    throttle_classes: ClassVar[list] = [RekenhulpThrottle]
    parser_classes: ClassVar[list] = [BegrensdeJSONParser]  # JSON in (nesting bounded) ...
    renderer_classes: ClassVar[list] = [JSONRenderer]  # ... and JSON out
    invoer: type[serializers.Serializer]

    def bereken(self, data: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def post(self, request: Request) -> Response:
        invoer = self.invoer(data=request.data)
        if not invoer.is_valid():
            return Response(invoer.errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            return Response(self.bereken(dict(invoer.validated_data)))
        except rekenhulp.Rekenfout as fout:
            return Response(fout.fouten, status=status.HTTP_400_BAD_REQUEST)


class WerkdagenView(RekenhulpView):
    invoer = WerkdagenInvoer

    @extend_schema(
        operation_id="rekenhulp_werkdagen",
        summary="N werkdagen na een datum (Algemene termijnenwet)",
        description="De gegeven datum telt niet mee. Met werkdagen 0: de datum zelf als het een werkdag is, "
        "anders de volgende werkdag.",
        request=WerkdagenInvoer,
        responses={200: WerkdagenUitvoer, 400: FOUT_400},
        tags=["rekenhulp"],
        auth=[],
        examples=[
            OpenApiExample("Pasen 2026", value={"datum": "2026-04-02", "werkdagen": 2}, request_only=True),
            OpenApiExample("Antwoord", value={"datum": "2026-04-08"}, response_only=True),
        ],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def bereken(self, data: dict[str, Any]) -> dict[str, Any]:
        return rekenhulp.werkdagen_rekenhulp(**data)


class IndexeringView(RekenhulpView):
    invoer = IndexeringInvoer

    @extend_schema(
        operation_id="rekenhulp_indexering",
        summary="Wettelijke indexering van alimentatie (art. 1:402a BW)",
        description="Het bedrag dat geldt vanaf 1 januari van `jaar`; één stap per jaar na het jaar van "
        "vaststelling, elk afgerond op centen.",
        request=IndexeringInvoer,
        responses={200: IndexeringUitvoer, 400: FOUT_400},
        tags=["rekenhulp"],
        auth=[],
        examples=[
            OpenApiExample(
                "Vanaf 2021",
                value={"bedrag": "500.00", "vastgesteld_op": "2021-06-15", "jaar": 2026},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def bereken(self, data: dict[str, Any]) -> dict[str, Any]:
        return rekenhulp.indexering_rekenhulp(**data)


class ProvisieView(RekenhulpView):
    invoer = ProvisieInvoer

    @extend_schema(
        operation_id="rekenhulp_provisie",
        summary="Provisie op een geïnd bedrag",
        description=(
            "Provisie (inclusief btw) volgens het tarief op `datum`; btw = provisie × p/(100+p) met p het "
            "btw-tarief op `datum`: 21/121 sinds 1 oktober 2012, 19/119 van 2001 tot en met 30 september 2012."
        ),
        request=ProvisieInvoer,
        responses={200: ProvisieUitvoer, 400: FOUT_400},
        tags=["rekenhulp"],
        auth=[],
        examples=[
            OpenApiExample("450 euro", value={"bedrag": "450.00", "datum": "2026-11-22"}, request_only=True),
            OpenApiExample(
                "Antwoord",
                value={
                    "provisie": "54.00",
                    "waarvan_btw": "9.37",
                    "btw_percentage": "21.00",
                    "naar_client": "396.00",
                },
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def bereken(self, data: dict[str, Any]) -> dict[str, Any]:
        return rekenhulp.provisie_rekenhulp(**data)


class AchterstandView(RekenhulpView):
    invoer = AchterstandInvoer

    @extend_schema(
        operation_id="rekenhulp_achterstand",
        summary="Specificatie van een alimentatieachterstand",
        description="Termijnen tot de peildatum, toerekening van betalingen (art. 6:43/6:44 BW), verjaring "
        "(art. 3:308 BW, gestuit door stuitingen) en het deel van de achterstand dat gemiste indexering is.",
        request=AchterstandInvoer,
        responses={200: AchterstandUitvoer, 400: FOUT_400},
        tags=["rekenhulp"],
        auth=[],
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def bereken(self, data: dict[str, Any]) -> dict[str, Any]:
        return rekenhulp.achterstand_rekenhulp(**data)
