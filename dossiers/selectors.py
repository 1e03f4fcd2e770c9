"""Reads on dossiers shared by the staff pages, the API and the portal. Bounded queries, no N+1."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext as _

from recht.kalender import Kalender
from recht.verjaring import verjaringsgrens
from tarieven.selectors import kalender


def _datum(d: datetime | date) -> date:
    if isinstance(d, datetime):
        return timezone.localdate(d) if timezone.is_aware(d) else d.date()
    return d


def vijf_jaar_grens(ontvangen_op: datetime | date) -> date:
    """The first day the agency still collects: 5 years before receipt (art. 3:308 BW)."""
    return verjaringsgrens(_datum(ontvangen_op))


def opdracht_waarschuwingen(
    *, verplichtingen: list[dict], eenmalig: list[dict], ontvangen_op: datetime | date
) -> list[str]:
    """Warnings (not errors) for an order: claims older than 5 years before receipt may be time-barred.

    The caller shows them; the order can still be placed.
    """
    grens = vijf_jaar_grens(ontvangen_op)
    grens_tekst = grens.strftime("%d-%m-%Y")
    waarschuwingen = []
    if any(v.get("ingangsdatum") and v["ingangsdatum"] < grens for v in verplichtingen):
        waarschuwingen.append(
            _(
                "Een verplichting begint vóór %(grens)s. Termijnen ouder dan 5 jaar zijn mogelijk verjaard; "
                "wij innen tot 5 jaar terug."
            )
            % {"grens": grens_tekst}
        )
    if any(e.get("datum") and e["datum"] < grens for e in eenmalig):
        waarschuwingen.append(
            _("Een eenmalige vordering is ouder dan 5 jaar (vóór %(grens)s) en is mogelijk verjaard.")
            % {"grens": grens_tekst}
        )
    return waarschuwingen


# --- Work queue and lists ----------------------------------------------------------------------------------

STAGNATIE_WERKDAGEN = 10
WERKVOORRAAD_MAX = 25  # rows per work-queue section (oldest first); the badge counts them all
# Dossiers without a next action to chase in the work queue (the partial index 'dossier_actie_open_idx' has
# exactly this condition, so keep them together).
WERKVOORRAAD_ZONDER_ACTIE = ("intake", "gesloten", "geweigerd")


def stagnatie_grens(vandaag: date, *, kal: Kalender | None = None) -> datetime:
    """A dossier whose last event is before this moment has been still for > 10 working days."""
    grens = (kal or kalender()).werkdagen_terug(vandaag, STAGNATIE_WERKDAGEN)
    return timezone.make_aware(datetime.combine(grens, datetime.min.time()))


def _stagnant_q(grens: datetime):
    from django.db.models import Q

    from .models import Dossier

    # "No event since" is the last event or, without one, the creation: one expression, so the partial
    # index on it (dossier_stil_sinds_idx) is scanned as a range that stops at the work queue's limit. The
    # equivalent OR of two conditions made PostgreSQL filter every open dossier instead.
    return Q(
        status__in=[
            Dossier.Status.ACTIEF,
            Dossier.Status.REGELING,
            Dossier.Status.DEURWAARDER,
            Dossier.Status.BESLAG,
        ]
    ) & Q(LessThan(stil_sinds(), grens))


def stil_sinds() -> Coalesce:
    """The moment a dossier last saw an event (its creation when it has none)."""
    return Coalesce("laatste_gebeurtenis_op", "aangemaakt_op")


def dossiers_basis():
    """Dossiers with what a list row shows, in a fixed number of queries."""
    from django.db.models import Exists, OuterRef

    from .models import Dossier, Titel

    executoriaal = Titel.objects.filter(dossier=OuterRef("pk")).exclude(soort=Titel.Soort.GEEN)
    return Dossier.objects.select_related("client", "debiteur", "casemanager").annotate(
        heeft_titel=Exists(executoriaal)
    )


def werkvoorraad(*, gebruiker=None, alleen_eigen: bool = False, vandaag: date | None = None) -> dict:
    """The case manager's work queue: everything that needs attention, each with its age in days.

    - new orders (intake), urgent when not accepted 1 working day after receipt;
    - next actions due today or overdue;
    - stagnant dossiers (no timeline event for more than 10 working days);
    - open tasks; new client messages.
    Every section is capped at WERKVOORRAAD_MAX rows; the totals are counted.
    """
    from .models import Bericht, Dossier, Opdracht, Taak

    vandaag = vandaag or timezone.localdate()
    kal = kalender()
    # Each section finds its (at most 50) ids on the dossier table alone, ordered by a partial index so the
    # scan stops after 50 rows; only those rows are then joined with client, debtor, case manager and order.
    # Joining first made PostgreSQL join and sort every matching dossier (3,400 of 10,000) per section.
    kern = Dossier.objects.all()
    if alleen_eigen and gebruiker is not None:
        from django.db.models import Q

        kern = kern.filter(Q(casemanager=gebruiker) | Q(casemanager__isnull=True))

    def _rijen(ids, *orde: str) -> list:
        return list(
            dossiers_basis().filter(pk__in=ids[:WERKVOORRAAD_MAX]).select_related("opdracht").order_by(*orde)
        )

    nieuw_qs = kern.filter(status=Dossier.Status.INTAKE)
    # From the order's side, by the partial index on orders not yet assessed (an intake dossier's order is
    # never assessed: accepting or refusing is what ends intake), so the scan stops after 50. Joining every
    # intake dossier to its order and sorting them took 40 ms at 100,000 dossiers (8,000 in intake).
    nieuw_ids = Opdracht.objects.filter(beoordeeld_op__isnull=True, dossier__in=nieuw_qs).order_by(
        "ontvangen_op", "dossier_id"
    )
    nieuw = _rijen(nieuw_ids.values("dossier_id"), "opdracht__ontvangen_op", "id")
    for d in nieuw:
        ontvangen = timezone.localdate(d.opdracht.ontvangen_op)
        d.leeftijd = (vandaag - ontvangen).days
        d.urgent = vandaag >= kal.werkdagen_na(ontvangen, 1)

    acties_qs = kern.exclude(status__in=WERKVOORRAAD_ZONDER_ACTIE).filter(volgende_actie_datum__lte=vandaag)
    acties = _rijen(
        acties_qs.order_by("volgende_actie_datum", "id").values("pk"), "volgende_actie_datum", "id"
    )
    for d in acties:
        d.leeftijd = (vandaag - d.volgende_actie_datum).days

    grens = stagnatie_grens(vandaag, kal=kal)
    stagnant_qs = kern.filter(_stagnant_q(grens))
    stagnant = _rijen(stagnant_qs.order_by(stil_sinds(), "id").values("pk"), stil_sinds(), "id")
    for d in stagnant:
        laatst = d.laatste_gebeurtenis_op or d.aangemaakt_op
        d.leeftijd = (vandaag - timezone.localdate(laatst)).days

    # Open tasks of open dossiers, as "no closed dossier exists for it": at 100,000 dossiers (21,000 open
    # tasks) PostgreSQL counts this anti-join over the few closed dossiers faster than the join that scans every
    # open one (EXPLAIN ANALYZE on the make bench data).
    dicht = [
        s for s in Dossier.Status if s not in Dossier.OPEN_STATUSSEN
    ]  # named, so the status index serves
    gesloten = Dossier.objects.filter(pk=OuterRef("dossier_id"), status__in=dicht)
    taken_qs = Taak.objects.filter(afgerond_op__isnull=True).filter(~Exists(gesloten))
    if alleen_eigen and gebruiker is not None:
        taken_qs = taken_qs.filter(toegewezen_aan=gebruiker)
    taken_qs = taken_qs.select_related("dossier", "toegewezen_aan").order_by("deadline", "id")
    taken = list(taken_qs[:WERKVOORRAAD_MAX])
    for t in taken:
        t.leeftijd = (vandaag - t.deadline).days

    berichten_qs = Bericht.objects.filter(van_client=True, gelezen_op__isnull=True)
    if alleen_eigen and gebruiker is not None:
        from django.db.models import Q

        berichten_qs = berichten_qs.filter(
            Q(dossier__casemanager=gebruiker) | Q(dossier__casemanager__isnull=True)
        )
    berichten_qs = berichten_qs.select_related("dossier", "dossier__client").order_by("verstuurd_op", "id")
    berichten = list(berichten_qs[:WERKVOORRAAD_MAX])
    for b in berichten:
        b.leeftijd = (vandaag - timezone.localdate(b.verstuurd_op)).days

    return {
        "vandaag": vandaag,
        "nieuw": nieuw,
        "nieuw_aantal": nieuw_qs.count() if len(nieuw) == WERKVOORRAAD_MAX else len(nieuw),
        "acties": acties,
        "acties_aantal": acties_qs.count() if len(acties) == WERKVOORRAAD_MAX else len(acties),
        "stagnant": stagnant,
        "stagnant_aantal": stagnant_qs.count() if len(stagnant) == WERKVOORRAAD_MAX else len(stagnant),
        "taken": taken,
        "taken_aantal": taken_qs.count() if len(taken) == WERKVOORRAAD_MAX else len(taken),
        "berichten": berichten,
        "berichten_aantal": berichten_qs.count() if len(berichten) == WERKVOORRAAD_MAX else len(berichten),
        "stagnatie_werkdagen": STAGNATIE_WERKDAGEN,
    }


def debiteurvragen_voor_werkvoorraad(
    *, limiet: int = WERKVOORRAAD_MAX, casemanager_id: int | None = None
) -> list[dict]:
    """Work-queue rows "Van de debiteur": open disputes and questions, oldest first, in the shape every source
    of that section gives (``dossier_id, dossiernummer, soort, omschrijving, sinds, url``): one query.
    ``casemanager_id``: only dossiers of that case manager ("Alleen mijn dossiers")."""
    from django.urls import reverse

    from .models import DebiteurVraag

    qs = DebiteurVraag.objects.filter(status=DebiteurVraag.Status.OPEN)
    if casemanager_id is not None:
        # as the other sections: the user's dossiers and those without a case manager yet
        qs = qs.filter(Q(dossier__casemanager_id=casemanager_id) | Q(dossier__casemanager__isnull=True))
    rijen = qs.order_by("gesteld_op", "id").values(
        "pk", "dossier_id", "dossier__nummer", "soort", "tekst", "gesteld_op"
    )[:limiet]
    return [
        {
            "dossier_id": r["dossier_id"],
            "dossiernummer": r["dossier__nummer"],
            "soort": "Betwisting" if r["soort"] == DebiteurVraag.Soort.BETWISTING else "Vraag",
            "omschrijving": r["tekst"][:120],
            "sinds": r["gesteld_op"],
            "url": reverse("dossiers:debiteurvraag", args=[r["dossier_id"], r["pk"]]),
        }
        for r in rijen
    ]


def debiteurvragen_open(dossier_id: int) -> list:
    """The open disputes and questions of a dossier, oldest first (the banner on the staff dossier page)."""
    from .models import DebiteurVraag

    return list(
        DebiteurVraag.objects.filter(dossier_id=dossier_id, status=DebiteurVraag.Status.OPEN).order_by(
            "gesteld_op", "id"
        )
    )


def debiteurvragen_van_dossier(dossier_id: int):
    """All disputes and questions of a dossier, newest first, with their documents."""
    from .models import DebiteurVraag

    return (
        DebiteurVraag.objects.filter(dossier_id=dossier_id)
        .prefetch_related("documenten")
        .order_by("-gesteld_op", "-id")
    )


def dossiers_zoek(
    *,
    status: str = "",
    casemanager: str = "",
    land: str = "",
    titel: str = "",
    stagnant: bool = False,
    zoek: str = "",
    te_laat: bool = False,
    sorteer: str = "",
    vandaag: date | None = None,
):
    """The staff dossier list: filters and search (number, reference, client or debtor name).

    `casemanager`: a user id or "geen"; `land`: "NL", "buitenland" or an ISO code; `titel`: "ja"/"nee".
    """
    from django.db.models import Q

    qs = dossiers_basis()
    if status:
        qs = qs.filter(status=status)
    if casemanager == "geen":
        qs = qs.filter(casemanager__isnull=True)
    elif casemanager.isdigit():
        qs = qs.filter(casemanager_id=int(casemanager))
    if land == "buitenland":
        qs = qs.exclude(debiteur__land="NL")
    elif land:
        qs = qs.filter(debiteur__land=land.upper())
    if titel == "ja":
        qs = qs.filter(heeft_titel=True)
    elif titel == "nee":
        qs = qs.filter(heeft_titel=False)
    if stagnant:
        qs = qs.filter(_stagnant_q(stagnatie_grens(vandaag or timezone.localdate())))
    if te_laat:
        qs = qs.filter(volgende_actie_datum__lt=vandaag or timezone.localdate())
    zoek = (zoek or "").strip()
    if zoek:
        compact = zoek.replace(" ", "").upper()
        treffer = (
            Q(nummer__icontains=zoek)
            | Q(betaalkenmerk__icontains=compact)
            | Q(client__naam__icontains=zoek)
            | Q(debiteur__naam__icontains=zoek)
        )
        if len(compact) >= 8:  # an IBAN, also typed in groups of four
            treffer |= Q(debiteur__iban__icontains=compact) | Q(client__uitbetaal_iban__icontains=compact)
        # A name as a bank writes it ("K. Peters", "PETERS K"): every word in the client's or debtor's name,
        # an initial as the start of a word.
        woorden = [w for w in re.split(r"[\s.,]+", zoek) if w]
        if len(woorden) > 1:
            naam = Q()
            for w in woorden:
                if len(w) == 1:
                    patroon = rf"(^|\W){re.escape(w)}"  # the same in SQLite's and PostgreSQL's regex
                    naam &= Q(debiteur__naam__iregex=patroon) | Q(client__naam__iregex=patroon)
                else:
                    naam &= Q(debiteur__naam__icontains=w) | Q(client__naam__icontains=w)
            treffer |= naam
        qs = qs.filter(treffer)
    veld = SORTEERBAAR.get(sorteer.lstrip("-"))
    if veld is None:
        return qs.order_by("-aangemaakt_op", "-id")
    return qs.order_by(f"-{veld}" if sorteer.startswith("-") else veld, "id")


# The list's sortable columns: the name in the URL (?sorteer=actie or -actie) and the field behind it.
SORTEERBAAR = {
    "nummer": "nummer",
    "status": "status",
    "client": "client__naam",
    "debiteur": "debiteur__naam",
    "casemanager": "casemanager__first_name",
    "actie": "volgende_actie_datum",
}


def dossier_voor_staf(*, dossier_id: int):
    """One dossier with its parties, order and titles (for every tab of the staff dossier page)."""
    from django.db.models import Prefetch
    from django.shortcuts import get_object_or_404

    from .models import Titel

    return get_object_or_404(
        dossiers_basis()
        .select_related("opdracht", "opdracht__ingevoerd_door", "opdracht__beoordeeld_door")
        .prefetch_related(Prefetch("titels", queryset=Titel.objects.select_related("scan").order_by("id"))),
        pk=dossier_id,
    )


def casemanagers():
    """Staff who can be responsible for a dossier (for filters and the accept form)."""
    from accounts.models import User
    from accounts.roles import CASEMANAGER

    return User.objects.filter(groups__name=CASEMANAGER, is_active=True).order_by(
        "first_name", "last_name", "id"
    )
