"""Staff API serializers: read-only views of dossiers (writes go through the services)."""

from __future__ import annotations

from typing import ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dossiers.models import Client, Debiteur, Dossier, EenmaligeVordering, Opdracht, Titel, Verplichting


class ClientKortSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields: ClassVar[list[str]] = [
            "id",
            "naam",
            "email",
            "telefoon",
            "straat",
            "postcode",
            "woonplaats",
            "land",
        ]
        read_only_fields = fields


class DebiteurSerializer(serializers.ModelSerializer):
    woont_in_buitenland = serializers.BooleanField(read_only=True)

    class Meta:
        model = Debiteur
        fields: ClassVar[list[str]] = [
            "id",
            "naam",
            "geboortedatum",
            "straat",
            "postcode",
            "woonplaats",
            "land",
            "woont_in_buitenland",
            "adres_onbekend",
            "email",
            "telefoon",
            "werkgever",
            "iban",
        ]
        read_only_fields = fields


class TitelSerializer(serializers.ModelSerializer):
    is_executoriaal = serializers.BooleanField(read_only=True)

    class Meta:
        model = Titel
        fields: ClassVar[list[str]] = [
            "id",
            "soort",
            "is_executoriaal",
            "datum",
            "instantie",
            "zaaknummer",
            "indexering_uitgesloten",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "string", "description": "kinderalimentatie of partneralimentatie"})
class VerplichtingSoortVeld(serializers.CharField):
    """A plain string in the schema: the same choice set is the rekenhulp's input enum, and a second user of it
    makes drf-spectacular warn about an unresolvable enum name (settings.ENUM_NAME_OVERRIDES could fix that)."""


class VerplichtingSerializer(serializers.ModelSerializer):
    soort = VerplichtingSoortVeld(read_only=True)

    class Meta:
        model = Verplichting
        fields: ClassVar[list[str]] = [
            "id",
            "soort",
            "kind_naam",
            "kind_geboortedatum",
            "bedrag",
            "vervaldag",
            "vastgesteld_op",
            "ingangsdatum",
            "einddatum",
            "indexeren",
        ]
        read_only_fields = fields


class EenmaligeVorderingSerializer(serializers.ModelSerializer):
    class Meta:
        model = EenmaligeVordering
        fields: ClassVar[list[str]] = ["id", "datum", "bedrag", "omschrijving"]
        read_only_fields = fields


class OpdrachtSerializer(serializers.ModelSerializer):
    class Meta:
        model = Opdracht
        fields: ClassVar[list[str]] = [
            "ontvangen_op",
            "kanaal",
            "voorwaarden_versie",
            "brieven_per_email",
            "beoordeeld_op",
            "weigerreden",
        ]
        read_only_fields = fields


class DossierLijstSerializer(serializers.ModelSerializer):
    client_naam = serializers.CharField(source="client.naam", read_only=True)
    debiteur_naam = serializers.CharField(source="debiteur.naam", read_only=True)
    debiteur_land = serializers.CharField(source="debiteur.land", read_only=True)
    heeft_titel = serializers.BooleanField(read_only=True, help_text="Heeft een executoriale titel.")
    casemanager = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields: ClassVar[list[str]] = [
            "id",
            "nummer",
            "betaalkenmerk",
            "status",
            "client_naam",
            "debiteur_naam",
            "debiteur_land",
            "heeft_titel",
            "casemanager",
            "volgende_actie",
            "volgende_actie_datum",
            "laatste_gebeurtenis_op",
            "aangemaakt_op",
        ]
        read_only_fields = fields

    def get_casemanager(self, dossier: Dossier) -> str | None:
        cm = dossier.casemanager
        return (cm.get_full_name() or cm.email) if cm else None


class DossierDetailSerializer(DossierLijstSerializer):
    client = ClientKortSerializer(read_only=True)
    debiteur = DebiteurSerializer(read_only=True)
    opdracht = OpdrachtSerializer(read_only=True)
    titels = TitelSerializer(many=True, read_only=True)
    verplichtingen = VerplichtingSerializer(many=True, read_only=True)
    eenmalige_vorderingen = EenmaligeVorderingSerializer(many=True, read_only=True)

    class Meta(DossierLijstSerializer.Meta):
        fields: ClassVar[list[str]] = [
            *DossierLijstSerializer.Meta.fields,
            "status_reden",
            "opgeschort_tot",
            "gesloten_op",
            "client",
            "debiteur",
            "opdracht",
            "titels",
            "verplichtingen",
            "eenmalige_vorderingen",
        ]
        read_only_fields = fields
