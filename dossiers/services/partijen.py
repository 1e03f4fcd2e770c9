"""The parties of a dossier: a client record (e.g. for an order taken by phone)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from schwifty import IBAN

from accounts.models import User

from ..models import Client


@transaction.atomic
def client_maak(
    *,
    naam: str,
    email: str = "",
    telefoon: str = "",
    straat: str = "",
    postcode: str = "",
    woonplaats: str = "",
    land: str = "NL",
    uitbetaal_iban: str = "",
    uitbetaal_tenaamstelling: str = "",
    user: User | None = None,
) -> Client:
    """A client record (e.g. for an order taken by phone). The payout IBAN is checked with schwifty."""
    fouten: dict[str, list[str]] = {}
    if not naam.strip():
        fouten["naam"] = [_("Vul de naam van de cliënt in.")]
    iban = (uitbetaal_iban or "").replace(" ", "").upper()
    if iban:
        try:
            IBAN(iban)
        except Exception:  # schwifty raises several exception types
            fouten["uitbetaal_iban"] = [_("Dit IBAN klopt niet. Controleer het nummer.")]
        if not uitbetaal_tenaamstelling.strip():
            fouten["uitbetaal_tenaamstelling"] = [_("Vul de tenaamstelling van de rekening in.")]
    if fouten:
        raise ValidationError(fouten)
    return Client.objects.create(
        naam=naam.strip(),
        email=email,
        telefoon=telefoon,
        straat=straat,
        postcode=postcode,
        woonplaats=woonplaats,
        land=(land or "NL").upper(),
        uitbetaal_iban=iban,
        uitbetaal_tenaamstelling=uitbetaal_tenaamstelling.strip(),
        user=user,
    )
