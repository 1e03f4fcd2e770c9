"""Writes of the collection workflow: consent requests, payment arrangements, requests to third parties,
status updates to the client and the daily sweeps (missed instalments, unanswered consents, stagnation).

Side effects that leave the process (letters, e-mails) go through Celery tasks after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.lookups import LessThan
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from dossiers.models import Dossier, StatusOvergang, Taak, TijdlijnGebeurtenis
from dossiers.services import (
    dossier_accepteer,
    status_tijdlijn_tekst,
    taak_maak,
    taak_tijdlijn_tekst,
    tijdlijn_voeg_toe,
    volgende_actie_zet,
)
from recht.geld import NUL, euro, rond_af
from recht.kalender import Kalender
from tarieven.selectors import kalender

from .models import (
    Betalingsregeling,
    Brief,
    BriefSoort,
    LopendeAlimentatie,
    Regeltermijn,
    Signalering,
    Statusupdate,
    Toestemmingsverzoek,
    VerzoekAanDerde,
)
from .outbox import email_plaats
from .selectors import garnering_blokkade

HERINNERING_WERKDAGEN = 5
TAAK_WERKDAGEN = 10
RAPPEL_DAGEN = 28
STATUSUPDATE_DAGEN = 28


@transaction.atomic
def opdracht_accepteer(*, dossier: Dossier, door: User, casemanager: User | None = None) -> Dossier:
    """Accept an order and send its first reminder: the state change in dossiers, the letter on commit."""
    from incasso.tasks import eerste_aanmaning as eerste_aanmaning_task

    geaccepteerd = dossier_accepteer(dossier=dossier, door=door, casemanager=casemanager)
    transaction.on_commit(lambda: eerste_aanmaning_task.delay(geaccepteerd.pk))
    return geaccepteerd


def _status_wijzig(*, dossier: Dossier, naar: str, door: User | None, reden: str) -> None:
    """Through the dossiers state machine when it is there; the transition is stored either way."""
    if dossier.status == naar:
        return
    try:
        from dossiers.services import dossier_status_wijzig
    except ImportError:
        dossier_status_wijzig = None
    if dossier_status_wijzig is not None:
        dossier_status_wijzig(dossier=dossier, naar=naar, door=door, reden=reden)
        return
    van = dossier.status
    Dossier.objects.filter(pk=dossier.pk).update(status=naar, status_reden=reden)
    dossier.status = naar
    StatusOvergang.objects.create(dossier=dossier, van=van, naar=naar, door=door, reden=reden)
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.STATUS,
        tekst=f"Status: {Dossier.Status(van).label} → {Dossier.Status(naar).label}. {reden}",
        actor=door,
    )


# --- status updates to the client ---------------------------------------------------------------------


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
        tekst=_statusupdate_tijdlijn(aanleiding),
        sleutel=f"update:{sleutel}"[:100],
    )
    if dossier.client.email:
        onderwerp, tekst = _statusupdate_email(dossier, aanleiding)
        email_plaats(
            aan=dossier.client.email,
            onderwerp=onderwerp,
            tekst=tekst,
            dossier=dossier,
            sleutel=f"update:{sleutel}",
        )
    return update


def _statusupdate_tijdlijn(aanleiding: str) -> str:
    return f"Statusupdate aan u: {aanleiding}"


def _statusupdate_email(dossier: Dossier, aanleiding: str) -> tuple[str, str]:
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


# --- consent ------------------------------------------------------------------------------------------


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
    verzoek = Toestemmingsverzoek.objects.create(
        dossier=dossier, soort=soort, gevraagd_op=timezone.now(), gevraagd_door=door
    )
    label = Toestemmingsverzoek.Soort(soort).label
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.TOESTEMMING,
        tekst=f"Toestemming gevraagd aan de cliënt voor: {label}.",
        actor=door,
        sleutel=f"toestemming:{verzoek.pk}:gevraagd",
    )
    vandaag = timezone.localdate()
    volgende_actie_zet(
        dossier=dossier,
        actie=f"Wachten op toestemming cliënt: {label}",
        datum=kalender().werkdagen_na(vandaag, HERINNERING_WERKDAGEN),
        actor=door,
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
    """Record the client's answer once (compare-and-set on status 'gevraagd'); put it on the timeline."""
    nu = timezone.now()
    nieuwe_status = Toestemmingsverzoek.Status.GEGEVEN if gegeven else Toestemmingsverzoek.Status.GEWEIGERD
    gezet = Toestemmingsverzoek.objects.filter(
        pk=verzoek.pk, status=Toestemmingsverzoek.Status.GEVRAAGD
    ).update(status=nieuwe_status, beantwoord_op=nu, beantwoord_door=door, toelichting=toelichting.strip())
    if gezet != 1:
        raise ValidationError("Dit verzoek is al beantwoord.")
    verzoek.refresh_from_db()
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
        actor=door,
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
        with transaction.atomic():
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
        with transaction.atomic():
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


