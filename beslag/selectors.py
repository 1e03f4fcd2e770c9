"""Reads for the bailiff track: tariffs and BVV tables as plain data, the dossier's track, the work queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from dossiers.models import Dossier
from inning.achterstand import Achterstandsoverzicht, dossier_achterstand
from inning.models import Ontvangst
from recht.beslag_constanten import formule_constanten_op, rekenhuur_op
from recht.bvv import (
    REGELINGSVELDEN,
    Adres,
    BvvInvoer,
    BvvTabellen,
    FormuleInvoer,
    Huishouden,
    Regelingswaarde,
    leefsituatie_voor,
)
from recht.fouten import OngeldigeInvoer, TariefOntbreekt
from recht.geld import NUL
from recht.proportionaliteit import HANDELINGEN, verwachte_kosten
from recht.proportionaliteit import STAP_HANDELING as STAP_HANDELING  # one mapping; demo.beslag reads it here
from tarieven import selectors as t
from tarieven.models import BtagTarief

from .models import (
    Beslag,
    BeslagOntvangst,
    BeslagStap,
    BvvOpgave,
    Derde,
    DeurwaarderOpdracht,
    Deurwaarderskantoor,
    Samenloop,
)

# A month's garnished amount is expected from the bailiff by the 14th day after the month ends.
ONTVANGST_MARGE_DAGEN = 14
# A bailiff deadline passed longer ago than this without being dealt with leaves the work queue (closed by
# the hourly check, beslag.services.beslag_termijnen_opruimen).
VERLOPEN_BEWAAR_DAGEN = 30


@dataclass(frozen=True, slots=True)
class BtagRegel:
    handeling: str
    artikel: str
    omschrijving: str
    jaar: int
    bedrag: Decimal
    bevestigd: bool


def btag_regel(*, handeling: str, datum: date) -> BtagRegel:
    """The Btag tariff of `handeling` for the year of `datum`; OngeldigeInvoer per field when unknown."""
    rijen = BtagTarief.objects.filter(handeling=handeling)
    if not rijen.exists():
        raise OngeldigeInvoer("handeling", f"Onbekende handeling '{handeling}'.")
    rij = rijen.filter(jaar=datum.year).first()
    if rij is None:
        jaren = sorted(rijen.values_list("jaar", flat=True))
        raise OngeldigeInvoer(
            "datum", f"Voor {datum.year} is geen Btag-tarief bekend (wel voor {', '.join(map(str, jaren))})."
        )
    return BtagRegel(rij.handeling, rij.artikel, rij.omschrijving, rij.jaar, rij.bedrag, rij.bevestigd)


def btag_handelingen() -> list[tuple[str, str]]:
    return list(BtagTarief.objects.order_by("handeling").values_list("handeling", "omschrijving").distinct())


def btag_tarieven_op(*, datum: date) -> dict[str, Decimal]:
    return dict(BtagTarief.objects.filter(jaar=datum.year).values_list("handeling", "bedrag"))


def bvv_tabellen(*, huishouden: str, datum: date) -> tuple[BvvTabellen, list[str]]:
    """The table values the BVV needs on `datum`, plus the sources that are not confirmed (all of them; an answer
    names only those it used, ``BvvUitkomst.onbevestigd``).

    Each value carries the row it came from; a row older than the half-year of `datum` (1 January / 1 July) is
    still used but marked, so every answer that uses it says the new figures are missing."""

    try:
        maximum = t.bvv_maximum(huishouden, datum)
        norm = t.bijstandsnorm(leefsituatie_voor(Huishouden(huishouden)), datum)
        norm_gehuwden = t.bijstandsnorm("gehuwden", datum)
    except TariefOntbreekt as fout:
        raise OngeldigeInvoer("datum", str(fout)) from fout
    try:
        rekenhuur = rekenhuur_op(datum)
    except OngeldigeInvoer:
        rekenhuur = None
    per_waarde = [
        (sleutel, w.bron)
        for sleutel, w in (("maximum", maximum), ("norm_huishouden", norm), ("norm_gehuwden", norm_gehuwden))
        if not w.bevestigd
    ]
    if rekenhuur is not None and rekenhuur.verifieren:
        per_waarde.append(("rekenhuur", rekenhuur.bron))
    regeling = _regelingswaarden(huishouden=Huishouden(huishouden), jaar=datum.year)
    per_waarde += [(f"regeling:{veld}", rij.bron) for veld, rij in regeling if not rij.bevestigd]
    onbevestigd = list(dict.fromkeys(bron for _, bron in per_waarde))
    verouderd = [
        (sleutel, melding)
        for sleutel, waarde, tabel in (
            ("maximum", maximum, "maximale beslagvrije voet (Rv art. 475da lid 1)"),
            ("norm_huishouden", norm, "bijstandsnormen (Participatiewet art. 21)"),
            ("norm_gehuwden", norm_gehuwden, "bijstandsnormen (Participatiewet art. 21 onderdeel b)"),
        )
        if (melding := t.halfjaar_ontbreekt(waarde, datum, tabel=tabel)) is not None
    ]

    def bron(w) -> str:
        return f"{w.bron}, geldig vanaf {w.vanaf:%d-%m-%Y}"

    return (
        BvvTabellen(
            maximum=maximum.bedrag,
            norm_huishouden=norm.bedrag,
            norm_gehuwden=norm_gehuwden.bedrag,
            rekenhuur=rekenhuur.waarde if rekenhuur else None,
            rekenhuur_verifieren=bool(rekenhuur and rekenhuur.verifieren),
            formule=formule_constanten_op(datum),
            regeling=regeling,
            bron_maximum=bron(maximum),
            bron_norm=bron(norm),
            bron_norm_gehuwden=bron(norm_gehuwden),
            verouderd=tuple(verouderd),
            onbevestigd=tuple(per_waarde),
        ),
        onbevestigd,
    )


def _regelingswaarden(*, huishouden: Huishouden, jaar: int) -> tuple[tuple[str, Regelingswaarde], ...]:
    """The table rows of the lid 2 regulation amounts for `jaar`, keyed by the formula's field. The
    minimum-inkomensijkpunt of Wht art. 17 lid 1 is the one of the household: one person for a single debtor,
    more persons for a parent or a couple."""
    rijen = t.regelingsbedragen(jaar)
    ijkpunt = (
        "minimum_inkomensijkpunt_eenpersoons"
        if huishouden is Huishouden.ALLEENSTAANDE
        else "minimum_inkomensijkpunt_meerpersoons"
    )
    soort_van = {veld: veld for veld in REGELINGSVELDEN} | {"minimum_inkomensijkpunt": ijkpunt}
    return tuple(
        (veld, Regelingswaarde(w.bedrag, jaar, w.bron, w.bevestigd))
        for veld, soort in soort_van.items()
        if (w := rijen.get(soort)) is not None
    )


def kantoren_lijst() -> QuerySet[Deurwaarderskantoor]:
    return Deurwaarderskantoor.objects.order_by("naam")


def derden_lijst() -> QuerySet[Derde]:
    return Derde.objects.order_by("naam")


def open_opdracht(*, dossier: Dossier) -> DeurwaarderOpdracht | None:
    return (
        DeurwaarderOpdracht.objects.select_related("kantoor")
        .filter(dossier=dossier, status__in=DeurwaarderOpdracht.OPEN)
        .first()
    )


@dataclass
class Beslagspoor:
    dossier: Dossier
    opdrachten: list[DeurwaarderOpdracht]
    stappen: list[BeslagStap]
    beslagen: list[Beslag]
    kosten_totaal: Decimal
    tarief_totaal: Decimal
    verwacht_totaal: Decimal
    ontvangen_totaal: Decimal


def dossier_beslagspoor(*, dossier: Dossier) -> Beslagspoor:
    """Everything on the dossier's bailiff track in a fixed number of queries."""
    opdrachten = list(DeurwaarderOpdracht.objects.filter(dossier=dossier).select_related("kantoor", "brief"))
    stappen = list(BeslagStap.objects.filter(dossier=dossier).select_related("opdracht__kantoor", "beslag"))
    beslagen = list(
        Beslag.objects.filter(dossier=dossier)
        .select_related("derde", "coordinerend_kantoor", "opdracht__kantoor")
        .prefetch_related(
            Prefetch("ontvangsten", queryset=BeslagOntvangst.objects.order_by("maand")),
            Prefetch("samenloop", queryset=Samenloop.objects.order_by("datum")),
        )
    )
    ontvangsten = [o for b in beslagen for o in b.ontvangsten.all()]
    return Beslagspoor(
        dossier=dossier,
        opdrachten=opdrachten,
        stappen=stappen,
        beslagen=beslagen,
        kosten_totaal=sum((s.kosten_in_rekening for s in stappen), NUL),
        tarief_totaal=sum((s.tarief_btag or NUL for s in stappen), NUL),
        verwacht_totaal=sum((o.verwacht for o in ontvangsten), NUL),
        ontvangen_totaal=sum((o.ontvangen for o in ontvangsten), NUL),
    )


