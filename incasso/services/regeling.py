"""Payment arrangements: the debtor's proposal, entered by the case manager or made by the debtor in the debtor
portal within the client's rules, and the client's approval."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from dossiers.models import Client, Dossier, TijdlijnGebeurtenis
from dossiers.services import dossier_status_wijzig, taak_maak, tijdlijn_voeg_toe, volgende_actie_zet
from incasso.models import (
    Betalingsregeling,
    BriefSoort,
    LopendeAlimentatie,
    Regelingregels,
    Regeltermijn,
    Toestemmingsverzoek,
)
from incasso.outbox import email_plaats
from incasso.regeling_ingang import regeling_ingang_vast
from incasso.selectors import TOELICHTING_MAX, regelingvoorstel_bereken, regels_fouten
from incasso.tasks import brief_stuur as brief_stuur_task
from recht.geld import NUL, euro, rond_af
from tarieven.selectors import kalender

from .statusupdate import statusupdate_stuur
from .toestemming import HERINNERING_WERKDAGEN


def status_wijzig(*, dossier: Dossier, naar: str, door: User | None, reden: str) -> None:
    """Through the dossiers state machine, unless the dossier is there already (a rerun, or a bailiff step
    that moved it meanwhile)."""
    if dossier.status == naar:
        return
    dossier_status_wijzig(dossier=dossier, naar=naar, door=door, reden=reden)


def _open_regeling(dossier: Dossier) -> bool:
    return Betalingsregeling.objects.filter(
        dossier=dossier, status__in=[Betalingsregeling.Status.VOORGESTELD, Betalingsregeling.Status.LOOPT]
    ).exists()


def _regeling_vastleg(
    *,
    dossier: Dossier,
    termijnen: Sequence[tuple[date, Decimal]],
    door: User | None,
    toelichting: str,
    lopende_alimentatie: str,
    **velden,
) -> Betalingsregeling:
    """A proposal and its terms (cents), however it came in."""
    regeling = Betalingsregeling.objects.create(
        dossier=dossier,
        toelichting=toelichting,
        voorgesteld_op=timezone.now(),
        voorgesteld_door=door,
        lopende_alimentatie=LopendeAlimentatie(lopende_alimentatie),
        **velden,
    )
    Regeltermijn.objects.bulk_create(
        Regeltermijn(regeling=regeling, volgnummer=i, vervaldatum=d, bedrag=rond_af(b))
        for i, (d, b) in enumerate(termijnen, start=1)
    )
    return regeling


def _termijnen_tekst(n: int) -> str:
    return f"{n} termijn{'en' if n != 1 else ''}"


def _wacht_op_client(*, regeling: Betalingsregeling, door: User | None, aanleiding: str) -> None:
    """A proposal the client must decide on: the dossier's next action and a status update asking for it."""
    volgende_actie_zet(
        dossier=regeling.dossier,
        actie="Wachten op akkoord cliënt over betalingsregeling",
        datum=kalender().werkdagen_na(timezone.localdate(), HERINNERING_WERKDAGEN),
        door=door,
    )
    statusupdate_stuur(
        dossier=regeling.dossier, aanleiding=aanleiding, sleutel=f"regeling:{regeling.pk}:voorgesteld"
    )


@transaction.atomic(durable=True)
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
    if _open_regeling(dossier):
        raise ValidationError("Er is al een voorgestelde of lopende regeling op dit dossier.")
    regeling = _regeling_vastleg(
        dossier=dossier,
        termijnen=termijnen,
        door=door,
        toelichting=toelichting,
        lopende_alimentatie=lopende_alimentatie,
    )
    totaal = sum((rond_af(b) for _, b in termijnen), NUL)
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=f"Voorstel betalingsregeling: {_termijnen_tekst(len(termijnen))}, totaal {euro(totaal)}; wacht op de cliënt.",
        door=door,
        sleutel=f"regeling:{regeling.pk}:voorgesteld",
    )
    _wacht_op_client(
        regeling=regeling,
        door=door,
        aanleiding="De debiteur stelt een betalingsregeling voor. Wilt u deze in het portaal goedkeuren of afwijzen?",
    )
    return regeling


@transaction.atomic(durable=True)
def betalingsregeling_beoordeel(
    *, regeling: Betalingsregeling, akkoord: bool, door: User | None
) -> Betalingsregeling:
    """The client approves (the arrangement runs, escalation pauses) or declines it.

    A debtor's proposal the client approves then goes to the case manager: a task to check the schedule and
    confirm it to the debtor (the arrangement runs from the approval on; see ``_casemanager_taak``)."""
    return _besluit(regeling=regeling, akkoord=akkoord, door=door)