# --- payment arrangements -----------------------------------------------------------------------------


@transaction.atomic
def betalingsregeling_maak(
    *,
    dossier: Dossier,
    termijnen: Sequence[tuple[date, Decimal]],
    door: User | None,
    toelichting: str = "",
    lopende_alimentatie: str = LopendeAlimentatie.NAAST,
) -> Betalingsregeling:
    """Record the debtor's proposal (entered by the case manager); the client must approve it in the portal."""
    if not termijnen:
        raise ValidationError("Een regeling heeft ten minste één termijn.")
    data = [d for d, _ in termijnen]
    if len(set(data)) != len(data) or data != sorted(data):
        raise ValidationError("De vervaldata moeten oplopen en mogen niet dubbel voorkomen.")
    if any(b <= 0 for _, b in termijnen):
        raise ValidationError("Elk termijnbedrag moet groter zijn dan nul.")
    if Betalingsregeling.objects.filter(
        dossier=dossier, status__in=[Betalingsregeling.Status.VOORGESTELD, Betalingsregeling.Status.LOOPT]
    ).exists():
        raise ValidationError("Er is al een voorgestelde of lopende regeling op dit dossier.")
    regeling = Betalingsregeling.objects.create(
        dossier=dossier,
        toelichting=toelichting,
        voorgesteld_op=timezone.now(),
        voorgesteld_door=door,
        lopende_alimentatie=LopendeAlimentatie(lopende_alimentatie),
    )
    Regeltermijn.objects.bulk_create(
        Regeltermijn(regeling=regeling, volgnummer=i, vervaldatum=d, bedrag=rond_af(b))
        for i, (d, b) in enumerate(termijnen, start=1)
    )
    totaal = sum((rond_af(b) for _, b in termijnen), NUL)
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=(
            f"Voorstel betalingsregeling: {len(termijnen)} termijn{'en' if len(termijnen) != 1 else ''}, "
            f"totaal {euro(totaal)}; wacht op de cliënt."
        ),
        actor=door,
        sleutel=f"regeling:{regeling.pk}:voorgesteld",
    )
    volgende_actie_zet(
        dossier=dossier,
        actie="Wachten op akkoord cliënt over betalingsregeling",
        datum=kalender().werkdagen_na(timezone.localdate(), HERINNERING_WERKDAGEN),
        actor=door,
    )
    statusupdate_stuur(
        dossier=dossier,
        aanleiding="De debiteur stelt een betalingsregeling voor. Wilt u deze in het portaal goedkeuren of afwijzen?",
        sleutel=f"regeling:{regeling.pk}:voorgesteld",
    )
    return regeling


@transaction.atomic
def betalingsregeling_beoordeel(
    *, regeling: Betalingsregeling, akkoord: bool, door: User | None
) -> Betalingsregeling:
    """The client approves (the arrangement runs, escalation pauses) or declines it."""
    nieuw = Betalingsregeling.Status.LOOPT if akkoord else Betalingsregeling.Status.AFGEWEZEN
    gezet = Betalingsregeling.objects.filter(
        pk=regeling.pk, status=Betalingsregeling.Status.VOORGESTELD
    ).update(status=nieuw, beoordeeld_op=timezone.now(), beoordeeld_door=door)
    if gezet != 1:
        raise ValidationError("Over deze regeling is al beslist.")
    regeling.refresh_from_db()
    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=regeling.dossier_id)
    vandaag = timezone.localdate()
    if akkoord:
        # While an arrangement runs there is no escalation: open consent requests lapse.
        Toestemmingsverzoek.objects.filter(
            dossier=dossier, status=Toestemmingsverzoek.Status.GEVRAAGD
        ).update(status=Toestemmingsverzoek.Status.VERVALLEN, beantwoord_op=timezone.now())
        _status_wijzig(
            dossier=dossier, naar=Dossier.Status.REGELING, door=door, reden="Betalingsregeling loopt"
        )
        from .regeling_ingang import regeling_ingang_vast

        regeling_ingang_vast(regeling=regeling, dossier=dossier, vandaag=vandaag)
        eerste = regeling.termijnen.order_by("volgnummer").first()
        volgende_actie_zet(
            dossier=dossier,
            actie="Betaling termijn regeling controleren",
            datum=kalender().werkdagen_na(eerste.vervaldatum, 2),
        )
        from .tasks import brief_stuur

        transaction.on_commit(
            lambda: brief_stuur.delay(
                dossier.pk, BriefSoort.REGELING_BEVESTIGING, f"regeling:{regeling.pk}:bevestiging"
            )
        )
    else:
        volgende_actie_zet(
            dossier=dossier,
            actie="Regeling afgewezen door cliënt: debiteur informeren",
            datum=kalender().werkdagen_na(vandaag, 2),
        )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=f"Betalingsregeling {'goedgekeurd' if akkoord else 'afgewezen'} door de cliënt.",
        actor=door,
        sleutel=f"regeling:{regeling.pk}:beoordeeld",
    )
    return regeling


