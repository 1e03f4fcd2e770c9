"""The client's own dossiers over the API: `GET /api/v1/mijn/dossiers/` and `/api/v1/mijn/dossiers/<id>/`.

Scoped exactly like the portal pages: the queryset is the logged-in client's dossiers, so another client's
dossier id answers 404.
"""

from __future__ import annotations

from typing import ClassVar

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers

from accounts.permissions import IsClient
from dossiers.models import Bericht, Document, Dossier, TijdlijnGebeurtenis

from . import selectors


class _StatusVelden(serializers.ModelSerializer):
    status_omschrijving = serializers.SerializerMethodField()
    volgende_stap = serializers.SerializerMethodField()
    debiteur_naam = serializers.CharField(source="debiteur.naam", read_only=True)

    def get_status_omschrijving(self, dossier: Dossier) -> str:
        return str(selectors.status_uitleg(dossier.status).label)

    def get_volgende_stap(self, dossier: Dossier) -> str:
        return str(selectors.status_uitleg(dossier.status).volgende_stap)


class MijnDossierSerializer(_StatusVelden):
    class Meta:
        model = Dossier
        fields: ClassVar[list[str]] = [
            "id",
            "nummer",
            "betaalkenmerk",
            "status",
            "status_omschrijving",
            "volgende_stap",
            "debiteur_naam",
            "aangemaakt_op",
        ]
        read_only_fields = fields


class MijnTijdlijnSerializer(serializers.ModelSerializer):
    class Meta:
        model = TijdlijnGebeurtenis
        fields: ClassVar[list[str]] = ["id", "soort", "op", "tekst"]
        read_only_fields = fields


class MijnDocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields: ClassVar[list[str]] = [
            "id",
            "soort",
            "naam",
            "content_type",
            "grootte",
            "aangemaakt_op",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: Document) -> str:
        """The portal's scoped download (same session), so the API never serves files itself."""
        return reverse(
            "portaal:dossier_document", kwargs={"dossier_id": document.dossier_id, "document_id": document.pk}
        )


class MijnBerichtSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bericht
        fields: ClassVar[list[str]] = ["id", "van_client", "tekst", "verstuurd_op"]
        read_only_fields = fields


class MijnDossierDetailSerializer(MijnDossierSerializer):
    achterstand = serializers.SerializerMethodField()
    tijdlijn = serializers.SerializerMethodField()
    documenten = serializers.SerializerMethodField()
    berichten = serializers.SerializerMethodField()

    class Meta(MijnDossierSerializer.Meta):
        fields: ClassVar[list[str]] = [
            *MijnDossierSerializer.Meta.fields,
            "achterstand",
            "tijdlijn",
            "documenten",
            "berichten",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True))
    def get_achterstand(self, dossier: Dossier) -> str | None:
        bedrag = selectors.achterstand_open(dossier)
        return None if bedrag is None else f"{bedrag:.2f}"

    @extend_schema_field(MijnTijdlijnSerializer(many=True))
    def get_tijdlijn(self, dossier: Dossier) -> list[dict]:
        return MijnTijdlijnSerializer(selectors.tijdlijn_voor_client(dossier), many=True).data

    @extend_schema_field(MijnDocumentSerializer(many=True))
    def get_documenten(self, dossier: Dossier) -> list[dict]:
        return MijnDocumentSerializer(selectors.documenten_voor_client(dossier), many=True).data

    @extend_schema_field(MijnBerichtSerializer(many=True))
    def get_berichten(self, dossier: Dossier) -> list[dict]:
        return MijnBerichtSerializer(selectors.berichten_van_dossier(dossier), many=True).data


class _MijnDossiersMixin:
    permission_classes: ClassVar[list] = [IsClient]

    def get_queryset(self):
        client = selectors.client_van_gebruiker(self.request.user)
        return selectors.dossiers_van_client(client)


@extend_schema(tags=["mijn"], summary="Mijn dossiers (cliënt)")
class MijnDossiersLijst(_MijnDossiersMixin, generics.ListAPIView):
    serializer_class = MijnDossierSerializer


@extend_schema(tags=["mijn"], summary="Eén eigen dossier met tijdlijn, documenten en berichten (cliënt)")
class MijnDossierDetail(_MijnDossiersMixin, generics.RetrieveAPIView):
    serializer_class = MijnDossierDetailSerializer
