"""Reads of the collection workflow, shared by pages, tasks and other apps (the bailiff app asks
`toestemming_gegeven` and `garnering_blokkade` before any step)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Exists, Max, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier, Taak, Titel, Verplichting
from dossiers.selectors import WERKVOORRAAD_MAX
from inning.achterstand import dossier_achterstand as overzicht_van
from inning.achterstand import dossier_achterstand_specificatie
from inning.models import Toewijzing
from inning.selectors import dossier_betalingen as inning_dossier_betalingen
from recht import OngeldigeInvoer, TariefOntbreekt
from recht.geld import NUL, rond_af
from tarieven.selectors import kalender

from .models import (
    Betalingsregeling,
    Brief,
    BriefSoort,
    Printbatch,
    Regelingregels,
    Signalering,
    Toestemmingsverzoek,
    VerzoekAanDerde,
)
from .regeling import binnen_regels, maand_later, termijnen_bereken

# --- consent ------------------------------------------------------------------------------------------


def toestemming_gegeven(*, dossier_id: int, soort: str) -> bool:
    """True when the client said yes to this kind of step on this dossier (and did not later say no)."""
    laatste = (
        Toestemmingsverzoek.objects.filter(dossier_id=dossier_id, soort=soort)
        .exclude(status=Toestemmingsverzoek.Status.GEVRAAGD)
        .order_by("-beantwoord_op", "-id")
        .values_list("status", flat=True)
        .first()
    )
    return laatste == Toestemmingsverzoek.Status.GEGEVEN


def garnering_blokkade(*, dossier: Dossier) -> str | None:
    """Why garnishment is impossible on this dossier (a Dutch sentence for the page), or None."""
    debiteur = dossier.debiteur
    if debiteur.woont_in_buitenland:
        return (
            f"De debiteur woont in het buitenland ({debiteur.land}). Nederlands beslag op loon, bankrekening "
            "of spullen is daar niet mogelijk; invordering loopt via de buitenlandse route."
        )
    heeft_titel = Titel.objects.filter(dossier=dossier).exclude(soort=Titel.Soort.GEEN).exists()
    if not heeft_titel:
        return (
            "Er is geen executoriale titel (zoals een beschikking van de rechter of een notariële akte). "
            "Zonder titel mag geen beslag worden gelegd; wij kunnen alleen minnelijk innen."
        )
    return None


def toestemmingen_open_voor_client(*, client_id: int, dossier_id: int | None = None) -> QuerySet:
    qs = Toestemmingsverzoek.objects.filter(
        dossier__client_id=client_id, status=Toestemmingsverzoek.Status.GEVRAAGD
    ).select_related("dossier")
    if dossier_id is not None:
        qs = qs.filter(dossier_id=dossier_id)
    return qs


# --- money --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Specificatieregel:
    omschrijving: str
    vervaldatum: date
    bedrag: Decimal
    betaald: Decimal
    open: Decimal


@dataclass(frozen=True, slots=True)
class Achterstand:
    peildatum: date
    regels: tuple[Specificatieregel, ...]
    totaal_open: Decimal
    totaal_verschuldigd: Decimal
    totaal_betaald: Decimal
    rente_open: Decimal = NUL  # statutory interest open, on a dossier that claims it
    voorlopig: str = ""  # provisional indexation (issue 13 item 6): the message for the letter, else blank
    # Unconfirmed table values the amounts rest on (e.g. "Het indexeringspercentage van 2026 is niet
    # bevestigd."): a letter then calls its amount provisional and says why.
    onbevestigd: tuple[str, ...] = ()

    @property
    def te_betalen(self) -> Decimal:
        """What a letter asks for: the open termijnen plus the open statutory interest."""
        return self.totaal_open + self.rente_open


def dossier_betalingen(*, dossier_id: int) -> list[tuple[date, Decimal]]:
    """What the debtor paid towards the claim (ledger, ``inning``): receipts without the bailiff-costs part
    but WITH the part that went to statutory interest, because an arrangement or a check for payments in a
    period asks whether the debtor paid, not how art. 6:44 BW allocated it."""
    return list(inning_dossier_betalingen(dossier_id=dossier_id, met_rente=True))


def _van_overzicht(
    overzicht, peildatum: date, rente_open: Decimal = NUL, voorlopig: tuple[str, ...] = ()
) -> Achterstand:
    regels = tuple(
        Specificatieregel(
            omschrijving=t.omschrijving,
            vervaldatum=t.vervaldatum,
            bedrag=t.bedrag,
            betaald=t.betaald,
            open=t.open,
        )
        for t in overzicht.termijnen
        if t.open > 0 and not t.verjaard
    )
    return Achterstand(
        peildatum=peildatum,
        regels=regels,
        totaal_open=overzicht.totaal.open,
        totaal_verschuldigd=overzicht.totaal.verschuldigd,
        totaal_betaald=overzicht.totaal.betaald,
        rente_open=rente_open,
        voorlopig=" ".join(voorlopig),
    )


def dossier_achterstand(*, dossier: Dossier, peildatum: date | None = None) -> Achterstand:
    """The arrears with a specification for a letter: the statement the staff page shows
    (`inning.achterstand.dossier_achterstand_specificatie`), open statutory interest included."""
    peildatum = peildatum or timezone.localdate()
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=peildatum)
    return replace(
        _van_overzicht(spec.overzicht, peildatum, spec.rente_open or NUL, spec.voorlopig),
        onbevestigd=spec.onbevestigd,
    )


def dossier_maandbedrag(
    *, dossier: Dossier, peildatum: date | None = None
) -> tuple[Decimal, list[tuple[Verplichting, Decimal]]]:
    """The current monthly alimony (indexed, as the statement computes it) and the obligations running on
    ``peildatum``: per running obligation the amount of its latest term due by then, else its own amount."""
    peildatum = peildatum or timezone.localdate()
    lopend = list(
        Verplichting.objects.filter(dossier=dossier, ingangsdatum__lte=peildatum).filter(
            Q(einddatum__isnull=True) | Q(einddatum__gte=peildatum)
        )
    )
    laatste: dict[int, tuple[date, Decimal]] = {}
    for t in overzicht_van(dossier=dossier, peildatum=peildatum).termijnen:
        if t.verplichting is None or t.vervaldatum > peildatum:
            continue
        if t.verplichting not in laatste or laatste[t.verplichting][0] <= t.vervaldatum:
            laatste[t.verplichting] = (t.vervaldatum, t.bedrag)
    per_verplichting = [(v, laatste[v.pk][1] if v.pk in laatste else v.bedrag) for v in lopend]
    return sum((b for _, b in per_verplichting), NUL), per_verplichting


def betaald_tussen(*, dossier_id: int, van: date, tot: date) -> Decimal:
    """Sum of receipts with van <= date <= tot."""
    return sum((b for d, b in dossier_betalingen(dossier_id=dossier_id) if van <= d <= tot), NUL)


# --- letters ------------------------------------------------------------------------------------------


def brieven_van_dossier(*, dossier_id: int, alleen_zichtbaar: bool = False) -> QuerySet[Brief]:
    qs = Brief.objects.filter(dossier_id=dossier_id, document__isnull=False).select_related(
        "document", "printbatch"
    )
    if alleen_zichtbaar:
        qs = qs.filter(document__zichtbaar_voor_client=True)
    return qs


def post_wachtend() -> QuerySet[Brief]:
    """Letters to be posted that are not in a print batch yet."""
    return Brief.objects.filter(
        verzonden_via=Brief.Via.POST, printbatch__isnull=True, document__isnull=False
    ).select_related("dossier", "dossier__debiteur")


def printbatches() -> QuerySet[Printbatch]:
    return Printbatch.objects.annotate(aantal=Count("brieven")).select_related("document")


# --- work queue and panel -----------------------------------------------------------------------------


def signaleringen_open(*, casemanager_id: int | None = None, limiet: int = 200) -> list[Signalering]:
    qs = Signalering.objects.filter(opgelost_op__isnull=True).select_related("dossier", "dossier__debiteur")
    if casemanager_id is not None:
        qs = qs.filter(Q(dossier__casemanager_id=casemanager_id) | Q(dossier__casemanager__isnull=True))
    vandaag = timezone.localdate()
    rijen = list(qs.order_by("sinds", "id")[:limiet])
    for s in rijen:
        s.leeftijd_dagen = (vandaag - s.sinds).days
        # one label, not get_soort_display() (which translates every choice for each of the 50 rows)
        s.soort_label = Signalering.Soort(s.soort).label
    return rijen


def dossier_incasso_paneel(*, dossier: Dossier) -> dict:
    """Everything the staff dossier tab shows, in a fixed number of queries."""
    return {
        "brieven": list(brieven_van_dossier(dossier_id=dossier.pk)),
        "toestemmingen": list(
            Toestemmingsverzoek.objects.filter(dossier=dossier).select_related("beantwoord_door")
        ),
        "regelingen": list(Betalingsregeling.objects.filter(dossier=dossier).prefetch_related("termijnen")),
        "signaleringen": list(Signalering.objects.filter(dossier=dossier, opgelost_op__isnull=True)),
        "verzoeken": list(VerzoekAanDerde.objects.filter(dossier=dossier)),
        "blokkade": garnering_blokkade(dossier=dossier),
    }


# --- dashboard ----------------------------------------------------------------------------------------


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def dashboard_cijfers(*, vandaag: date | None = None, weken: int = 8) -> dict:
    """Counts and weekly series for the staff dashboard (a bounded number of queries)."""

    vandaag = vandaag or timezone.localdate()
    eerste_week = _week_start(vandaag) - timedelta(weeks=weken - 1)
    week_starts = [eerste_week + timedelta(weeks=i) for i in range(weken)]

    per_status = dict(
        Dossier.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    signalen = dict(
        Signalering.objects.filter(opgelost_op__isnull=True)
        .values_list("soort")
        .annotate(n=Count("id"))
        .values_list("soort", "n")
    )

    # Reminders on time: letter date <= order received + 2 working days.
    kal = kalender()
    aanmaningen = Brief.objects.filter(
        soort=BriefSoort.AANMANING, datum__gte=eerste_week, sleutel__startswith="aanmaning:"
    ).values_list("datum", "dossier__opdracht__ontvangen_op")
    op_tijd: dict[date, list[int]] = {w: [0, 0] for w in week_starts}
    for datum, ontvangen in aanmaningen:
        week = _week_start(datum)
        if week not in op_tijd or ontvangen is None:
            continue
        uiterlijk = kal.werkdagen_na(timezone.localtime(ontvangen).date(), 2)
        op_tijd[week][1] += 1
        op_tijd[week][0] += 1 if datum <= uiterlijk else 0

    # Collected per week: live matches of receipts in the ledger (inning).
    geind = {w: NUL for w in week_starts}
    for datum, bedrag in Toewijzing.objects.filter(
        ongedaan_op__isnull=True, ontvangst__datum__gte=eerste_week
    ).values_list("ontvangst__datum", "ontvangst__bedrag"):
        if _week_start(datum) in geind:
            geind[_week_start(datum)] += bedrag

    # Arrears by age: the amount claimed in each open dossier's first reminder, by the reminder's age.
    grenzen = [
        (0, 30, "0–30 dagen"),
        (31, 90, "31–90 dagen"),
        (91, 365, "91–365 dagen"),
        (366, None, "> 1 jaar"),
    ]
    filters = {}
    for i, (van, tot, _label) in enumerate(grenzen):
        f = Q(datum__lte=vandaag - timedelta(days=van))
        if tot is not None:
            f &= Q(datum__gt=vandaag - timedelta(days=tot + 1))
        filters[f"b{i}"] = Sum("bedrag", filter=f)
    leeftijd_sommen = Brief.objects.filter(
        soort=BriefSoort.AANMANING, dossier__status__in=Dossier.OPEN_STATUSSEN
    ).aggregate(**filters)

    laatste_sweep = Signalering.objects.aggregate(m=Max("sinds"))["m"]
    return {
        "per_status": [(code, label, per_status.get(code, 0)) for code, label in Dossier.Status.choices],
        "signalen": [(label, signalen.get(code, 0)) for code, label in Signalering.Soort.choices],
        "signalen_totaal": sum(signalen.values()),
        "op_tijd": [(w, op_tijd[w][0], op_tijd[w][1]) for w in week_starts],
        "geind": [(w, geind[w]) for w in week_starts],
        "leeftijd": [(label, leeftijd_sommen[f"b{i}"] or NUL) for i, (_v, _t, label) in enumerate(grenzen)],
        "toestemming_open": Toestemmingsverzoek.objects.filter(
            status=Toestemmingsverzoek.Status.GEVRAAGD
        ).count(),
        "regelingen_lopend": Betalingsregeling.objects.filter(status=Betalingsregeling.Status.LOOPT).count(),
        "post_wachtend": post_wachtend().count(),
        "laatste_sweep": laatste_sweep,
    }


# --- the debtor's own arrangement proposal (debtor portal) and the client's rules ---------------------------

MAX_MAANDEN = (
    60  # hard cap on any debtor proposal: after five years alimony terms are time-barred (art. 3:308 BW)
)
EERSTE_TERMIJN_MAANDEN = 2  # the first payment of a debtor's proposal lies within two months of today
TOELICHTING_MAX = 1000
VOORSTEL_STATUSSEN = (Dossier.Status.ACTIEF, Dossier.Status.DEURWAARDER, Dossier.Status.BESLAG)


def regelingregels_van(*, client_id: int) -> Regelingregels:
    """The client's rules; an unsaved row with the defaults (12 months, € 50,00 a month, no acceptance at
    once) when the client has not set them."""
    return Regelingregels.objects.filter(client_id=client_id).first() or Regelingregels(client_id=client_id)


def regels_fouten(*, max_maanden: int | None, min_maandbedrag: Decimal | None) -> dict[str, list[str]]:
    fouten: dict[str, list[str]] = {}
    if max_maanden is None or not 1 <= max_maanden <= MAX_MAANDEN:
        fouten["max_maanden"] = [
            _("Kies een aantal maanden van 1 tot en met %(max)s.") % {"max": MAX_MAANDEN}
        ]
    if min_maandbedrag is None or rond_af(min_maandbedrag) <= 0:
        fouten["min_maandbedrag"] = [_("Het bedrag per maand moet groter zijn dan nul.")]
    return fouten


def regelingvoorstel_bereken(
    *,
    dossier: Dossier,
    eerste_termijn: date | None,
    maandbedrag: Decimal | None = None,
    maanden: int | None = None,
    vandaag: date | None = None,
) -> dict:
    """The schedule of a debtor's proposal and whether it is inside the client's rules (ValidationError with a
    plain message when it cannot be made). The arrears are today's open figure of the statement, the same the
    debtor's overview and a letter of today show; the current alimony is paid beside the instalments."""
    vandaag = vandaag or timezone.localdate()
    if dossier.status not in VOORSTEL_STATUSSEN:
        raise ValidationError(
            _("Op dit dossier kunt u nu geen betalingsregeling voorstellen. Bel ons gerust.")
        )
    if maandbedrag is None and maanden is None:
        raise ValidationError(_("Vul een bedrag per maand of een aantal maanden in."))
    if maandbedrag is not None and maanden is not None:
        raise ValidationError(_("Vul een bedrag per maand óf een aantal maanden in, niet allebei."))
    if maandbedrag is not None and rond_af(maandbedrag) <= 0:
        raise ValidationError(_("Het bedrag per maand moet groter zijn dan nul."))
    if maanden is not None and not 1 <= maanden <= MAX_MAANDEN:
        raise ValidationError(_("Kies een aantal maanden van 1 tot en met %(max)s.") % {"max": MAX_MAANDEN})
    if eerste_termijn is None:
        raise ValidationError(_("Vul de datum van de eerste betaling in."))
    if eerste_termijn < vandaag:
        raise ValidationError(_("De eerste betaling kan niet in het verleden liggen."))
    if eerste_termijn > maand_later(vandaag, EERSTE_TERMIJN_MAANDEN):
        raise ValidationError(_("De eerste betaling moet binnen twee maanden na vandaag zijn."))
    try:
        achterstand = dossier_achterstand(dossier=dossier, peildatum=vandaag).te_betalen
        lopend, _verplichtingen = dossier_maandbedrag(dossier=dossier, peildatum=vandaag)
    except (TariefOntbreekt, OngeldigeInvoer):
        raise ValidationError(
            _("Wij kunnen uw achterstand nu niet berekenen. Bel ons, dan helpen wij u.")
        ) from None
    if achterstand <= 0:
        raise ValidationError(_("U heeft geen achterstand. Een betalingsregeling is niet nodig."))
    termijnen = termijnen_bereken(
        totaal=achterstand, eerste=eerste_termijn, maandbedrag=maandbedrag, maanden=maanden
    )
    if len(termijnen) > MAX_MAANDEN:
        raise ValidationError(
            _("Een regeling duurt hoogstens %(max)s maanden. Kies een hoger bedrag per maand.")
            % {"max": MAX_MAANDEN}
        )
    regels = regelingregels_van(client_id=dossier.client_id)
    binnen = binnen_regels(
        termijnen=termijnen, max_maanden=regels.max_maanden, min_maandbedrag=regels.min_maandbedrag
    )
    return {
        "achterstand": achterstand,
        "termijnen": termijnen,
        "totaal": sum((b for _d, b in termijnen), NUL),
        "maandbedrag": termijnen[0][1],
        "laatste": termijnen[-1][0],
        "binnen_regels": binnen,
        "direct": binnen and regels.direct_akkoord,
        "regels": regels,
        "lopend": lopend,
    }