def _besluit(
    *, regeling: Betalingsregeling, akkoord: bool, door: User | None, direct: bool = False
) -> Betalingsregeling:
    """One path for every decision on a proposal: the client's (``betalingsregeling_beoordeel``) and the
    acceptance at once of a debtor's proposal inside the client's rules (``direct``, ``door`` None)."""
    nieuw = Betalingsregeling.Status.LOOPT if akkoord else Betalingsregeling.Status.AFGEWEZEN
    gezet = Betalingsregeling.objects.filter(
        pk=regeling.pk, status=Betalingsregeling.Status.VOORGESTELD
    ).update(status=nieuw, beoordeeld_op=timezone.now(), beoordeeld_door=door)
    if gezet != 1:
        raise ValidationError(_("Over deze regeling is al beslist."))
    regeling.refresh_from_db()
    dossier = Dossier.objects.select_related("client", "debiteur").get(pk=regeling.dossier_id)
    vandaag = timezone.localdate()
    if akkoord:
        # While an arrangement runs there is no escalation: open consent requests lapse.
        # One by one with save(), so each lapsed consent is in its field history with who decided.
        for open_verzoek in Toestemmingsverzoek.objects.select_for_update().filter(
            dossier=dossier, status=Toestemmingsverzoek.Status.GEVRAAGD
        ):
            open_verzoek.status = Toestemmingsverzoek.Status.VERVALLEN
            open_verzoek.beantwoord_op = timezone.now()
            open_verzoek._history_user = door
            open_verzoek.save(update_fields=["status", "beantwoord_op"])
        status_wijzig(
            dossier=dossier, naar=Dossier.Status.REGELING, door=door, reden="Betalingsregeling loopt"
        )
        regeling_ingang_vast(regeling=regeling, dossier=dossier, vandaag=vandaag)
        eerste = regeling.termijnen.order_by("volgnummer").first()
        volgende_actie_zet(
            dossier=dossier,
            actie="Betaling termijn regeling controleren",
            datum=kalender().werkdagen_na(eerste.vervaldatum, 2),
        )
        transaction.on_commit(
            lambda: brief_stuur_task.delay(
                dossier.pk, BriefSoort.REGELING_BEVESTIGING, f"regeling:{regeling.pk}:bevestiging"
            )
        )
    else:
        volgende_actie_zet(
            dossier=dossier,
            actie="Regeling afgewezen door cliënt: debiteur informeren",
            datum=kalender().werkdagen_na(vandaag, 2),
        )
    if direct:
        tekst = "Betalingsregeling van de debiteur direct goedgekeurd: binnen de regels van de cliënt."
    else:
        tekst = f"Betalingsregeling {'goedgekeurd' if akkoord else 'afgewezen'} door de cliënt."
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=tekst,
        door=door,
        sleutel=f"regeling:{regeling.pk}:beoordeeld",
    )
    if akkoord and not direct and regeling.bron == Betalingsregeling.Bron.DEBITEUR:
        _casemanager_taak(regeling=regeling, dossier=dossier, vandaag=vandaag)
    if not direct and regeling.bron == Betalingsregeling.Bron.DEBITEUR:
        _debiteur_besluit_email(regeling=regeling, dossier=dossier, akkoord=akkoord)
    return regeling


def _debiteur_besluit_email(*, regeling: Betalingsregeling, dossier: Dossier, akkoord: bool) -> None:
    """The debtor proposed it in the portal and waits for the client's decision: tell them the outcome by
    e-mail (when we have their address; outbox, after commit, once per proposal). Nothing of the client in it:
    "the recipient of the alimony", never a name or contact detail. The portal's arrangement page shows the
    same outcome."""
    adres = dossier.debiteur.email
    if not adres:
        return
    portaal = settings.SITE_URL.rstrip("/") + reverse("debiteur:inloggen")
    if akkoord:
        uitkomst = (
            "De ontvanger van de alimentatie heeft uw voorstel voor een betalingsregeling aangenomen. De "
            "regeling loopt: betaal elke termijn op tijd, dan zetten wij geen verdere stappen. U krijgt ook "
            "een brief met het schema."
        )
    else:
        uitkomst = (
            "De ontvanger van de alimentatie heeft uw voorstel voor een betalingsregeling niet aangenomen. U "
            "kunt in het portaal een nieuw voorstel doen, of ons bellen."
        )
    tekst = "\n\n".join(
        [
            f"Beste {dossier.debiteur.naam},",
            f"Over uw voorstel voor een betalingsregeling in dossier {dossier.nummer} is besloten.",
            uitkomst,
            f"U ziet uw regeling in het portaal voor betalingsplichtigen: {portaal}",
            "Met vriendelijke groet,\nNLAI Alimentatie-incasso",
        ]
    )
    email_plaats(
        aan=adres,
        onderwerp=f"Besluit over uw voorstel voor een betalingsregeling (dossier {dossier.nummer})",
        tekst=tekst,
        dossier=dossier,
        sleutel=f"regeling:{regeling.pk}:debiteur_besluit",
    )