def termijnen_open(*, tot: date, casemanager=None) -> QuerySet[BeslagStap]:
    """Bailiff deadlines due on or before `tot` (overdue included), for the work queue."""
    # Passed long ago and not yet closed by the hourly check: not on the list any more either.
    vanaf = timezone.localdate() - timedelta(days=VERLOPEN_BEWAAR_DAGEN)
    qs = BeslagStap.objects.filter(
        afgerond_op__isnull=True,
        uiterste_datum__isnull=False,
        uiterste_datum__lte=tot,
        uiterste_datum__gte=vanaf,
    )
    if casemanager is not None:
        qs = qs.filter(dossier__casemanager=casemanager)
    return qs.select_related("dossier", "opdracht__kantoor").order_by("uiterste_datum", "id")


def termijnen_open_eerste(*, tot: date, casemanager=None, limiet: int) -> list[BeslagStap]:
    """The first ``limiet`` rows of ``termijnen_open``: their ids from the steps table alone, then only those
    rows joined. Joining first made PostgreSQL hash-join every dossier before sorting (17 ms at 10,000)."""
    ids = termijnen_open(tot=tot, casemanager=casemanager).values("pk")[:limiet]
    return list(
        BeslagStap.objects.filter(pk__in=ids)
        .select_related("dossier", "opdracht__kantoor")
        .order_by("uiterste_datum", "id")
    )


