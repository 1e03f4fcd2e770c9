"""Consent: every escalation step needs the client's consent first (asked, answered once, reminded, and a
task for the case manager when the client stays silent)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import taak_maak, tijdlijn_voeg_toe, volgende_actie_zet
from incasso.models import Signalering, Toestemmingsverzoek
from incasso.outbox import email_plaats
from incasso.selectors import garnering_blokkade
from tarieven.selectors import kalender

from .statusupdate import statusupdate_stuur

HERINNERING_WERKDAGEN = 5
TAAK_WERKDAGEN = 10


@transaction.atomic
def toestemming_vraag(*, dossier: Dossier, soort: str, door: User | None) -> Toestemmingsverzoek:
    """Ask the client's consent for an escalation step. An open request of the same kind is returned as is.

    Raises ValidationError (Dutch message for the page) for a garnishment without title or abroad."""
    if soort not in Toestemmingsverzoek.Soort.values:
        raise ValidationError(f"Onbekende soort stap: {soort}.")
    if not dossier.is_open:
        raise ValidationError("Dit dossier is gesloten; er kan geen toestemming meer worden gevraagd.")
    if soort in Toestemmingsverzoek.BESLAG_SOORTEN:
        reden = garnering_blokkade(dossier=dossier)
        if reden:
            raise ValidationError(reden)
    bestaand = Toestemmingsverzoek.objects.filter(
        dossier=dossier, soort=soort, status=Toestemmingsverzoek.Status.GEVRAAGD
    ).first()
    if bestaand is not None:
        return bestaand
    verzoek = Toestemmingsverzoek(
        dossier=dossier, soort=soort, gevraagd_op=timezone.now(), gevraagd_door=door
    )
    if door is not None:
        verzoek._history_user = door  # who asked, in the consent's history (else the request's user)
    verzoek.save(force_insert=True)
    label = Toestemmingsverzoek.Soort(soort).label
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.TOESTEMMING,
        tekst=f"Toestemming gevraagd aan de cliënt voor: {label}.",
        door=door,
        sleutel=f"toestemming:{verzoek.pk}:gevraagd",
    )
    vandaag = timezone.localdate()
    volgende_actie_zet(
        dossier=dossier,
        actie=f"Wachten op toestemming cliënt: {label}",
        datum=kalender().werkdagen_na(vandaag, HERINNERING_WERKDAGEN),
        door=door,
    )
    statusupdate_stuur(
        dossier=dossier,
        aanleiding=f"Wij vragen uw toestemming voor de volgende stap: {label}. U kunt antwoorden in het portaal.",
        sleutel=f"toestemming:{verzoek.pk}:gevraagd",
    )
    return verzoek


@transaction.atomic
def toestemming_beantwoord(
    *, verzoek: Toestemmingsverzoek, gegeven: bool, door: User | None, toelichting: str = ""
) -> Toestemmingsverzoek:
    """Record the client's answer once (the row locked, status still 'gevraagd'); put it on the timeline."""
    nu = timezone.now()
    nieuwe_status = Toestemmingsverzoek.Status.GEGEVEN if gegeven else Toestemmingsverzoek.Status.GEWEIGERD
    # Locked and saved (not a queryset update), so the answer is in the consent's history: who, when, from, to.
    verzoek.refresh_from_db(from_queryset=Toestemmingsverzoek.objects.select_for_update())
    if verzoek.status != Toestemmingsverzoek.Status.GEVRAAGD:
        raise ValidationError("Dit verzoek is al beantwoord.")
    verzoek.status, verzoek.beantwoord_op, verzoek.beantwoord_door = nieuwe_status, nu, door
    verzoek.toelichting = toelichting.strip()
    if door is not None:
        verzoek._history_user = (
            door  # else the request's user (HistoryRequestMiddleware), e.g. who recorded it
        )
    verzoek.save(update_fields=["status", "beantwoord_op", "beantwoord_door", "toelichting"])
    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=verzoek.dossier_id)
    label = verzoek.get_soort_display()
    wie = door.get_full_name() or door.email if door else "onbekend"
    antwoord = "gegeven" if gegeven else "geweigerd"
    tekst = f"Toestemming {antwoord} voor: {label} (door {wie}, {timezone.localtime(nu):%d-%m-%Y %H:%M})."
    if verzoek.toelichting:
        tekst += f" Toelichting: {verzoek.toelichting}"
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.TOESTEMMING,
        tekst=tekst,
        door=door,
        sleutel=f"toestemming:{verzoek.pk}:antwoord",
    )
    Signalering.objects.filter(
        dossier=dossier, soort=Signalering.Soort.TOESTEMMING_OPEN, opgelost_op__isnull=True
    ).exclude(
        Exists(
            Toestemmingsverzoek.objects.filter(
                dossier=OuterRef("dossier"), status=Toestemmingsverzoek.Status.GEVRAAGD
            )
        )
    ).update(opgelost_op=timezone.localdate())
    vandaag = timezone.localdate()
    if gegeven:
        volgende_actie_zet(
            dossier=dossier,
            actie=f"Deurwaarder opdracht geven: {label}",
            datum=kalender().werkdagen_na(vandaag, 2),
        )
    else:
        volgende_actie_zet(
            dossier=dossier,
            actie=f"Cliënt weigerde {label}: ander vervolg bepalen",
            datum=kalender().werkdagen_na(vandaag, 2),
        )
        taak_maak(
            dossier=dossier,
            omschrijving=f"Cliënt weigerde toestemming voor {label}: bespreek het vervolg met de cliënt",
            deadline=kalender().werkdagen_na(vandaag, 2),
            sleutel=f"toestemming:{verzoek.pk}:geweigerd",
        )
    return verzoek