REGELING_BLOK = 500  # arrangements per block: a fixed number of queries per block, memory bounded by it


def regeling_controle(*, vandaag: date | None = None) -> dict[str, int]:
    """Check every due instalment of running arrangements against the receipts.

    An instalment due on D is checked on the first working day after D (bank statements of D arrive then),
    so a missed one is found within 2 working days. Paid means: receipts since the arrangement was proposed
    cover the cumulative amount of all instalments up to and including this one.

    Set-based, per block of ``REGELING_BLOK`` arrangements: the arrangements, their instalments and the
    receipts of their dossiers are read in bulk, judged in Python exactly as one by one, and the outcomes
    (instalment paid, arrangement fulfilled, arrangement broken with its task, letter and status update) are
    written in bulk, so the number of queries does not grow with the number of arrangements.
    """
    vandaag = vandaag or timezone.localdate()
    grens = kalender().werkdagen_terug(vandaag, 1)  # due on or before this day → checkable today
    regeling_ids = list(
        Regeltermijn.objects.filter(
            regeling__status=Betalingsregeling.Status.LOOPT,
            status=Regeltermijn.Status.OPEN,
            vervaldatum__lte=grens,
        )
        .order_by("regeling_id")
        .values_list("regeling_id", flat=True)
        .distinct()
    )
    kal = kalender() if regeling_ids else Kalender()
    gemist = nagekomen = 0
    for i in range(0, len(regeling_ids), REGELING_BLOK):
        uitkomst = _regelingen_controleer(
            regeling_ids=regeling_ids[i : i + REGELING_BLOK], grens=grens, vandaag=vandaag, kal=kal
        )
        gemist += uitkomst["gemist"]
        nagekomen += uitkomst["nagekomen"]
    return {"gemist": gemist, "nagekomen": nagekomen, "gecontroleerd": len(regeling_ids)}


def _regeling_betalingen(dossier_ids: list[int]) -> dict[int, list[tuple[date, Decimal]]]:
    """The receipts of many dossiers in one query (``inning.selectors.dossiers_betalingen``), counted as an
    arrangement counts them (``met_rente``: what the debtor paid towards the claim).

    When the single-dossier selector has been replaced (tests supply their own receipts that way) it is
    asked per dossier, so a substitute is honoured exactly as on the one-by-one path."""
    try:
        from inning import selectors as inning_selectors
    except ImportError:  # without the ledger app there are no receipts
        return {pk: [] for pk in dossier_ids}
    enkel = inning_selectors.dossier_betalingen
    if getattr(enkel, "__module__", "") != "inning.selectors" or enkel.__name__ != "dossier_betalingen":
        return {pk: list(enkel(dossier_id=pk)) for pk in dossier_ids}
    return inning_selectors.dossiers_betalingen(dossier_ids=dossier_ids, met_rente=True)


def _regeling_beoordeel(
    *, termijnen: list[Regeltermijn], betaald: Decimal, grens: date
) -> tuple[list[Regeltermijn], tuple[Regeltermijn, Decimal] | None]:
    """Which open, due instalments are paid, and the first one that is not (with the shortfall).

    Instalments are judged in order and the judging stops at the first missed one: what follows it is left
    open (the arrangement is broken anyway). ``betaald`` is what came in since the proposal up to ``grens``.
    """
    betaalde: list[Regeltermijn] = []
    cumulatief = NUL
    for t in termijnen:
        cumulatief += t.bedrag
        if t.status != Regeltermijn.Status.OPEN or t.vervaldatum > grens:
            continue
        if betaald >= cumulatief:
            betaalde.append(t)
            continue
        return betaalde, (t, cumulatief - betaald)
    return betaalde, None