def ontbrekende_ontvangsten(*, casemanager=None) -> QuerySet[BeslagOntvangst]:
    qs = BeslagOntvangst.objects.filter(ontbreekt_gemeld_op__isnull=False, ontvangen=0)
    if casemanager is not None:
        qs = qs.filter(beslag__dossier__casemanager=casemanager)
    return qs.select_related("beslag__dossier").order_by("maand")


STAP_LABELS = {
    "betekening_titel": "Betekening titel met bevel tot betaling",
    "loonbeslag": "Loonbeslag (12 maanden)",
    "bankbeslag": "Bankbeslag",
    "beslag_roerende_zaken": "Beslag roerende zaken",
}


@dataclass(frozen=True, slots=True)
class KostenRegel:
    stap: str
    label: str
    kosten: Decimal
    regels: tuple[tuple[str, Decimal], ...]
    boven_achterstand: bool  # the costs exceed the arrears, the most any step can yield


def verwachte_kosten_per_stap(
    *, datum: date, achterstand: Decimal | None, maanden: int = 12
) -> list[KostenRegel]:
    """Expected Btag costs of each possible step on `datum` (loonbeslag: `maanden` months of collection),
    flagged when they exceed the arrears: no step can yield more than that, so it would be disproportionate."""
    tarieven = btag_tarieven_op(datum=datum)
    uitkomst = []
    for stap in HANDELINGEN:
        try:
            regels = verwachte_kosten(stap, tarieven, maanden=maanden if stap == "loonbeslag" else 1)
        except KeyError:
            continue  # no tariff for that year: the step is left out rather than guessed
        kosten = sum((b for _, b in regels), NUL)
        uitkomst.append(
            KostenRegel(
                stap,
                STAP_LABELS.get(stap, stap),
                kosten,
                regels,
                achterstand is not None and kosten > achterstand,
            )
        )
    return uitkomst


# --- Arrears and what the bailiff passed on ---------------------------------------------------------------


def achterstand_overzicht(*, dossier: Dossier) -> Achterstandsoverzicht | None:
    """The dossier's arrears statement today, or None when the arrears engine cannot tell."""
    try:
        return dossier_achterstand(dossier=dossier)
    except TariefOntbreekt:  # an indexation year without a percentage: the page asks for the arrears instead
        return None


def achterstand_open(*, dossier: Dossier) -> Decimal | None:
    """The dossier's open, not time-barred arrears today, or None when the arrears engine cannot tell."""
    overzicht = achterstand_overzicht(dossier=dossier)
    if overzicht is None:
        return None
    return overzicht.totaal.open


def ontvangen_voor(*, bron_id: int) -> Decimal:
    """The sum of the ledger's (not reversed) receipts booked for one month of a garnishment."""
    totaal = (
        Ontvangst.objects.filter(bron_type="beslag", bron_id=str(bron_id))
        .exclude(status=Ontvangst.Status.TERUGGEBOEKT)
        .aggregate(s=Sum("bedrag"))["s"]
    )
    return totaal or Decimal("0.00")


def maand_na(d: date) -> date:
    """The first day of the month after ``d``."""
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def maanden_tot(eerste: date, tot: date) -> list[date]:
    """The first days of the months from ``eerste`` up to and including ``tot``."""
    maanden, m = [], eerste.replace(day=1)
    while m <= tot:
        maanden.append(m)
        m = maand_na(m)
    return maanden