def toestemming_controle(*, vandaag: date | None = None) -> dict[str, int]:
    """Unanswered after 5 working days → reminder e-mail to the client; after 10 → task for the case manager."""
    vandaag = vandaag or timezone.localdate()
    tz = timezone.get_current_timezone()
    grens_herinnering = timezone.make_aware(
        datetime.combine(
            kalender().werkdagen_terug(vandaag, HERINNERING_WERKDAGEN) + timedelta(days=1),
            datetime.min.time(),
        ),
        tz,
    )
    grens_taak = timezone.make_aware(
        datetime.combine(
            kalender().werkdagen_terug(vandaag, TAAK_WERKDAGEN) + timedelta(days=1), datetime.min.time()
        ),
        tz,
    )
    open_qs = Toestemmingsverzoek.objects.filter(status=Toestemmingsverzoek.Status.GEVRAAGD).select_related(
        "dossier", "dossier__client"
    )
    herinneringen = taken = 0
    for verzoek in open_qs.filter(herinnering_op__isnull=True, gevraagd_op__lt=grens_herinnering):
        with transaction.atomic(durable=True):
            if (
                Toestemmingsverzoek.objects.filter(pk=verzoek.pk, herinnering_op__isnull=True).update(
                    herinnering_op=timezone.now()
                )
                != 1
            ):
                continue
            client = verzoek.dossier.client
            if client.email:
                email_plaats(
                    aan=client.email,
                    onderwerp=f"Herinnering: wij wachten op uw toestemming (dossier {verzoek.dossier.nummer})",
                    tekst=render_to_string(
                        "emails/toestemming_herinnering.txt",
                        {"verzoek": verzoek, "client": client, "site_url": settings.SITE_URL},
                    ),
                    dossier=verzoek.dossier,
                    sleutel=f"toestemming:{verzoek.pk}:herinnering",
                )
            tijdlijn_voeg_toe(
                dossier=verzoek.dossier,
                soort=TijdlijnGebeurtenis.Soort.EMAIL,
                tekst=f"Herinnering aan de cliënt: toestemming voor {verzoek.get_soort_display()} nog niet gegeven.",
                sleutel=f"toestemming:{verzoek.pk}:herinnering",
            )
            herinneringen += 1
    for verzoek in open_qs.filter(taak_gemaakt_op__isnull=True, gevraagd_op__lt=grens_taak):
        with transaction.atomic(durable=True):
            if (
                Toestemmingsverzoek.objects.filter(pk=verzoek.pk, taak_gemaakt_op__isnull=True).update(
                    taak_gemaakt_op=timezone.now()
                )
                != 1
            ):
                continue
            taak_maak(
                dossier=verzoek.dossier,
                omschrijving=f"Cliënt antwoordt niet op toestemming voor {verzoek.get_soort_display()}: bel de cliënt",
                deadline=kalender().werkdagen_na(vandaag, 1),
                sleutel=f"toestemming:{verzoek.pk}:taak",
            )
            taken += 1
    return {"herinneringen": herinneringen, "taken": taken}