def regeling_van_debiteur(*, dossier_id: int) -> Betalingsregeling | None:
    """The arrangement the debtor sees: the newest one of the dossier, with its instalments."""
    return (
        Betalingsregeling.objects.filter(dossier_id=dossier_id)
        .prefetch_related("termijnen")
        .order_by("-voorgesteld_op", "-id")
        .first()
    )


def regelingvoorstellen_voor_werkvoorraad(*, casemanager_id: int | None = None) -> list[dict]:
    """Debtor's proposals (debtor portal) that wait: for the client's decision, or, once the client approved,
    for the case manager's check (an open task). One query, whatever the number. ``casemanager_id``: only
    dossiers of that case manager ("Alleen mijn dossiers")."""
    open_taak = Taak.objects.filter(
        dossier_id=OuterRef("dossier_id"),
        afgerond_op__isnull=True,
        sleutel=Concat(
            Value("regeling:"), Cast(OuterRef("pk"), output_field=CharField()), Value(":casemanager")
        ),
    )
    qs = Betalingsregeling.objects.filter(bron=Betalingsregeling.Bron.DEBITEUR)
    if casemanager_id is not None:
        # as the other sections: the user's dossiers and those without a case manager yet
        qs = qs.filter(Q(dossier__casemanager_id=casemanager_id) | Q(dossier__casemanager__isnull=True))
    rijen = (
        qs.annotate(bij_casemanager=Exists(open_taak))
        .filter(
            Q(status=Betalingsregeling.Status.VOORGESTELD)
            | Q(status=Betalingsregeling.Status.LOOPT, bij_casemanager=True)
        )
        .select_related("dossier")
        .order_by("voorgesteld_op", "id")[:WERKVOORRAAD_MAX]
    )
    uit = []
    for r in rijen:
        wacht_op_client = r.status == Betalingsregeling.Status.VOORGESTELD
        uit.append(
            {
                "dossier_id": r.dossier_id,
                "dossiernummer": r.dossier.nummer,
                "soort": "Regelingvoorstel",
                "omschrijving": (
                    "Regelingvoorstel van de debiteur: wacht op de cliënt"
                    if wacht_op_client
                    else "Regeling van de debiteur goedgekeurd door de cliënt: bevestigen"
                ),
                "sinds": r.voorgesteld_op if wacht_op_client else (r.beoordeeld_op or r.voorgesteld_op),
                "url": reverse("dossiers:dossier", args=[r.dossier_id]),
            }
        )
    return uit
