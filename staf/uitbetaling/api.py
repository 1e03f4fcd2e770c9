"""API for the accountant: the same streaming CSV exports as the staff page, for the financieel role only."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsFinancieel
from staf.uitbetaling.forms import DIALECT_KEUZES
from uitbetaling.exports import EXPORTS, export_response


class ExportParams(serializers.Serializer):
    van = serializers.DateField()
    tot = serializers.DateField()
    dialect = serializers.ChoiceField(choices=[k for k, _ in DIALECT_KEUZES], default="excel_nl")

    def validate(self, data):
        if data["van"] > data["tot"]:
            raise serializers.ValidationError({"tot": "De einddatum ligt vóór de begindatum."})
        return data


class CsvRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: text/csv``; the CSV itself is a streaming response, only errors pass
    through here (as JSON text)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)


class ExportView(APIView):
    permission_classes = [IsFinancieel]
    renderer_classes = [JSONRenderer, CsvRenderer]

    @extend_schema(
        operation_id="export_csv",
        summary="CSV-export voor de accountant (streaming)",
        description=(
            "Soorten: "
            + ", ".join(EXPORTS)
            + ". Dialect `excel_nl`: puntkomma, decimale komma, UTF-8 met BOM; "
            "`plat`: komma, decimale punt. Bedragen altijd met twee decimalen. `saldi` geeft de saldi per cliënt "
            "op `tot`. Alleen voor de rol financieel (en beheerder)."
        ),
        parameters=[
            OpenApiParameter("soort", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(EXPORTS)),
            OpenApiParameter("van", OpenApiTypes.DATE, required=True),
            OpenApiParameter("tot", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "dialect", OpenApiTypes.STR, enum=[k for k, _ in DIALECT_KEUZES], default="excel_nl"
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="Het CSV-bestand"),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige parameters"),
            403: OpenApiResponse(description="Geen financieel medewerker"),
            404: OpenApiResponse(description="Onbekende soort"),
        },
        tags=["export"],
    )
    def get(self, request: Request, soort: str):
        if soort not in EXPORTS:
            return Response({"soort": [f"Onbekende soort. Kies uit: {', '.join(EXPORTS)}."]}, status=404)
        params = ExportParams(data=request.query_params)
        if not params.is_valid():
            return Response(params.errors, status=400)
        d = params.validated_data
        return export_response(soort=soort, van=d["van"], tot=d["tot"], dialect=d["dialect"])
