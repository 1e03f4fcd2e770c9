"""Read-only API of client money for the ``financieel`` role: reconciliation, the ledger check and the
receipts waiting for a match. Amounts are strings with two decimals."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsFinancieel
from bank.controle import grootboek_controleer
from inning import selectors
from recht.geld import bedrag_str


class AfstemmingSerializer(serializers.Serializer):
    bank_grootboek = serializers.CharField()
    bank_volgens_afschrift = serializers.CharField(allow_null=True)
    afschrift_datum = serializers.DateField(allow_null=True)
    verschuldigd_aan_clienten = serializers.CharField()
    provisie_nog_over_te_boeken = serializers.CharField()
    kosten_nog_over_te_boeken = serializers.CharField()
    ongealloceerd = serializers.CharField()
    totaal_verplichtingen = serializers.CharField()
    verschil_grootboek = serializers.CharField()
    verschil_afschrift = serializers.CharField(allow_null=True)


class ControleSerializer(serializers.Serializer):
    in_balans = serializers.BooleanField()
    verschil = serializers.CharField()
    fouten = serializers.ListField(child=serializers.CharField())


class OntvangstSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    datum = serializers.DateField()
    bedrag = serializers.SerializerMethodField()
    tegenpartij = serializers.SerializerMethodField()
    tegenrekening = serializers.SerializerMethodField()
    omschrijving = serializers.CharField()
    suggestie = serializers.SerializerMethodField()

    def get_bedrag(self, o) -> str:
        return bedrag_str(o.bedrag)

    def get_tegenpartij(self, o) -> str:
        return o.bankregel.tegenpartij if o.bankregel else ""

    def get_tegenrekening(self, o) -> str:
        return o.bankregel.tegenrekening if o.bankregel else ""

    def get_suggestie(self, o) -> str | None:
        return o.suggestie.nummer if o.suggestie else None


class AfstemmingView(APIView):
    permission_classes = [IsFinancieel]

    @extend_schema(responses=AfstemmingSerializer, summary="Afstemming derdengelden")
    def get(self, request):
        a = selectors.afstemming()
        data = {k: (bedrag_str(v) if hasattr(v, "quantize") else v) for k, v in a.items()}
        return Response(AfstemmingSerializer(data).data)


class ControleView(APIView):
    permission_classes = [IsFinancieel]

    @extend_schema(responses=ControleSerializer, summary="Grootboekcontrole (alleen lezen)")
    def get(self, request):
        return Response(ControleSerializer(grootboek_controleer()).data)


class OngematchtView(APIView):
    permission_classes = [IsFinancieel]

    @extend_schema(responses=OntvangstSerializer(many=True), summary="Ontvangsten zonder dossier")
    def get(self, request):
        qs = selectors.ongematchte_ontvangsten()[:500]
        return Response(OntvangstSerializer(qs, many=True).data)