@dataclass(frozen=True, slots=True)
class _Einde:
    """How one arrangement ends in this run: what the one-by-one path wrote for it, as data for the bulk."""

    regeling: Betalingsregeling
    status: str  # nagekomen or verbroken
    reden: str  # of the dossier's transition back to actief
    tekst: str  # the arrangement's timeline event
    sleutel: str  # of that event, the status update and (when missed) the task and the letter
    actie: str
    actie_datum: date
    aanleiding: str  # the status update to the client
    taak: str = ""  # a task for the case manager (missed)
    taak_deadline: date | None = None
    brief_context: dict | None = None  # the letter to the debtor after commit (missed)


@transaction.atomic
def _regelingen_controleer(
    *, regeling_ids: Sequence[int], grens: date, vandaag: date, kal: Kalender
) -> dict[str, int]:
    """One block of ``regeling_controle`` in one transaction and a fixed number of queries."""
    # Locked in id order, as the one-by-one check locked each: a concurrent run waits here and then finds the
    # arrangements this run ended no longer running.
    regelingen = list(
        Betalingsregeling.objects.select_for_update()
        .filter(pk__in=regeling_ids, status=Betalingsregeling.Status.LOOPT)
        .order_by("pk")
    )
    if not regelingen:
        return {"gemist": 0, "nagekomen": 0}
    termijnen: dict[int, list[Regeltermijn]] = {r.pk: [] for r in regelingen}
    for t in Regeltermijn.objects.filter(regeling_id__in=list(termijnen)).order_by(
        "regeling_id", "volgnummer"
    ):
        termijnen[t.regeling_id].append(t)
    betalingen = _regeling_betalingen(sorted({r.dossier_id for r in regelingen}))

    betaald_ids: list[int] = []
    gemist_ids: list[int] = []
    eindes: list[_Einde] = []
    volgende: list[Dossier] = []
    for r in regelingen:
        start = timezone.localtime(r.voorgesteld_op).date()
        # Receipts between the proposal and the day it took effect already lowered the instalments.
        betaald = sum((b for d, b in betalingen.get(r.dossier_id, ()) if start <= d <= grens), NUL)
        betaald -= r.verrekend_bij_ingang
        betaalde, mis = _regeling_beoordeel(termijnen=termijnen[r.pk], betaald=betaald, grens=grens)
        betaald_ids += [t.pk for t in betaalde]
        for t in betaalde:
            t.status = Regeltermijn.Status.BETAALD
        if mis is not None:
            termijn, tekort = mis
            gemist_ids.append(termijn.pk)
            eindes.append(
                _regeling_verbroken(regeling=r, termijn=termijn, tekort=tekort, vandaag=vandaag, kal=kal)
            )
        elif all(t.status == Regeltermijn.Status.BETAALD for t in termijnen[r.pk]):
            eindes.append(
                _Einde(
                    regeling=r,
                    status=Betalingsregeling.Status.NAGEKOMEN,
                    reden="Betalingsregeling nagekomen",
                    tekst="Betalingsregeling volledig nagekomen.",
                    sleutel=f"regeling:{r.pk}:nagekomen",
                    actie="Lopende alimentatie bewaken na nagekomen regeling",
                    actie_datum=kal.werkdagen_na(vandaag, 10),
                    aanleiding="De debiteur heeft de betalingsregeling volledig nagekomen.",
                )
            )
        else:
            eerste_open = next((t for t in termijnen[r.pk] if t.status == Regeltermijn.Status.OPEN), None)
            if eerste_open is not None:
                volgende.append(
                    Dossier(
                        pk=r.dossier_id,
                        volgende_actie="Betaling termijn regeling controleren",
                        volgende_actie_datum=kal.werkdagen_na(eerste_open.vervaldatum, 2),
                    )
                )

    # Compare-and-set: only instalments still open are claimed, so none is judged twice.
    for ids, status in ((betaald_ids, Regeltermijn.Status.BETAALD), (gemist_ids, Regeltermijn.Status.GEMIST)):
        if ids and Regeltermijn.objects.filter(pk__in=ids, status=Regeltermijn.Status.OPEN).update(
            status=status, gecontroleerd_op=vandaag
        ) != len(ids):  # pragma: no cover - the arrangements are locked, so this means a bug
            raise RuntimeError("Regeltermijnen zijn intussen door een andere controle beoordeeld.")
    if volgende:
        Dossier.objects.bulk_update(volgende, ["volgende_actie", "volgende_actie_datum"])
    if eindes:
        _regelingen_beeindig(eindes=eindes)
    nagekomen = sum(e.status == Betalingsregeling.Status.NAGEKOMEN for e in eindes)
    return {"gemist": len(gemist_ids), "nagekomen": nagekomen}


