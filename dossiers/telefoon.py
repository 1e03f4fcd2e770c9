"""An order taken by phone by a case manager: the client (found or created), the title scan and the order, in
one transaction.

Beside ``dossiers.services`` rather than in it: it changes a known client's payout account through
``dossiers.iban``, which itself writes the timeline through ``dossiers.services``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import User

from .documenten import document_opslaan
from .iban import client_iban_wijzig
from .models import Client, Document, Dossier, Opdracht
from .services import client_maak, opdracht_registreer

# The terms a client accepts on the phone (read out by the case manager), recorded with the order.
TELEFOON_VOORWAARDEN_VERSIE = "telefonisch-2026-1"


@transaction.atomic(durable=True)
def telefonische_opdracht_registreer(
    *, client: dict, opdracht: dict, door: User, titel_scan: UploadedFile | None = None
) -> Dossier:
    """An order taken by phone by a case manager, in one transaction: the client, the title scan and the order.

    ``client``: naam, email, telefoon, straat, postcode, woonplaats, iban, tenaamstelling. The client is the
    first one with this e-mail address; a known client naming another payout account goes through
    ``client_iban_wijzig``, so the hold on the new account starts. Without one a client is created.
    ``opdracht``: the order's keyword arguments of ``opdracht_registreer`` (debiteur, titel, verplichtingen,
    eenmalig, ontvangen_op, brieven_per_email, toelichting).

    Raises ValidationError with the keys of ``opdracht_registreer``, the client's as ``client.<veld>``
    (``client.iban`` for the payout account). The warnings are on ``dossier.waarschuwingen``.
    """
    klant = Client.objects.filter(email__iexact=client["email"]).order_by("id").first()
    if klant is not None and client["iban"]:
        try:
            klant = client_iban_wijzig(
                client=klant,
                iban=client["iban"],
                tenaamstelling=client["tenaamstelling"] or klant.uitbetaal_tenaamstelling,
                door=door,
            )
        except ValidationError as exc:
            raise ValidationError({"client.iban": exc.message_dict["uitbetaal_iban"]}) from exc
    if klant is None:
        try:
            klant = client_maak(
                naam=client["naam"],
                email=client["email"],
                telefoon=client["telefoon"],
                straat=client["straat"],
                postcode=client["postcode"],
                woonplaats=client["woonplaats"],
                uitbetaal_iban=client["iban"],
                uitbetaal_tenaamstelling=client["tenaamstelling"],
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    "client.iban" if veld == "uitbetaal_iban" else f"client.{veld}": berichten
                    for veld, berichten in exc.message_dict.items()
                }
            ) from exc
    scan = None
    if titel_scan:
        scan = document_opslaan(
            bestand=titel_scan, soort=Document.Soort.TITEL, dossier=None, geupload_door=door
        )
    return opdracht_registreer(
        client=klant,
        kanaal=Opdracht.Kanaal.TELEFOON,
        ingevoerd_door=door,
        voorwaarden_versie=TELEFOON_VOORWAARDEN_VERSIE,
        titel_document=scan,
        **opdracht,
    )
