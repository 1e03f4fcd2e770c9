"""Staff API: `GET /api/v1/dossiers/` (filters, paginated) and `GET /api/v1/dossiers/<id>/`.

Staff only (role + TOTP-verified session, `staff_rollen`); clients use `/api/v1/mijn/dossiers/` (portaal).
Every detail request is logged in DossierInzage, like the staff pages.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics

from accounts.permissions import staff_rollen
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from dossiers import selectors, services
from dossiers.models import Dossier
from staf.dossiers.serializers import DossierDetailSerializer, DossierLijstSerializer

FILTERS = [
    OpenApiParameter(
        "status", OpenApiTypes.STR, enum=Dossier.Status.values, description="Status van het dossier"
    ),
    OpenApiParameter("casemanager", OpenApiTypes.STR, description='Id van de casemanager, of "geen"'),
    OpenApiParameter(
        "land", OpenApiTypes.STR, description='Woonland debiteur: "NL", "buitenland" of ISO-code'
    ),
    OpenApiParameter(
        "titel", OpenApiTypes.STR, enum=["ja", "nee"], description="Met of zonder executoriale titel"
    ),
    OpenApiParameter(
        "stagnant", OpenApiTypes.BOOL, description="Alleen dossiers zonder gebeurtenis > 10 werkdagen"
    ),
    OpenApiParameter(
        "zoek", OpenApiTypes.STR, description="Dossiernummer, betalingskenmerk, cliënt- of debiteurnaam"
    ),
]


@extend_schema_view(
    get=extend_schema(parameters=FILTERS, summary="Dossiers (medewerkers)", tags=["dossiers"])
)
class DossiersLijst(generics.ListAPIView):
    permission_classes = [staff_rollen(CASEMANAGER, FINANCIEEL, BEHEERDER)]
    serializer_class = DossierLijstSerializer

    def get_queryset(self):
        p = self.request.query_params
        return selectors.dossiers_zoek(
            status=p.get("status", ""),
            casemanager=p.get("casemanager", ""),
            land=p.get("land", ""),
            titel=p.get("titel", ""),
            stagnant=p.get("stagnant", "").lower() in ("1", "true", "ja"),
            zoek=p.get("zoek", ""),
        )


@extend_schema_view(get=extend_schema(summary="Eén dossier (medewerkers)", tags=["dossiers"]))
class DossierDetail(generics.RetrieveAPIView):
    permission_classes = [staff_rollen(CASEMANAGER, FINANCIEEL, BEHEERDER)]
    serializer_class = DossierDetailSerializer

    def get_queryset(self):
        return (
            selectors.dossiers_basis()
            .select_related("opdracht")
            .prefetch_related("titels", "verplichtingen", "eenmalige_vorderingen")
        )

    def get_object(self):
        dossier = super().get_object()
        services.dossier_inzage_log(dossier=dossier, gebruiker=self.request.user, pagina="api")
        return dossier