def _regeling_verbroken(
    *,
    regeling: Betalingsregeling,
    termijn: Regeltermijn,
    tekort: Decimal,
    vandaag: date,
    kal: Kalender,
) -> _Einde:
    """A missed or short instalment breaks the arrangement: letter, task, escalation resumes."""
    n = termijn.volgnummer
    return _Einde(
        regeling=regeling,
        status=Betalingsregeling.Status.VERBROKEN,
        reden=f"Betalingsregeling verbroken: termijn {n} niet (volledig) betaald",
        tekst=(
            f"Termijn {n} van de regeling ({euro(termijn.bedrag)}, vervaldatum "
            f"{termijn.vervaldatum:%d-%m-%Y}) niet of niet volledig betaald; tekort {euro(tekort)}. Regeling verbroken."
        ),
        sleutel=f"regeling:{regeling.pk}:gemist:{n}",
        actie="Escalatie hervatten na verbroken regeling",
        actie_datum=kal.werkdagen_na(vandaag, 2),
        aanleiding=f"De debiteur heeft termijn {n} van de betalingsregeling niet betaald. "
        "De regeling is vervallen; wij hervatten de invordering.",
        taak=f"Regeling verbroken (termijn {n} gemist): vervolg en toestemming bespreken",
        taak_deadline=kal.werkdagen_na(vandaag, 1),
        brief_context={
            "termijn_bedrag": euro(termijn.bedrag),
            "termijn_datum": _datum_nl(termijn.vervaldatum),
        },
    )


def _regelingen_beeindig(*, eindes: list[_Einde]) -> None:
    """Fulfilled and broken arrangements, in bulk: what the one-by-one path wrote per arrangement (the
    arrangement ended, the dossier back to actief through the allowed transition, timeline, a task when
    missed, next action, status update with e-mail to the client, a letter when missed), in a fixed number
    of queries. Keyed writes happen once per key, as ``tijdlijn_voeg_toe``, ``taak_maak`` and
    ``statusupdate_stuur`` make them."""

    from .tasks import brief_stuur

    nu = timezone.now()
    for status in (Betalingsregeling.Status.NAGEKOMEN, Betalingsregeling.Status.VERBROKEN):
        ids = [e.regeling.pk for e in eindes if e.status == status]
        if ids and Betalingsregeling.objects.filter(pk__in=ids, status=Betalingsregeling.Status.LOOPT).update(
            status=status, beeindigd_op=nu
        ) != len(ids):  # pragma: no cover - the arrangements are locked, so this means a bug
            raise RuntimeError("Betalingsregelingen zijn intussen door een andere controle beëindigd.")
    # Locked in id order, as dossier_status_wijzig locks each dossier it moves.
    dossiers = {
        d.pk: d
        for d in Dossier.objects.select_for_update(of=("self",))
        .select_related("client")
        .filter(pk__in=[e.regeling.dossier_id for e in eindes])
        .order_by("pk")
    }
    gebeurtenissen: list[TijdlijnGebeurtenis] = []

    # regeling → actief is always allowed and done here in bulk; a dossier in another state (a bailiff step
    # started meanwhile, say) goes through the state machine one by one, which refuses or allows it as before.
    omzetten = [e for e in eindes if dossiers[e.regeling.dossier_id].status == Dossier.Status.REGELING]
    for e in eindes:
        d = dossiers[e.regeling.dossier_id]
        if d.status not in (Dossier.Status.REGELING, Dossier.Status.ACTIEF):
            _status_wijzig(dossier=d, naar=Dossier.Status.ACTIEF, door=None, reden=e.reden)
    if omzetten:
        ids = [e.regeling.dossier_id for e in omzetten]
        # One UPDATE; the reason names the missed instalment, so it is picked per group of dossiers.
        redenen: dict[str, list[int]] = {}
        for e in omzetten:
            redenen.setdefault(e.reden, []).append(e.regeling.dossier_id)
        omgezet = Dossier.objects.filter(pk__in=ids, status=Dossier.Status.REGELING).update(
            status=Dossier.Status.ACTIEF,
            status_reden=Case(*(When(pk__in=pks, then=Value(r)) for r, pks in redenen.items())),
            opgeschort_tot=None,
        )
        if omgezet != len(ids):  # pragma: no cover - the rows are locked, so this means a bug
            raise RuntimeError("De status van een dossier is intussen gewijzigd.")
        overgangen = StatusOvergang.objects.bulk_create(
            StatusOvergang(
                dossier_id=e.regeling.dossier_id,
                van=Dossier.Status.REGELING,
                naar=Dossier.Status.ACTIEF,
                reden=e.reden,
            )
            for e in omzetten
        )
        gebeurtenissen += [
            TijdlijnGebeurtenis(
                dossier_id=o.dossier_id,
                soort=TijdlijnGebeurtenis.Soort.STATUS,
                tekst=status_tijdlijn_tekst(van=o.van, naar=o.naar, reden=o.reden),
                sleutel=f"status:{o.pk}",
                op=nu,
            )
            for o in overgangen
        ]
        for pk in ids:
            dossiers[pk].status = Dossier.Status.ACTIEF
    gebeurtenissen += [
        TijdlijnGebeurtenis(
            dossier_id=e.regeling.dossier_id,
            soort=TijdlijnGebeurtenis.Soort.REGELING,
            tekst=e.tekst,
            sleutel=e.sleutel,
            op=nu,
        )
        for e in eindes
    ]
    gebeurtenissen += _regeling_taken(eindes=[e for e in eindes if e.taak], dossiers=dossiers, op=nu)

    # The status update to the client, once per key (as statusupdate_stuur): portal timeline and e-mail.
    al_gestuurd = set(
        Statusupdate.objects.filter(sleutel__in=[e.sleutel for e in eindes]).values_list("sleutel", flat=True)
    )
    nieuw = [e for e in eindes if e.sleutel not in al_gestuurd]
    Statusupdate.objects.bulk_create(
        Statusupdate(
            dossier_id=e.regeling.dossier_id, sleutel=e.sleutel, aanleiding=e.aanleiding[:200], op=nu
        )
        for e in nieuw
    )
    gebeurtenissen += [
        TijdlijnGebeurtenis(
            dossier_id=e.regeling.dossier_id,
            soort=TijdlijnGebeurtenis.Soort.STATUSUPDATE,
            tekst=_statusupdate_tijdlijn(e.aanleiding),
            sleutel=f"update:{e.sleutel}"[:100],
            op=nu,
        )
        for e in nieuw
    ]
    _regeling_emails(eindes=nieuw, dossiers=dossiers)

    # A timeline event with a key is recorded once (as tijdlijn_voeg_toe): keys already there are skipped.
    bestaand = set(
        TijdlijnGebeurtenis.objects.filter(
            dossier_id__in=list(dossiers), sleutel__in=[g.sleutel for g in gebeurtenissen]
        ).values_list("dossier_id", "sleutel")
    )
    gebeurtenissen = [g for g in gebeurtenissen if (g.dossier_id, g.sleutel) not in bestaand]
    TijdlijnGebeurtenis.objects.bulk_create(gebeurtenissen)
    # One UPDATE per kind of next action (fulfilled or broken: the same action and date for every arrangement).
    for actie, datum in {(e.actie, e.actie_datum) for e in eindes}:
        Dossier.objects.filter(
            pk__in=[e.regeling.dossier_id for e in eindes if (e.actie, e.actie_datum) == (actie, datum)]
        ).update(volgende_actie=actie, volgende_actie_datum=datum)
    if gebeurtenissen:
        Dossier.objects.filter(pk__in={g.dossier_id for g in gebeurtenissen}).update(
            laatste_gebeurtenis_op=nu
        )
    for e in eindes:
        if e.brief_context is not None:
            transaction.on_commit(
                partial(
                    brief_stuur.delay,
                    e.regeling.dossier_id,
                    BriefSoort.REGELING_GEMIST,
                    e.sleutel,
                    e.brief_context,
                )
            )


