"""Input and output of the two beslag calculators (Btag tariff, beslagvrije voet)."""

from __future__ import annotations

from rest_framework import serializers

from recht.bvv import Adres, Huishouden
from staf.tarieven.serializers import DatumVeld, StrengeSerializer, bedrag_veld

KEUZE_FOUT = {"invalid_choice": "Kies een van: {choices}."}


class KeuzeVeld(serializers.ChoiceField):
    default_error_messages = {"invalid_choice": '"{input}" is geen geldige keuze.'}


class BtagInvoer(StrengeSerializer):
    handeling = serializers.CharField(
        max_length=60,
        help_text="Naam van de handeling zoals in btag_tarieven.csv, bv. derdenbeslag_periodiek.",
    )
    datum = DatumVeld(help_text="De datum van de handeling; het tarief van dat kalenderjaar geldt.")


class BtagUitvoer(serializers.Serializer):
    bedrag = serializers.CharField(help_text="Tarief in euro, twee decimalen.")
    artikel = serializers.CharField(
        help_text="Artikel van het Besluit tarieven ambtshandelingen gerechtsdeurwaarders."
    )
    jaar = serializers.IntegerField()
    omschrijving = serializers.CharField()
    onbevestigd = serializers.ListField(child=serializers.CharField(), required=False)


class BvvInvoerSerializer(StrengeSerializer):
    datum = DatumVeld(help_text="Peildatum; de tekst van de wet en de tabellen van die datum gelden.")
    huishouden = KeuzeVeld(choices=[h.value for h in Huishouden])
    netto_inkomen = bedrag_veld(required=False, allow_null=True, help_text="Netto inkomen per maand.")
    vakantiegeld_inbegrepen = serializers.BooleanField(default=True)
    partner_inkomen = bedrag_veld(
        required=False, default="0.00", help_text="Niet-beslagen inkomen van de partner."
    )
    eigen_overig_inkomen = bedrag_veld(
        required=False, default="0.00", help_text="Eigen niet-beslagen inkomen."
    )
    woonkosten = bedrag_veld(required=False, allow_null=True, help_text="Woonkosten per maand.")
    woonkostenverzoek_toegekend = serializers.BooleanField(default=False)
    adres = KeuzeVeld(
        choices=[a.value for a in Adres],
        default=Adres.NL.value,
        help_text="nl: adres in de BRP; geen: geen adres in de BRP; buitenland: vast adres in het buitenland.",
    )
    # Rv art. 475da lid 2: without the taxable income (or a yearly regulation amount that neither the caller nor
    # the table Regelingsbedrag gives) the maximum of lid 1 is used, and the answer says why.
    toetsingsinkomen_jaar = bedrag_veld(
        required=False,
        allow_null=True,
        help_text="C: belastbaar inkomen per jaar van de debiteur en een eventuele echtgenoot (Rv art. 475d lid 1).",
    )
    drempelinkomen = bedrag_veld(
        required=False,
        allow_null=True,
        help_text="D: drempelinkomen per jaar (Wet op de zorgtoeslag art. 1 lid 1 f). Leeg: de rij van het berekeningsjaar uit de tabel regelingsbedragen.",
    )
    standaardpremie_jaar = bedrag_veld(
        required=False,
        allow_null=True,
        help_text="Standaardpremie per jaar (Wet op de zorgtoeslag art. 4), voor het plafond van art. 475da lid 3. Leeg: de rij van het berekeningsjaar uit de tabel regelingsbedragen.",
    )
    minimum_inkomensijkpunt = bedrag_veld(
        required=False,
        allow_null=True,
        help_text="Minimum-inkomensijkpunt per jaar voor dit huishouden (Wet op de huurtoeslag art. 17 lid 1). Leeg: de rij van het berekeningsjaar uit de tabel regelingsbedragen.",
    )
    kgb_percentage = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="K: percentage (Wet op het kindgebonden budget art. 2 lid 7); alleenstaande ouder en gehuwden met kinderen. Leeg: de rij van het berekeningsjaar uit de tabel regelingsbedragen.",
    )
    kgb_drempelverhoging = bedrag_veld(
        required=False,
        allow_null=True,
        help_text="L: verhoging van het drempelinkomen per jaar (Wet op het kindgebonden budget art. 2 lid 8). Leeg: de rij van het berekeningsjaar uit de tabel regelingsbedragen.",
    )


class BvvTermSerializer(serializers.Serializer):
    naam = serializers.CharField()
    artikel = serializers.CharField()
    bedrag = serializers.CharField()
    niet_bevestigd = serializers.BooleanField()
    toelichting = serializers.CharField()


class BvvUitvoerSerializer(serializers.Serializer):
    beslagvrije_voet = serializers.CharField()
    inkomen_incl_vakantiegeld = serializers.CharField(allow_null=True)
    beslagruimte = serializers.CharField(allow_null=True)
    geldig_tot = serializers.DateField()
    regelversie = serializers.CharField()
    termen = BvvTermSerializer(many=True)
    niet_bevestigd = serializers.BooleanField()
    meldingen = serializers.ListField(child=serializers.CharField())
    onbevestigd = serializers.ListField(child=serializers.CharField(), required=False)