def afdracht_uiterlijk(maand: date) -> date:
    """The day the bailiff's payment for ``maand`` is expected by."""
    return maand_na(maand) - timedelta(days=1) + timedelta(days=ONTVANGST_MARGE_DAGEN)


def eerste_open_afdracht(*, dossier: Dossier) -> tuple[date, date] | None:
    """The first month of an active wage garnishment without a receipt, with the date it is expected by."""
    beste: tuple[date, date] | None = None
    for beslag in Beslag.objects.filter(
        dossier=dossier, status=Beslag.Status.ACTIEF, maandbedrag__gt=0, eerste_maand__isnull=False
    ):
        ontvangen = set(
            BeslagOntvangst.objects.filter(beslag=beslag, ontvangen__gt=0).values_list("maand", flat=True)
        )
        maand = beslag.eerste_maand
        while maand in ontvangen:
            maand = maand_na(maand)
        kandidaat = (maand, afdracht_uiterlijk(maand))
        if beste is None or kandidaat[1] < beste[1]:
            beste = kandidaat
    return beste


# --- The debtor's beslagvrije-voet questionnaire ------------------------------------------------------------


def bvv_opgave_laatste(*, dossier: Dossier) -> BvvOpgave | None:
    """The dossier's latest questionnaire, with its documents."""
    return (
        BvvOpgave.objects.filter(dossier=dossier)
        .prefetch_related("documenten__document")
        .select_related("beoordeeld_door")
        .first()
    )


def bvv_opgave_geldig(*, dossier: Dossier, op: date) -> BvvOpgave | None:
    """The latest questionnaire given by `op`, when its answer still holds then (12 months, Rv art. 475d lid 2),
    or None: then the bailiff must ask the debtor before garnishing. An older one never stands in for a newer
    one without an answer (an address abroad): the newest answers describe the debtor's situation."""
    laatste = (
        BvvOpgave.objects.filter(dossier=dossier, peildatum__lte=op).order_by("-ingediend_op", "-id").first()
    )
    if laatste is None or laatste.bvv_bedrag is None or laatste.geldig_tot is None or laatste.geldig_tot < op:
        return None
    return laatste


def _woonkosten_verzocht(opgave: BvvOpgave) -> bool:
    """The housing raise of Rv art. 475da lid 5–6 only applies with an address in the Netherlands: elsewhere the
    request is left out (the law would refuse the whole answer)."""
    return opgave.woonkostenverzoek and opgave.woonkosten is not None and opgave.adres == Adres.NL


def bvv_opgave_invoer(opgave: BvvOpgave, *, datum: date | None = None) -> BvvInvoer:
    """The law's input from the stored answers (with the case manager's regulation amounts of lid 2), on `datum`
    (default: the questionnaire's peildatum)."""
    correcties = {k: Decimal(str(v)) for k, v in (opgave.formule_correcties or {}).items() if v is not None}
    formule = None
    if opgave.toetsingsinkomen_jaar is not None or correcties:
        formule = FormuleInvoer(toetsingsinkomen_jaar=opgave.toetsingsinkomen_jaar, **correcties)
    return BvvInvoer(
        datum=datum or opgave.peildatum,
        huishouden=Huishouden(opgave.huishouden),
        netto_inkomen=opgave.netto_inkomen,
        vakantiegeld_inbegrepen=opgave.vakantiegeld_inbegrepen,
        partner_inkomen=opgave.partner_inkomen,
        eigen_overig_inkomen=opgave.eigen_overig_inkomen,
        woonkosten=opgave.woonkosten,
        woonkostenverzoek_toegekend=_woonkosten_verzocht(opgave),
        adres=Adres(opgave.adres),
        formule=formule,
    )


def bvv_opgave_beslagvelden(opgave: BvvOpgave) -> dict:
    """The questionnaire's answers as the garnishment form's BVV fields (staf.beslag.forms.BvvVelden)."""
    return {
        "bvv_bepalen": True,
        "huishouden": opgave.huishouden,
        "netto_inkomen": opgave.netto_inkomen,
        "vakantiegeld_inbegrepen": opgave.vakantiegeld_inbegrepen,
        "partner_inkomen": opgave.partner_inkomen,
        "eigen_overig_inkomen": opgave.eigen_overig_inkomen,
        "woonkosten": opgave.woonkosten,
        "woonkostenverzoek_toegekend": _woonkosten_verzocht(opgave),
        "adres": opgave.adres,
        "toetsingsinkomen_jaar": opgave.toetsingsinkomen_jaar,
        **{k: Decimal(str(v)) for k, v in (opgave.formule_correcties or {}).items()},
    }