def _regeling_taken(
    *, eindes: list[_Einde], dossiers: dict[int, Dossier], op: datetime
) -> list[TijdlijnGebeurtenis]:
    """The case manager's tasks of broken arrangements, once per key (as ``taak_maak``), and their timeline
    events (returned, to be recorded with the others)."""
    if not eindes:
        return []
    bestaand = set(
        Taak.objects.filter(
            dossier_id__in=[e.regeling.dossier_id for e in eindes], sleutel__in=[e.sleutel for e in eindes]
        ).values_list("dossier_id", "sleutel")
    )
    taken = Taak.objects.bulk_create(
        Taak(
            dossier_id=e.regeling.dossier_id,
            omschrijving=e.taak,
            deadline=e.taak_deadline,
            toegewezen_aan_id=dossiers[e.regeling.dossier_id].casemanager_id,
            sleutel=e.sleutel,
        )
        for e in eindes
        if (e.regeling.dossier_id, e.sleutel) not in bestaand
    )
    return [
        TijdlijnGebeurtenis(
            dossier_id=t.dossier_id,
            soort=TijdlijnGebeurtenis.Soort.TAAK,
            tekst=taak_tijdlijn_tekst(omschrijving=t.omschrijving, deadline=t.deadline),
            intern=True,
            sleutel=f"taak:{t.pk}",
            op=op,
        )
        for t in taken
    ]


