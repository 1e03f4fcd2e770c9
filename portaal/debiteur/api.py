"""``POST /api/v1/debiteur/betalingen/`` {"bedrag": "150.00"} from a debtor session: starts an iDEAL payment
and answers {"id": …, "checkout_url": "…"}.

The debtor is not a Django user, so DRF's SessionAuthentication (which checks CSRF only for a logged-in user)
does not apply: ``DebiteurSessie`` authenticates the debtor session and always enforces CSRF, because the
session is a cookie like any other.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from betaling.models import Betaling
from betaling.services import MAXIMUM, MINIMUM, BetalingFout, betaling_start

from .sessie import sessie_dossier


class DebiteurSessie(SessionAuthentication):
    def authenticate(self, request):
        dossier = sessie_dossier(request._request)
        if dossier is None:
            return None
        self.enforce_csrf(request)
        return AnonymousUser(), dossier


class DebiteurSessieSchema(OpenApiAuthenticationExtension):
    target_class = DebiteurSessie
    name = "debiteurSessie"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


class IsDebiteur(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth is not None


class DebiteurBetalingStartSerializer(serializers.Serializer):
    bedrag = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=MINIMUM, max_value=MAXIMUM)


class DebiteurBetalingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Betaling
        fields: ClassVar[list[str]] = ["id", "checkout_url"]
        read_only_fields = fields


@extend_schema(
    tags=["debiteur"],
    summary="Betaling starten (debiteur)",
    request=DebiteurBetalingStartSerializer,
    responses={201: DebiteurBetalingSerializer},
)
class DebiteurBetalingen(generics.GenericAPIView):
    authentication_classes: ClassVar[list] = [DebiteurSessie]
    permission_classes: ClassVar[list] = [IsDebiteur]
    serializer_class = DebiteurBetalingStartSerializer

    def post(self, request, *args, **kwargs):
        invoer = DebiteurBetalingStartSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        try:
            betaling = betaling_start(
                dossier=request.auth,
                bedrag=invoer.validated_data["bedrag"],
                basis_url=request.build_absolute_uri("/"),
            )
        except BetalingFout as fout:
            raise ValidationError({"bedrag": fout.messages}) from None
        return Response(DebiteurBetalingSerializer(betaling).data, status=status.HTTP_201_CREATED)
