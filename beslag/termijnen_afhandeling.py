"""Bailiff deadlines on the work queue: dealt with from the list, and not left there forever.

A deadline (Atw) of a bailiff step is open until a following step fulfils it or a case manager marks it dealt
with. One that passed more than ``VERLOPEN_BEWAAR_DAGEN`` days ago without either is closed by the hourly
bailiff check, with a line on the dossier's timeline, so the list shows what can still be acted on."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe

from .models import BeslagStap

VERLOPEN_BEWAAR_DAGEN = 30


@transaction.atomic
def beslagstap_termijn_afhandel(*, stap: BeslagStap, door, toelichting: str = "") -> BeslagStap:
    """A case manager marks the deadline of ``stap`` as dealt with (compare-and-set: once)."""
    from .services import _volgende_actie_bijwerken

    if (
        BeslagStap.objects.filter(pk=stap.pk, afgerond_op__isnull=True).update(afgerond_op=timezone.now())
        != 1
    ):
        raise ValidationError("Deze termijn is al afgehandeld.")
    stap.refresh_from_db()
    dossier = Dossier.objects.get(pk=stap.dossier_id)
    tekst = f"Termijn deurwaarder afgehandeld: {stap.termijn} (uiterlijk {stap.uiterste_datum:%d-%m-%Y})"
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        tekst=tekst + (f". {toelichting.strip()}" if toelichting.strip() else "."),
        actor=door,
        intern=True,
    )
    _volgende_actie_bijwerken(dossier, door)
    return stap


@transaction.atomic
def beslag_termijnen_opruimen(*, vandaag: date) -> int:
    """Close the deadlines that passed more than ``VERLOPEN_BEWAAR_DAGEN`` days ago; idempotent."""
    grens = vandaag - timedelta(days=VERLOPEN_BEWAAR_DAGEN)
    stappen = list(
        BeslagStap.objects.select_for_update()
        .filter(afgerond_op__isnull=True, uiterste_datum__lt=grens)
        .select_related("dossier")
        .order_by("id")
    )
    if not stappen:
        return 0
    BeslagStap.objects.filter(pk__in=[s.pk for s in stappen]).update(afgerond_op=timezone.now())
    for s in stappen:
        tijdlijn_voeg_toe(
            dossier=s.dossier,
            soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
            tekst=(
                f"Termijn deurwaarder verlopen op {s.uiterste_datum:%d-%m-%Y} ({s.termijn}) en na "
                f"{VERLOPEN_BEWAAR_DAGEN} dagen van de werkvoorraad gehaald."
            ),
            intern=True,
            sleutel=f"beslag:stap:{s.pk}:opgeruimd",
        )
    return len(stappen)