def _regeling_emails(*, eindes: list[_Einde], dossiers: dict[int, Dossier]) -> None:
    """The status-update e-mails in bulk, as ``email_plaats`` places each one: once per key, sent by a task
    after commit."""
    from .models import UitgaandeEmail
    from .tasks import email_verstuur

    te_sturen = [
        (dossiers[e.regeling.dossier_id], e.aanleiding, f"update:{e.sleutel}")
        for e in eindes
        if dossiers[e.regeling.dossier_id].client.email
    ]
    if not te_sturen:
        return
    al_geplaatst = set(
        UitgaandeEmail.objects.filter(sleutel__in=[s for _, _, s in te_sturen]).values_list(
            "sleutel", flat=True
        )
    )
    emails = UitgaandeEmail.objects.bulk_create(
        UitgaandeEmail(
            aan=d.client.email,
            onderwerp=onderwerp,
            tekst=tekst,
            dossier=d,
            sleutel=sleutel,
        )
        for d, aanleiding, sleutel in te_sturen
        if sleutel not in al_geplaatst
        for onderwerp, tekst in [_statusupdate_email(d, aanleiding)]
    )
    for email in emails:
        transaction.on_commit(partial(email_verstuur.delay, email.pk))


def _datum_nl(d: date) -> str:
    from .letters import datum_nl

    return datum_nl(d)


# --- after the reminder's deadline --------------------------------------------------------------------


def termijn_controle(*, vandaag: date | None = None) -> list[int]:
    """Dossiers whose reminder's deadline passed without a second notice yet: ids to send a sommatie to.

    Whether the arrears are paid in full is judged by the task per dossier (it needs the arrears)."""
    vandaag = vandaag or timezone.localdate()
    sommatie_er_al = Brief.objects.filter(dossier=OuterRef("dossier"), soort=BriefSoort.SOMMATIE)
    # A later letter with its own deadline (e.g. after a broken arrangement) is waited for first.
    lopende_termijn = Brief.objects.filter(dossier=OuterRef("dossier"), termijn_einde__gte=vandaag)
    return list(
        Brief.objects.filter(
            soort=BriefSoort.AANMANING,
            termijn_einde__lt=vandaag,
            dossier__status=Dossier.Status.ACTIEF,
        )
        .exclude(Exists(sommatie_er_al))
        .exclude(Exists(lopende_termijn))
        # order_by: the model's default ordering (datum, id) would be added to the DISTINCT and return a
        # dossier once per reminder, queueing its sommatie task twice
        .order_by("dossier_id")
        .values_list("dossier_id", flat=True)
        .distinct()
    )


def escalatie_voorstel(*, dossier: Dossier) -> Toestemmingsverzoek | None:
    """After the second notice: propose the bailiff's formeel bevel, or tell the case manager why not."""
    reden = garnering_blokkade(dossier=dossier)
    if reden:
        taak_maak(
            dossier=dossier,
            omschrijving=f"Sommatie onbetaald; geen gerechtelijke stap mogelijk: {reden}",
            deadline=kalender().werkdagen_na(timezone.localdate(), 2),
            sleutel=f"escalatie:{dossier.pk}:geblokkeerd",
        )
        return None
    return toestemming_vraag(dossier=dossier, soort=Toestemmingsverzoek.Soort.FORMEEL_BEVEL, door=None)


# --- requests to third parties ------------------------------------------------------------------------


@transaction.atomic
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
        actor=door,
        intern=True,
    )
    return verzoek


@transaction.atomic
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
        actor=door,
        intern=True,
    )
    return verzoek


# --- nothing stagnant ---------------------------------------------------------------------------------


