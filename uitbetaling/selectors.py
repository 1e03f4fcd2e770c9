"""Reads of the payout app: batch pages, specifications, the portal's money view and the chart data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from dossiers.models import Client, Dossier
from inning.models import DirecteBetaling, Journaalpost, Journaalregel, Ontvangst, Toewijzing
from recht.geld import NUL, euro, rond_af

from .grafiek import MaandCijfer
from .models import Factuur, SepaBestand, Uitbetaling, UitbetalingBatch

KLANTREKENINGEN = ("verschuldigd_aan_client", "provisie_te_verrekenen")
# A batch in one of these states has been approved: its payouts may be booked.
GOEDGEKEURDE_STATUSSEN = (UitbetalingBatch.Status.GOEDGEKEURD, UitbetalingBatch.Status.GEBOEKT)
# How long an approved batch may wait for its booking before ``grootboek_controle`` calls it an error: the
# sweep runs every 5 minutes, so three missed sweeps.
BOEKING_MARGE = timedelta(minutes=15)


def batches_niet_geboekt(*, goedgekeurd_voor=None) -> QuerySet[UitbetalingBatch]:
    """Approved batches with a payable payout not booked yet, or not yet marked booked (the sweep's work);
    ``goedgekeurd_voor``: only those approved before that moment."""
    open_ = Uitbetaling.objects.filter(
        batch=OuterRef("pk"), status=Uitbetaling.Status.VOORBEREID, wacht_op_iban_goedkeuring=False
    )
    qs = UitbetalingBatch.objects.filter(
        Q(status=UitbetalingBatch.Status.GOEDGEKEURD)
        | Q(status=UitbetalingBatch.Status.GEBOEKT) & Exists(open_)
    )
    if goedgekeurd_voor is not None:
        qs = qs.filter(goedgekeurd_op__lt=goedgekeurd_voor)
    return qs.annotate(
        ongeboekt=Count(
            "uitbetalingen",
            filter=Q(
                uitbetalingen__status=Uitbetaling.Status.VOORBEREID,
                uitbetalingen__wacht_op_iban_goedkeuring=False,
            ),
        )
    ).order_by("goedgekeurd_op", "id")


def batches_boeking_achter(*, nu=None) -> list[str]:
    """For ``grootboek_controle``: each batch approved more than ``BOEKING_MARGE`` ago and not fully
    booked, as a Dutch finding."""
    grens = (nu or timezone.now()) - BOEKING_MARGE
    return [
        f"Batch {b.week} is goedgekeurd op {timezone.localtime(b.goedgekeurd_op):%d-%m-%Y %H:%M} maar "
        f"{b.ongeboekt} uitbetaling(en) zijn niet geboekt."
        for b in batches_niet_geboekt(goedgekeurd_voor=grens)[:20]
    ]


def uitbetaling_controle_fouten() -> list[str]:
    """The payout app's part of ``grootboek_controle`` (after the money app's, ``bank.controle``): at most
    one payout per client per batch, and no batch approved longer than ``BOEKING_MARGE`` ago that is not
    fully booked."""
    dubbel = (
        Uitbetaling.objects.values("batch_id", "client_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("batch_id", "client_id")[:20]
    )
    return [
        f"Batch {b}: cliënt {c} heeft meer dan één uitbetaling." for b, c in dubbel
    ] + batches_boeking_achter()


def uitbetaling_dossier_ids(*, uitbetaling: Uitbetaling) -> set[int]:
    """The dossiers whose money this payout carries: those of the receipts and direct payments in the
    journal lines it counted (since the client's previous payout)."""
    u = uitbetaling
    vorige = _vorige_tot_regel_id(u)
    post_ids = Journaalregel.objects.filter(
        rekening__client_id=u.client_id,
        rekening__code__in=KLANTREKENINGEN,
        id__gt=vorige,
        id__lte=u.tot_regel_id,
    ).values("post_id")
    ids = set(
        Toewijzing.objects.filter(Q(post_id__in=post_ids) | Q(post__tegenboeking__id__in=post_ids))
        .values_list("dossier_id", flat=True)
        .distinct()
    )
    directe = Journaalpost.objects.filter(id__in=post_ids, bron_type="directe_betaling").values_list(
        "bron_id", flat=True
    )
    ids |= set(
        DirecteBetaling.objects.filter(
            dossier__client_id=u.client_id, id__in=[int(b) for b in directe if b.isdigit()]
        ).values_list("dossier_id", flat=True)
    )
    return ids


def _vorige_tot_regel_id(u: Uitbetaling) -> int:
    """The last journal line the client's previous (not lapsed) payout counted."""
    return (
        Uitbetaling.objects.filter(client_id=u.client_id, batch__week__lt=u.batch.week)
        .exclude(status=Uitbetaling.Status.VERVALLEN)
        .order_by("-batch__week")
        .values_list("tot_regel_id", flat=True)
        .first()
    ) or 0


def batches() -> QuerySet[UitbetalingBatch]:
    return (
        UitbetalingBatch.objects.select_related("voorbereid_door", "vrijgegeven_door", "goedgekeurd_door")
        .annotate(
            aantal=Count("uitbetalingen"),
            totaal_netto=Sum("uitbetalingen__netto"),
        )
        .order_by("-week")
    )


def batch_detail(*, batch_id: int) -> UitbetalingBatch:
    return UitbetalingBatch.objects.select_related("voorbereid_door", "goedgekeurd_door").get(pk=batch_id)


def batch_uitbetalingen(*, batch: UitbetalingBatch) -> QuerySet[Uitbetaling]:
    return batch.uitbetalingen.select_related("client", "sepa_bestand", "factuur").order_by(
        "client__naam", "id"
    )


def batch_sepa_bestanden(*, batch: UitbetalingBatch) -> QuerySet[SepaBestand]:
    return batch.sepa_bestanden.select_related("gedownload_door").order_by("id")


def openstaande_iban_goedkeuringen() -> QuerySet[Uitbetaling]:
    return (
        Uitbetaling.objects.filter(wacht_op_iban_goedkeuring=True)
        .select_related("client", "batch")
        .order_by("batch__week", "client__naam")
    )


def client_uitbetalingen(*, client: Client) -> QuerySet[Uitbetaling]:
    """The client's payouts, without those of a rejected batch (that money goes with the next one)."""
    return (
        client.uitbetalingen.exclude(status=Uitbetaling.Status.VERVALLEN)
        .select_related("batch")
        .order_by("-batch__week")
    )


def client_facturen(*, client: Client) -> QuerySet[Factuur]:
    return client.facturen.exclude(status=Factuur.Status.VERVALLEN).order_by("-datum", "-id")


# --- The payout specification ------------------------------------------------------------------------


@dataclass
class SpecRegel:
    datum: date
    dossier: str
    omschrijving: str
    ontvangen: Decimal = NUL
    provisie: Decimal = NUL
    btw: Decimal = NUL
    naar_client: Decimal = NUL


@dataclass
class Specificatie:
    uitbetaling: Uitbetaling
    regels: list[SpecRegel] = field(default_factory=list)

    @property
    def totaal_ontvangen(self) -> Decimal:
        return sum((r.ontvangen for r in self.regels), NUL)

    @property
    def totaal_provisie(self) -> Decimal:
        return sum((r.provisie for r in self.regels), NUL)

    @property
    def totaal_btw(self) -> Decimal:
        return sum((r.btw for r in self.regels), NUL)

    @property
    def totaal_naar_client(self) -> Decimal:
        return sum((r.naar_client for r in self.regels), NUL)


def uitbetaling_specificatie(*, uitbetaling: Uitbetaling) -> Specificatie:
    """The journal entries on the client's accounts since the client's previous payout, up to the last line
    this payout counted: per entry what came in, the commission, its VAT, and what is the client's."""
    u = uitbetaling
    vorige = _vorige_tot_regel_id(u)
    post_ids = (
        Journaalregel.objects.filter(
            rekening__client_id=u.client_id,
            rekening__code__in=KLANTREKENINGEN,
            id__gt=vorige,
            id__lte=u.tot_regel_id,
        )
        .exclude(post__bron_type__startswith="uitbetaling")
        .values("post_id")
    )
    posten = (
        Journaalpost.objects.filter(id__in=post_ids)
        .select_related(
            "toewijzing__dossier",
            "toewijzing__ontvangst",
            "tegenboeking_van__toewijzing__dossier",
            "tegenboeking_van__toewijzing__ontvangst",
        )
        .prefetch_related(Prefetch("regels", queryset=Journaalregel.objects.select_related("rekening")))
        .order_by("datum", "id")
    )
    directe = {
        str(d.id): d.dossier.nummer
        for d in DirecteBetaling.objects.filter(dossier__client_id=u.client_id).select_related("dossier")
    }
    spec = Specificatie(uitbetaling=u)
    for post in posten:
        regel = SpecRegel(datum=post.datum, dossier="", omschrijving=post.omschrijving)
        toew = getattr(post, "toewijzing", None) or (
            getattr(post.tegenboeking_van, "toewijzing", None) if post.tegenboeking_van_id else None
        )
        if toew is not None:
            regel.dossier = toew.dossier.nummer
        elif post.bron_type == "directe_betaling":
            regel.dossier = directe.get(post.bron_id, "")
        for r in post.regels.all():
            code = r.rekening.code
            if code == "verschuldigd_aan_client" and r.rekening.client_id == u.client_id:
                regel.naar_client -= r.bedrag
            elif code in ("provisie_nog_over_te_boeken",):
                regel.provisie -= r.bedrag
            elif code == "provisie_te_verrekenen" and r.rekening.client_id == u.client_id:
                regel.provisie += r.bedrag
            elif code == "btw_af_te_dragen":
                regel.btw -= r.bedrag
        direct = post.bron_type == "directe_betaling" or (
            toew is not None and toew.ontvangst.bron == Ontvangst.Bron.DIRECT
        )
        if direct:
            regel.omschrijving = f"Provisie over een betaling rechtstreeks aan u ({post.omschrijving})"
        else:  # what came in for the client: their share plus the commission (bailiff costs excluded)
            regel.ontvangen = regel.naar_client + regel.provisie
        spec.regels.append(regel)
    return spec


def specificatie_pdf_context(u: Uitbetaling) -> dict:
    spec = uitbetaling_specificatie(uitbetaling=u)
    factuur = Factuur.objects.filter(uitbetaling=u).first()
    return {
        "u": u,
        "spec": {
            "regels": [
                {
                    "datum": r.datum.strftime("%d-%m-%Y"),
                    "dossier": r.dossier,
                    "omschrijving": r.omschrijving,
                    "ontvangen_euro": euro(r.ontvangen),
                    "provisie_euro": euro(r.provisie),
                    "btw_euro": euro(r.btw),
                    "naar_client_euro": euro(r.naar_client),
                }
                for r in spec.regels
            ],
            "totaal_ontvangen_euro": euro(spec.totaal_ontvangen),
            "totaal_provisie_euro": euro(spec.totaal_provisie),
            "totaal_btw_euro": euro(spec.totaal_btw),
            "bruto_euro": euro(u.bruto),
            "verrekend_euro": euro(u.provisie_verrekend),
            "netto_euro": euro(u.netto),
            "factuur": factuur,
            "factuur_euro": euro(factuur.bedrag) if factuur else "",
        },
    }


def factuur_pdf_context(f: Factuur) -> dict:
    return {
        "f": f,
        "datum": f.datum.strftime("%d-%m-%Y"),
        "vervaldatum": (f.datum + timedelta(days=14)).strftime("%d-%m-%Y"),
        "excl": euro(f.bedrag - f.btw),
        "btw": euro(f.btw),
        "incl": euro(f.bedrag),
    }


# --- The portal's money view --------------------------------------------------------------------------


@dataclass
class JaarCijfer:
    jaar: int
    verschuldigd: Decimal
    betaald: Decimal


@dataclass
class DossierGeld:
    """What the client sees of one dossier's money. Due, paid, arrears and interest come from the one arrears
    statement (``inning.achterstand.dossier_achterstand_specificatie``, the one the letters use), so the
    figures add up: ``verschuldigd - betaald = achterstand`` (less what is time-barred, plus any overpayment),
    and ``te_betalen`` is what a letter of today would ask for."""

    dossier: Dossier
    verschuldigd: Decimal | None  # None when the arrears could not be computed (a table value missing)
    betaald: Decimal
    achterstand: Decimal | None
    uitbetaald: Decimal
    provisie: Decimal
    btw: Decimal
    maanden: list[MaandCijfer]
    rente_open: Decimal = NUL
    jaar: int | None = None  # the year the chart and month table show
    jaren: list[JaarCijfer] = field(default_factory=list)  # every year with something due or paid

    @property
    def te_betalen(self) -> Decimal | None:
        return None if self.achterstand is None else self.achterstand + self.rente_open


def _eerste_van_maand(d: date) -> date:
    return d.replace(day=1)


def _maanden_tussen(van: date, tot: date) -> list[date]:
    uit, m = [], _eerste_van_maand(van)
    while m <= tot:
        uit.append(m)
        m = (m + timedelta(days=32)).replace(day=1)
    return uit


def dossier_geld(*, dossier: Dossier, peildatum: date | None = None, jaar: int | None = None) -> DossierGeld:
    """Due, paid, arrears, paid out and commission of one dossier, a summary per year, and due versus paid per
    month in ``jaar`` (default: the year of ``peildatum``). Due by due date of each termijn, paid by the date
    of each payment the statement allocated."""
    from inning.achterstand import dossier_achterstand_specificatie
    from inning.selectors import dossier_geldoverzicht
    from recht.fouten import TariefOntbreekt

    peildatum = peildatum or timezone.localdate()
    geld = dossier_geldoverzicht(dossier_id=dossier.pk)
    try:
        spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=peildatum)
    except TariefOntbreekt:
        spec = None
    overzicht = spec.overzicht if spec else None
    due: dict[date, Decimal] = defaultdict(lambda: NUL)
    paid: dict[date, Decimal] = defaultdict(lambda: NUL)
    if overzicht is not None:
        for t in overzicht.termijnen:
            due[_eerste_van_maand(t.vervaldatum)] += t.bedrag
        for b in overzicht.betalingen:
            paid[_eerste_van_maand(b.datum)] += b.bedrag
    jaartallen = sorted({m.year for m in due} | {m.year for m in paid} | {peildatum.year})
    jaar = jaar if jaar in jaartallen else peildatum.year
    eind = peildatum if jaar == peildatum.year else date(jaar, 12, 1)
    return DossierGeld(
        dossier=dossier,
        verschuldigd=overzicht.totaal.verschuldigd if overzicht else None,
        betaald=overzicht.totaal.betaald if overzicht else geld["betaald"],
        achterstand=overzicht.totaal.open if overzicht else None,
        uitbetaald=geld["uitbetaald"],
        provisie=geld["provisie"],
        btw=geld["btw"],
        maanden=[
            MaandCijfer(m, rond_af(due[m]), rond_af(paid[m])) for m in _maanden_tussen(date(jaar, 1, 1), eind)
        ],
        rente_open=(spec.rente_open or NUL) if spec else NUL,
        jaar=jaar,
        jaren=[
            JaarCijfer(
                j,
                rond_af(sum((v for m, v in due.items() if m.year == j), NUL)),
                rond_af(sum((v for m, v in paid.items() if m.year == j), NUL)),
            )
            for j in jaartallen
        ],
    )