CASEMANAGER_WERKDAGEN = 2  # the case manager confirms a client-approved debtor proposal within 2 working days


def casemanager_taak_sleutel(regeling_id: int) -> str:
    return f"regeling:{regeling_id}:casemanager"


def _casemanager_taak(*, regeling: Betalingsregeling, dossier: Dossier, vandaag: date) -> None:
    """After the client approved a debtor's proposal: the case manager checks the schedule (it already runs
    and its letter is on its way) against what is known of the debtor, stops bailiff steps that would cross
    it, and confirms it to the debtor by phone or e-mail; then marks the task done. Until then the proposal
    is in the work queue (``incasso.selectors.regelingvoorstellen_voor_werkvoorraad``)."""
    taak_maak(
        dossier=dossier,
        omschrijving=(
            "Regeling van de debiteur is goedgekeurd door de cliënt: schema nalopen, lopende stappen "
            "afstemmen en de debiteur bevestigen"
        ),
        deadline=kalender().werkdagen_na(vandaag, CASEMANAGER_WERKDAGEN),
        sleutel=casemanager_taak_sleutel(regeling.pk),
    )


# --- the debtor's own proposal (debtor portal) and the client's rules for it ---------------------------------


@transaction.atomic(durable=True)
def regelingregels_wijzig(
    *, client: Client, max_maanden: int, min_maandbedrag: Decimal, direct_akkoord: bool, door: User | None
) -> Regelingregels:
    """The client's rules for a debtor's proposal, set once and changeable; every change is in the rules'
    history with who made it (simple-history). The rules are the client's, not a dossier's: no timeline."""
    fouten = regels_fouten(max_maanden=max_maanden, min_maandbedrag=min_maandbedrag)
    if fouten:
        raise ValidationError(fouten)
    regels = Regelingregels.objects.select_for_update().filter(client=client).first() or Regelingregels(
        client=client
    )
    regels.max_maanden = max_maanden
    regels.min_maandbedrag = rond_af(min_maandbedrag)
    regels.direct_akkoord = direct_akkoord
    regels._history_user = door
    regels.save()
    return regels


@transaction.atomic(durable=True)
def betalingsregeling_voorstel_debiteur(
    *,
    dossier: Dossier,
    eerste_termijn: date,
    maandbedrag: Decimal | None = None,
    maanden: int | None = None,
    toelichting: str = "",
    door: User | None = None,
) -> Betalingsregeling:
    """The debtor's own proposal from the debtor portal (``door`` is None: the debtor is no user).

    The schedule pays today's open arrears (the statement's figure) beside the current alimony. Inside the
    client's rules with acceptance at once switched on, it runs at once through the same path as a client's
    approval (letter, schedule, timeline); otherwise it waits for the client, as a proposal entered by the
    case manager does, and after the client's approval it goes to the case manager."""
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()  # one proposal at a time per dossier
    voorstel = regelingvoorstel_bereken(
        dossier=dossier, eerste_termijn=eerste_termijn, maandbedrag=maandbedrag, maanden=maanden
    )
    if _open_regeling(dossier):
        raise ValidationError(_("Er is al een betalingsregeling voorgesteld of die loopt al."))
    termijnen = voorstel["termijnen"]
    regeling = _regeling_vastleg(
        dossier=dossier,
        termijnen=termijnen,
        door=door,
        toelichting=(toelichting or "").strip()[:TOELICHTING_MAX],
        lopende_alimentatie=LopendeAlimentatie.NAAST,
        bron=Betalingsregeling.Bron.DEBITEUR,
        binnen_regels=voorstel["binnen_regels"],
    )
    aantal = _termijnen_tekst(len(termijnen))
    regels_tekst = "binnen" if voorstel["binnen_regels"] else "buiten"
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=(
            f"Voorstel betalingsregeling van de debiteur (via het portaal): {aantal}, "
            f"totaal {euro(voorstel['totaal'])}, {regels_tekst} de regels van de cliënt"
            f"{'; direct goedgekeurd' if voorstel['direct'] else '; wacht op de cliënt'}."
        ),
        door=door,
        sleutel=f"regeling:{regeling.pk}:voorgesteld",
    )
    if voorstel["direct"]:
        _besluit(regeling=regeling, akkoord=True, door=door, direct=True)
        statusupdate_stuur(
            dossier=dossier,
            aanleiding=(
                f"De debiteur heeft via het portaal een betalingsregeling getroffen binnen uw regels: "
                f"{aantal}, totaal {euro(voorstel['totaal'])}. De regeling loopt."
            ),
            sleutel=f"regeling:{regeling.pk}:voorgesteld",
        )
    else:
        _wacht_op_client(
            regeling=regeling,
            door=door,
            aanleiding=(
                "De debiteur stelt via het portaal een betalingsregeling voor. "
                "Wilt u deze in het portaal goedkeuren of afwijzen?"
            ),
        )
    regeling.refresh_from_db()
    return regeling
