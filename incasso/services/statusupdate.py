"""Status updates to the client: what happened in the dossier, on the portal timeline and by e-mail, once
per key; and the periodic update for a client who heard nothing for 28 days."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from incasso.models import Statusupdate
from incasso.outbox import email_plaats

STATUSUPDATE_DAGEN = 28


@transaction.atomic
def statusupdate_stuur(*, dossier: Dossier, aanleiding: str, sleutel: str) -> Statusupdate | None:
    """Tell the client what happened (portal timeline + e-mail). Once per `sleutel`."""
    update, nieuw = Statusupdate.objects.get_or_create(
        sleutel=sleutel, defaults={"dossier": dossier, "aanleiding": aanleiding[:200], "op": timezone.now()}
    )
    if not nieuw:
        return None
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.STATUSUPDATE,
        tekst=statusupdate_tijdlijn_tekst(aanleiding),
        sleutel=f"update:{sleutel}"[:100],
    )
    if dossier.client.email:
        onderwerp, tekst = statusupdate_email(dossier, aanleiding)
        email_plaats(
            aan=dossier.client.email,
            onderwerp=onderwerp,
            tekst=tekst,
            dossier=dossier,
            sleutel=f"update:{sleutel}",
        )
    return update


def statusupdate_tijdlijn_tekst(aanleiding: str) -> str:
    return f"Statusupdate aan u: {aanleiding}"


def statusupdate_email(dossier: Dossier, aanleiding: str) -> tuple[str, str]:
    """(subject, text) of the status-update e-mail to the client (one text for the single and bulk paths)."""
    tekst = render_to_string(
        "emails/statusupdate.txt",
        {
            "dossier": dossier,
            "client": dossier.client,
            "aanleiding": aanleiding,
            "site_url": settings.SITE_URL,
        },
    )
    return f"Nieuws over uw dossier {dossier.nummer}"[:200], tekst


def statusupdate_periodiek_stuur(*, vandaag: date | None = None) -> int:
    """Every open, accepted dossier whose client heard nothing for 28 days gets a status update.

    The key holds the 28-day period number, so a rerun on the same day (or the next) sends nothing twice."""
    vandaag = vandaag or timezone.localdate()
    grens = timezone.now() - timedelta(days=STATUSUPDATE_DAGEN)
    recent = Statusupdate.objects.filter(dossier=OuterRef("pk"), op__gt=grens)
    dossiers = (
        Dossier.objects.filter(status__in=Dossier.OPEN_STATUSSEN)
        .exclude(status=Dossier.Status.INTAKE)
        .exclude(Exists(recent))
        .select_related("client")
    )
    periode = vandaag.toordinal() // STATUSUPDATE_DAGEN
    verstuurd = 0
    for dossier in dossiers.iterator(chunk_size=500):
        aanleiding = (
            f"Uw dossier loopt (status: {dossier.get_status_display()}). Volgende stap: {dossier.volgende_actie} "
            f"(uiterlijk {dossier.volgende_actie_datum:%d-%m-%Y})."
        )
        if statusupdate_stuur(
            dossier=dossier, aanleiding=aanleiding, sleutel=f"periodiek:{dossier.pk}:{periode}"
        ):
            verstuurd += 1
    return verstuurd
