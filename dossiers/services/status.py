"""The dossier's state: accepting or refusing an order, moving between states as the state machine allows, and
the client's choice to claim statutory interest."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from tarieven.selectors import kalender

from .. import statemachine
from ..models import Dossier, Opdracht, StatusOvergang, TijdlijnGebeurtenis
from .tijdlijn import tijdlijn_voeg_toe


@transaction.atomic(durable=True)
def dossier_wettelijke_rente_zet(*, dossier: Dossier, vorderen: bool, door: User | None = None) -> Dossier:
    """Claim statutory interest (art. 6:119 BW) on the dossier, or stop claiming it: only at the client's
    request (DOMAIN). Receipts allocated before stay as they were allocated (corrections go by undoing a
    match); from now on a receipt pays open interest before the termijnen (art. 6:44 BW)."""
    gewijzigd = (
        Dossier.objects.filter(pk=dossier.pk)
        .exclude(wettelijke_rente=vorderen)
        .update(wettelijke_rente=vorderen)
    )
    dossier.wettelijke_rente = vorderen
    if gewijzigd:
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.NOTITIE,
            tekst=(
                "Op verzoek van de cliënt wordt voortaan wettelijke rente gevorderd."
                if vorderen
                else "Op verzoek van de cliënt wordt geen wettelijke rente meer gevorderd."
            ),
            door=door,
            intern=True,
        )
    return dossier


def _dossier_vergrendel(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _opgeschort_vanuit(dossier: Dossier) -> str | None:
    return (
        StatusOvergang.objects.filter(dossier=dossier, naar=Dossier.Status.OPGESCHORT)
        .order_by("-op", "-id")
        .values_list("van", flat=True)
        .first()
    )


@transaction.atomic
def dossier_accepteer(*, dossier: Dossier, door: User, casemanager: User | None = None) -> Dossier:
    """Accept an order: intake → actief, assign the case manager.

    The first reminder is not this app's business: ``incasso.services.opdracht_accepteer`` wraps this and
    queues it on commit. The next action is checking that the first reminder went out, due 2 working days after receipt (the
    agency's promise); the reminder task itself may replace it with its own follow-up.
    """
    d = _dossier_vergrendel(dossier)
    try:
        statemachine.controleer_overgang(d.status, Dossier.Status.ACTIEF)
    except statemachine.OvergangNietToegestaan as exc:
        raise ValidationError(str(exc)) from exc
    nu = timezone.now()
    cm = casemanager or d.casemanager or door
    ontvangen = (
        timezone.localdate(d.opdracht.ontvangen_op) if hasattr(d, "opdracht") else timezone.localdate()
    )
    uiterlijk = max(kalender().werkdagen_na(ontvangen, 2), timezone.localdate())
    Dossier.objects.filter(pk=d.pk, status=Dossier.Status.INTAKE).update(
        status=Dossier.Status.ACTIEF,
        casemanager=cm,
        volgende_actie=_("Controleren of de eerste aanmaning is verstuurd"),
        volgende_actie_datum=uiterlijk,
        status_reden="",
    )
    Opdracht.objects.filter(dossier=d).update(beoordeeld_door=door, beoordeeld_op=nu)
    StatusOvergang.objects.create(dossier=d, van=Dossier.Status.INTAKE, naar=Dossier.Status.ACTIEF, door=door)
    tijdlijn_voeg_toe(
        dossier=d,
        soort=TijdlijnGebeurtenis.Soort.ACCEPTATIE,
        tekst=_("Opdracht geaccepteerd. Casemanager: %(cm)s.") % {"cm": cm.get_full_name() or cm.email},
        door=door,
        op=nu,
        sleutel="acceptatie",
    )
    d.refresh_from_db()
    return d


@transaction.atomic(durable=True)
def dossier_weiger(*, dossier: Dossier, door: User, reden: str) -> Dossier:
    """Refuse an order (intake → geweigerd) with a reason the client sees on the timeline."""
    if not (reden or "").strip():
        raise ValidationError({"reden": _("Geef een reden voor de weigering.")})
    d = _dossier_vergrendel(dossier)
    try:
        statemachine.controleer_overgang(d.status, Dossier.Status.GEWEIGERD)
    except statemachine.OvergangNietToegestaan as exc:
        raise ValidationError(str(exc)) from exc
    nu = timezone.now()
    Dossier.objects.filter(pk=d.pk).update(
        status=Dossier.Status.GEWEIGERD,
        status_reden=reden.strip(),
        volgende_actie="",
        volgende_actie_datum=None,
        gesloten_op=nu,
    )
    Opdracht.objects.filter(dossier=d).update(
        beoordeeld_door=door, beoordeeld_op=nu, weigerreden=reden.strip()
    )
    StatusOvergang.objects.create(
        dossier=d, van=Dossier.Status.INTAKE, naar=Dossier.Status.GEWEIGERD, door=door, reden=reden.strip()
    )
    tijdlijn_voeg_toe(
        dossier=d,
        soort=TijdlijnGebeurtenis.Soort.WEIGERING,
        tekst=_("Opdracht geweigerd: %(reden)s") % {"reden": reden.strip()},
        door=door,
        op=nu,
        sleutel="weigering",
    )
    d.refresh_from_db()
    return d


# Next action a dossier gets when it enters a state (text, working days from today).
_VOLGENDE_ACTIE_BIJ_STATUS = {
    Dossier.Status.ACTIEF: (_("Volgende stap bepalen"), 5),
    Dossier.Status.REGELING: (_("Betaling van de regeling controleren"), 10),
    Dossier.Status.DEURWAARDER: (_("Voortgang bij de deurwaarder nagaan"), 10),
    Dossier.Status.BESLAG: (_("Afdracht uit beslag controleren"), 20),
}


@transaction.atomic
def dossier_status_wijzig(
    *,
    dossier: Dossier,
    naar: str,
    door: User | None,
    reden: str = "",
    opgeschort_tot: date | None = None,
) -> Dossier:
    """Move a dossier to another state, if the state machine allows it; stores the transition and puts it on
    the timeline. Opgeschort needs a reason and an end date; the next action becomes resuming on that date.
    Accepting and refusing an order have their own services (`dossier_accepteer`, `dossier_weiger`).
    """
    if naar not in Dossier.Status.values:
        raise ValidationError({"naar": _("Onbekende status.")})
    d = _dossier_vergrendel(dossier)
    van = d.status
    if van == Dossier.Status.INTAKE:
        raise ValidationError(_("Een nieuwe opdracht wordt eerst geaccepteerd of geweigerd."))
    vanuit = _opgeschort_vanuit(d) if van == Dossier.Status.OPGESCHORT else None
    try:
        statemachine.controleer_overgang(van, naar, opgeschort_vanuit=vanuit)
    except statemachine.OvergangNietToegestaan as exc:
        raise ValidationError({"naar": str(exc)}) from exc
    reden = (reden or "").strip()
    vandaag = timezone.localdate()
    velden: dict = {"status": naar, "status_reden": reden}
    if naar == Dossier.Status.OPGESCHORT:
        fouten = {}
        if not reden:
            fouten["reden"] = [_("Geef een reden voor het opschorten.")]
        if opgeschort_tot is None:
            fouten["opgeschort_tot"] = [_("Geef aan tot wanneer het dossier is opgeschort.")]
        elif opgeschort_tot <= vandaag:
            fouten["opgeschort_tot"] = [_("De einddatum van de opschorting moet na vandaag liggen.")]
        if fouten:
            raise ValidationError(fouten)
        velden |= {
            "opgeschort_tot": opgeschort_tot,
            "volgende_actie": _("Opschorting loopt af: dossier hervatten"),
            "volgende_actie_datum": opgeschort_tot,
        }
    elif naar in (Dossier.Status.GESLOTEN, Dossier.Status.GEWEIGERD):
        if not reden:
            raise ValidationError({"reden": _("Geef een reden voor het sluiten.")})
        velden |= {"volgende_actie": "", "volgende_actie_datum": None, "gesloten_op": timezone.now()}
    else:
        actie, dagen = _VOLGENDE_ACTIE_BIJ_STATUS[naar]
        velden |= {
            "opgeschort_tot": None,
            "volgende_actie": actie,
            "volgende_actie_datum": kalender().werkdagen_na(vandaag, dagen),
        }
    gewijzigd = Dossier.objects.filter(pk=d.pk, status=van).update(**velden)
    if gewijzigd != 1:  # pragma: no cover - the row is locked, so this means a bug
        raise ValidationError(_("De status is intussen gewijzigd; probeer het opnieuw."))
    overgang = StatusOvergang.objects.create(dossier=d, van=van, naar=naar, door=door, reden=reden)
    tijdlijn_voeg_toe(
        dossier=d,
        soort=TijdlijnGebeurtenis.Soort.STATUS,
        tekst=status_tijdlijn_tekst(van=van, naar=naar, reden=reden, opgeschort_tot=opgeschort_tot),
        door=door,
        sleutel=f"status:{overgang.pk}",
    )
    d.refresh_from_db()
    return d


def status_tijdlijn_tekst(*, van: str, naar: str, reden: str = "", opgeschort_tot: date | None = None) -> str:
    """The timeline text of a status change (also written by bulk paths, e.g. the arrangement check)."""
    tekst = _("Status gewijzigd van %(van)s naar %(naar)s.") % {
        "van": Dossier.Status(van).label,
        "naar": Dossier.Status(naar).label,
    }
    if naar == Dossier.Status.OPGESCHORT and opgeschort_tot is not None:
        tekst += " " + _("Opgeschort tot %(tot)s.") % {"tot": opgeschort_tot.strftime("%d-%m-%Y")}
    if reden:
        tekst += " " + _("Reden: %(reden)s") % {"reden": reden}
    return tekst
