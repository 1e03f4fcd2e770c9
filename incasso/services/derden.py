"""Requests to third parties (an employer, a benefits agency): sent, answered, and chased after 4 weeks
by the stagnation sweep."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from incasso.models import VerzoekAanDerde


@transaction.atomic(durable=True)
def verzoek_derde_maak(
    *, dossier: Dossier, derde_naam: str, omschrijving: str, antwoord_uiterlijk: date, door: User | None
) -> VerzoekAanDerde:
    vandaag = timezone.localdate()
    if antwoord_uiterlijk < vandaag:
        raise ValidationError("De antwoorddatum ligt in het verleden.")
    verzoek = VerzoekAanDerde.objects.create(
        dossier=dossier,
        derde_naam=derde_naam,
        omschrijving=omschrijving,
        verzonden_op=vandaag,
        antwoord_uiterlijk=antwoord_uiterlijk,
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.OVERIG,
        tekst=f"Verzoek aan {derde_naam}: {omschrijving} (antwoord uiterlijk {antwoord_uiterlijk:%d-%m-%Y}).",
        door=door,
        intern=True,
    )
    return verzoek


@transaction.atomic(durable=True)
def verzoek_derde_beantwoord(*, verzoek: VerzoekAanDerde, door: User | None) -> VerzoekAanDerde:
    if (
        VerzoekAanDerde.objects.filter(pk=verzoek.pk, beantwoord_op__isnull=True).update(
            beantwoord_op=timezone.localdate()
        )
        != 1
    ):
        raise ValidationError("Dit verzoek is al beantwoord.")
    verzoek.refresh_from_db()
    tijdlijn_voeg_toe(
        dossier=verzoek.dossier,
        soort=TijdlijnGebeurtenis.Soort.OVERIG,
        tekst=f"Antwoord ontvangen van {verzoek.derde_naam}.",
        door=door,
        intern=True,
    )
    return verzoek