@transaction.atomic
def stagnatie_controle(*, vandaag: date | None = None) -> dict[str, int]:
    """The daily sweep over every open dossier, set-based: a fixed number of queries however many dossiers.

    Per kind of finding: one INSERT … for dossiers that match and have no open finding of that kind, one
    UPDATE closing open findings whose cause is gone. Plus rappels to third parties after 4 weeks.
    """
    from dossiers.selectors import stagnatie_grens, stil_sinds

    vandaag = vandaag or timezone.localdate()
    tz = timezone.get_current_timezone()
    toestemming_grens = timezone.make_aware(
        datetime.combine(
            kalender().werkdagen_terug(vandaag, HERINNERING_WERKDAGEN) + timedelta(days=1),
            datetime.min.time(),
        ),
        tz,
    )
    open_dossier = Q(status__in=Dossier.OPEN_STATUSSEN)
    oorzaken: dict[str, Q] = {
        Signalering.Soort.ACTIE_VERLOPEN: Q(volgende_actie_datum__lt=vandaag),
        # the work queue's definition of "still" (last event, else creation, before the 10th working day back)
        Signalering.Soort.GEEN_GEBEURTENIS: Q(LessThan(stil_sinds(), stagnatie_grens(vandaag))),
        Signalering.Soort.DERDE_TE_LAAT: Q(
            Exists(
                VerzoekAanDerde.objects.filter(
                    dossier=OuterRef("pk"), beantwoord_op__isnull=True, antwoord_uiterlijk__lt=vandaag
                )
            )
        ),
        Signalering.Soort.TOESTEMMING_OPEN: Q(
            Exists(
                Toestemmingsverzoek.objects.filter(
                    dossier=OuterRef("pk"),
                    status=Toestemmingsverzoek.Status.GEVRAAGD,
                    gevraagd_op__lt=toestemming_grens,
                )
            )
        ),
    }
    telling: dict[str, int] = {}
    for soort, oorzaak in oorzaken.items():
        al_open = Signalering.objects.filter(dossier=OuterRef("pk"), soort=soort, opgelost_op__isnull=True)
        nieuw_ids = Dossier.objects.filter(open_dossier & oorzaak).exclude(Exists(al_open)).values("pk")
        nieuw = _signaleringen_maak(dossier_ids=nieuw_ids, soort=soort, sinds=vandaag)
        nog_steeds = Dossier.objects.filter(open_dossier & oorzaak).values("pk")
        opgelost = (
            Signalering.objects.filter(soort=soort, opgelost_op__isnull=True)
            .exclude(dossier_id__in=nog_steeds)
            .update(opgelost_op=vandaag)
        )
        telling[soort] = nieuw
        telling[f"{soort}_opgelost"] = opgelost
    telling["rappels"] = _rappels_maak(vandaag=vandaag)
    return telling


def _signaleringen_maak(*, dossier_ids, soort: str, sinds: date) -> int:
    """One ``INSERT … SELECT`` for the findings of a kind: the database makes them, no row passes through
    Python (bulk_create built 25,000 objects per kind at 100,000 dossiers). Returns how many were made; a
    finding opened meanwhile by a concurrent sweep is skipped by the unique open finding per dossier/kind."""
    from django.db import connection

    sql, params = dossier_ids.query.sql_with_params()
    tabel = connection.ops.quote_name(Signalering._meta.db_table)
    dossiers = connection.ops.quote_name(Dossier._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            # only quoted table names and the ORM's own SQL are put in; every value is a parameter
            f'INSERT INTO {tabel} ("dossier_id", "soort", "sinds") '  # noqa: S608
            f'SELECT d."id", %s, %s FROM {dossiers} d WHERE d."id" IN ({sql}) ON CONFLICT DO NOTHING',
            [soort, sinds, *params],
        )
        return max(cur.rowcount, 0)


def _rappels_maak(*, vandaag: date) -> int:
    """Third party silent for 4 weeks after the request: a rappel task and a timeline entry, in bulk."""
    grens = vandaag - timedelta(days=RAPPEL_DAGEN)
    verzoeken = list(
        VerzoekAanDerde.objects.filter(
            beantwoord_op__isnull=True,
            rappel_op__isnull=True,
            verzonden_op__lte=grens,
            dossier__status__in=Dossier.OPEN_STATUSSEN,
        ).values_list("pk", "dossier_id", "derde_naam", "dossier__casemanager_id")
    )
    if not verzoeken:
        return 0
    deadline = kalender().werkdagen_na(vandaag, 2)
    nu = timezone.now()
    Taak.objects.bulk_create(
        [
            Taak(
                dossier_id=dossier_id,
                omschrijving=f"Rappel sturen aan {naam}: geen antwoord na 4 weken",
                deadline=deadline,
                toegewezen_aan_id=cm,
                sleutel=f"rappel:{pk}",
            )
            for pk, dossier_id, naam, cm in verzoeken
        ],
        ignore_conflicts=True,
    )
    TijdlijnGebeurtenis.objects.bulk_create(
        [
            TijdlijnGebeurtenis(
                dossier_id=dossier_id,
                soort=TijdlijnGebeurtenis.Soort.TAAK,
                op=nu,
                tekst=f"Rappel nodig: {naam} heeft na 4 weken niet geantwoord.",
                intern=True,
                sleutel=f"rappel:{pk}",
            )
            for pk, dossier_id, naam, _ in verzoeken
        ],
        ignore_conflicts=True,
    )
    return VerzoekAanDerde.objects.filter(pk__in=[v[0] for v in verzoeken]).update(rappel_op=vandaag)


def statusupdate_periodiek(*, vandaag: date | None = None) -> int:
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
