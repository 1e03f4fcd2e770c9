"""Input and output serializers of the public calculators (rekenhulpen).

Input serializers reject unknown fields and answer with a Dutch message per field. Amounts are strings with
two decimals, dates ISO 8601.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from recht.termijnen import SOORT_LABELS

ONBEKEND_VELD = "Onbekend veld."
NIET_NEGATIEF = "Het bedrag mag niet negatief zijn."
EERSTE_DATUM = date(1970, 1, 1)
LAATSTE_DATUM = date(2100, 12, 31)
MAX_TERMIJNEN = 2400  # e.g. ten obligations over twenty years; keeps a public request cheap


class StrengeSerializer(serializers.Serializer):
    """Rejects fields it does not know, next to the usual per-field errors."""

    def to_internal_value(self, data: Any) -> Any:
        fouten: dict[str, Any] = {}
        if isinstance(data, Mapping):
            fouten.update({k: [ONBEKEND_VELD] for k in data if k not in self.fields})
        try:
            waarde = super().to_internal_value(data)
        except ValidationError as exc:
            if not isinstance(exc.detail, dict):
                raise
            fouten = {**exc.detail, **fouten}
            raise ValidationError(fouten) from exc
        if fouten:
            raise ValidationError(fouten)
        return waarde


def bedrag_veld(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={
            "min_value": NIET_NEGATIEF,
            "invalid": 'Geef een bedrag, bijvoorbeeld "450.00".',
            "max_decimal_places": "Gebruik ten hoogste 2 decimalen.",
            "max_digits": "Het bedrag is te groot.",
            "max_whole_digits": "Het bedrag is te groot.",
        },
        **kwargs,
    )


class DatumVeld(serializers.DateField):
    default_error_messages = {
        "invalid": 'Geef een datum als JJJJ-MM-DD, bijvoorbeeld "2026-04-02".',
        "datetime": "Geef een datum zonder tijd.",
        "bereik": "Geef een datum tussen 1970 en 2100.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=["iso-8601"], **kwargs)

    def to_internal_value(self, value: Any) -> date:
        d = super().to_internal_value(value)
        if not EERSTE_DATUM <= d <= LAATSTE_DATUM:
            self.fail("bereik")
        return d


# --- werkdagen -------------------------------------------------------------------------------------------------


class WerkdagenInvoer(StrengeSerializer):
    datum = DatumVeld(help_text="De dag van ontvangst of verzending; telt zelf niet mee.")
    werkdagen = serializers.IntegerField(
        min_value=0,
        max_value=1000,
        help_text="Aantal werkdagen; 0 geeft de datum zelf als dat een werkdag is, anders de volgende werkdag.",
        error_messages={
            "min_value": "Het aantal werkdagen mag niet negatief zijn.",
            "max_value": "Ten hoogste 1000.",
        },
    )


class WerkdagenUitvoer(serializers.Serializer):
    datum = serializers.DateField()
    onbevestigd = serializers.ListField(child=serializers.CharField(), required=False)


# --- indexering ------------------------------------------------------------------------------------------------


class IndexeringInvoer(StrengeSerializer):
    bedrag = bedrag_veld(help_text="Het bedrag zoals vastgesteld, als tekst met twee decimalen.")
    vastgesteld_op = DatumVeld(help_text="Datum waarop het bedrag is vastgesteld.")
    jaar = serializers.IntegerField(
        min_value=1970,
        max_value=2100,
        help_text="Het jaar waarvan het bedrag per 1 januari gevraagd wordt.",
        error_messages={
            "min_value": "Geef een jaar vanaf 1970.",
            "max_value": "Geef een jaar tot en met 2100.",
        },
    )


class IndexatiestapUitvoer(serializers.Serializer):
    jaar = serializers.IntegerField()
    percentage = serializers.CharField()
    bedrag = serializers.CharField()
    bevestigd = serializers.BooleanField()
    voorlopig = serializers.BooleanField(
        help_text="Nog geen percentage vastgesteld voor dit jaar: 0% gebruikt, het laatst bekende bedrag."
    )


class IndexeringUitvoer(serializers.Serializer):
    bedrag = serializers.CharField()
    stappen = IndexatiestapUitvoer(many=True)
    onbevestigd = serializers.ListField(child=serializers.CharField(), required=False)
    voorlopig = serializers.ListField(child=serializers.CharField(), required=False)


# --- provisie --------------------------------------------------------------------------------------------------


class ProvisieInvoer(StrengeSerializer):
    bedrag = bedrag_veld(help_text="Het geïnde bedrag.")
    datum = DatumVeld(help_text="Datum van ontvangst: bepaalt welk provisietarief geldt.")


class ProvisieUitvoer(serializers.Serializer):
    provisie = serializers.CharField()
    waarvan_btw = serializers.CharField()
    btw_percentage = serializers.CharField(help_text="Het btw-tarief op `datum` (19.00 tot 1 oktober 2012).")
    naar_client = serializers.CharField()
    onbevestigd = serializers.ListField(child=serializers.CharField(), required=False)


# --- achterstand -----------------------------------------------------------------------------------------------


class VerplichtingInvoer(StrengeSerializer):
    soort = serializers.ChoiceField(
        choices=list(SOORT_LABELS),
        error_messages={"invalid_choice": "Kies kinderalimentatie of partneralimentatie."},
    )
    bedrag = bedrag_veld(help_text="Bedrag per maand zoals vastgesteld.")
    vastgesteld_op = DatumVeld()
    ingangsdatum = DatumVeld()
    einddatum = DatumVeld(allow_null=True, required=False, default=None)
    vervaldag = serializers.IntegerField(
        min_value=1,
        max_value=28,
        error_messages={
            "min_value": "De vervaldag moet tussen 1 en 28 liggen.",
            "max_value": "De vervaldag moet tussen 1 en 28 liggen.",
        },
    )
    indexeren = serializers.BooleanField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("einddatum") is not None and attrs["einddatum"] < attrs["ingangsdatum"]:
            raise ValidationError({"einddatum": ["De einddatum ligt vóór de ingangsdatum."]})
        return attrs


class BetalingInvoer(StrengeSerializer):
    datum = DatumVeld(help_text="Betalingen na de peildatum tellen niet mee.")
    bedrag = bedrag_veld()
    omschrijving = serializers.CharField(
        max_length=300,
        required=False,
        default="",
        allow_blank=True,
        help_text="De omschrijving van de betaling. Noemt zij één maand met jaar ('alimentatie maart 2026'), "
        "dan gaat de betaling eerst naar de termijnen van die maand (art. 6:43 lid 1 BW).",
    )


class EenmaligInvoer(StrengeSerializer):
    datum = DatumVeld()
    bedrag = bedrag_veld()
    omschrijving = serializers.CharField(max_length=200)
    uitspraak = DatumVeld(
        allow_null=True,
        required=False,
        default=None,
        help_text="Datum van de rechterlijke of arbitrale uitspraak die dit bedrag toekent: verjaring na 20 "
        "jaar (art. 3:324 lid 1 BW). Leeg bij een notariële akte of onderlinge regeling: 5 jaar "
        "(art. 3:307 BW).",
    )


class AchterstandInvoer(StrengeSerializer):
    peildatum = DatumVeld(help_text="De datum waarop de achterstand wordt berekend.")
    verplichtingen = VerplichtingInvoer(many=True, max_length=10)
    betalingen = BetalingInvoer(many=True, required=False, default=list, max_length=1000)
    eenmalig = EenmaligInvoer(many=True, required=False, default=list, max_length=200)
    stuitingen = serializers.ListField(child=DatumVeld(), required=False, default=list, max_length=100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        maanden = 0
        for v in attrs["verplichtingen"]:
            einde = min(v["einddatum"] or attrs["peildatum"], attrs["peildatum"])
            maanden += max(
                0, (einde.year - v["ingangsdatum"].year) * 12 + einde.month - v["ingangsdatum"].month + 1
            )
        if maanden > MAX_TERMIJNEN:
            raise ValidationError(
                {"verplichtingen": [f"Te veel termijnen (meer dan {MAX_TERMIJNEN}) voor de rekenhulp."]}
            )
        return attrs


class TermijnUitvoer(serializers.Serializer):
    vervaldatum = serializers.DateField()
    verplichting = serializers.IntegerField(allow_null=True)
    omschrijving = serializers.CharField()
    bedrag = serializers.CharField()
    betaald = serializers.CharField()
    open = serializers.CharField()
    verjaard = serializers.BooleanField()
    verjaringseinde = serializers.DateField()
    voorlopig = serializers.BooleanField(
        help_text="Het bedrag gebruikt een jaar waarvan het indexeringspercentage nog niet is vastgesteld: "
        "voorlopig het laatst bekende bedrag."
    )


class TotaalUitvoer(serializers.Serializer):
    verschuldigd = serializers.CharField()
    betaald = serializers.CharField()
    open = serializers.CharField()
    verjaard = serializers.CharField()
    teveel_betaald = serializers.CharField()
    waarvan_indexering = serializers.CharField()


class AchterstandUitvoer(serializers.Serializer):
    termijnen = TermijnUitvoer(many=True)
    totaal = TotaalUitvoer()
    onbevestigd = serializers.ListField(child=serializers.CharField(), required=False)
    voorlopig = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Alleen bij voorlopige termijnen: per jaar zonder vastgesteld indexeringspercentage een melding.",
    )


class FoutUitvoer(serializers.Serializer):
    """400: an object with one list of messages per field (nested for list items)."""

    veld = serializers.ListField(child=serializers.CharField())
