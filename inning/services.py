"""Writes of client money: receipts, matches and their undo, allocation with commission, direct payments,
bailiff costs, and the set-off of commission. The bookings are explained in ``inning.ledger``.

Locks, in one order: dossier → receipt (``select_for_update``), then the accounts' cached balances in
primary-key order inside ``journaalpost_boek``. A receipt has at most one live match (partial unique
constraint), so two clerks matching the same receipt at once allocate it once.

STABLE signatures used by other apps: ``ontvangst_registreer``, ``kosten_registreer``, ``provisie_verreken``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Client, Dossier
from recht.fouten import OngeldigeInvoer, TariefOntbreekt
from recht.geld import NUL, euro, rond_af
from recht.provisie import Provisie, provisie_bereken
from recht.toerekening import OpenTermijn, aanwijzing_lees, toereken_ontvangst
from tarieven.selectors import provisie_tarief

from . import ledger
from .bank import BestandFout, bankbestand_controleer, bankregels_blokken
from .bulk import rijen_invoegen
from .models import (
    Bankafschrift,
    Bankregel,
    DirecteBetaling,
    Journaalpost,
    Kostenpost,
    Ontvangst,
    Toerekening,
    Toewijzing,
)

logger = logging.getLogger(__name__)

__all__ = [
    "GeldFout",
    "Importresultaat",
    "bankafschrift_maak",
    "bankafschrift_opnieuw",
    "bankafschrift_verwerk",
    "directe_betaling_bevestig",
    "directe_betaling_meld",
    "directe_betaling_wijs_af",
    "kosten_registreer",
    "ontvangst_bank_registreer",
    "ontvangst_koppel",
    "ontvangst_ontkoppel",
    "ontvangst_registreer",
    "ontvangst_terugboek",
    "provisie_verreken",
]


class GeldFout(ValidationError):
    """A request the money rules refuse, with a Dutch message for the user."""


# --- Allocation ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Verdeling:
    kosten: Decimal
    rente: Decimal
    provisie: Decimal
    btw: Decimal
    naar_client: Decimal
    delen: list[tuple[str, date | None, str, Decimal]]  # (soort, vervaldatum, omschrijving, bedrag)
    regel: str = Toewijzing.Regel.OUDSTE  # art. 6:43 lid 2, or lid 1 when a designated termijn was paid
    aanwijzing: str = ""  # the month the description designated, "2026-03"; blank: none


def _aanwijzing_tekst(aanwijzing: tuple[int, int] | None) -> str:
    return "" if aanwijzing is None else f"{aanwijzing[0]:04d}-{aanwijzing[1]:02d}"


def _open_termijnen(dossier: Dossier, datum: date) -> list[OpenTermijn]:
    """The dossier's open termijnen on ``datum`` per the arrears engine (which already allocated the
    earlier payments). Without obligations, or when the indexation table lacks a year, there is nothing
    to allocate to and the whole receipt stays unallocated principal ("vooruit")."""
    from inning.achterstand import dossier_achterstand

    try:
        overzicht = dossier_achterstand(dossier=dossier, peildatum=datum)
    except (TariefOntbreekt, OngeldigeInvoer) as fout:
        logger.warning("toerekening zonder termijnen voor dossier %s: %s", dossier.pk, fout)
        return []
    return [
        OpenTermijn(
            sleutel=(t.vervaldatum, t.omschrijving),
            vervaldatum=t.vervaldatum,
            open=t.open,
            verjaringseinde=t.verjaringseinde,
            maand=_maand(t.vervaldatum, t.verplichting),
        )
        for t in overzicht.termijnen
        if t.open > 0
    ]


def _maand(vervaldatum: date, verplichting: int | None) -> tuple[int, int] | None:
    """The month a debtor designates a periodic termijn by (art. 6:43 lid 1 BW); None for a one-off sum."""
    return None if verplichting is None else (vervaldatum.year, vervaldatum.month)


def _open_rente(dossier: Dossier, datum: date) -> Decimal:
    """Statutory interest open on ``datum`` on a dossier that claims it (``inning.achterstand.rente_open``);
    0 when the statement cannot be made, as ``_open_termijnen`` then allocates nothing either."""
    from inning.achterstand import dossier_rente_open

    try:
        return dossier_rente_open(dossier=dossier, peildatum=datum)
    except (TariefOntbreekt, OngeldigeInvoer) as fout:
        logger.warning("toerekening zonder rente voor dossier %s: %s", dossier.pk, fout)
        return NUL


def _verdeel(
    *,
    dossier: Dossier,
    bedrag: Decimal,
    datum: date,
    met_kosten: bool,
    omschrijving: str = "",
    met_provisie: bool = True,
) -> _Verdeling:
    """Allocate one receipt (art. 6:43/6:44 BW via ``recht.toerekening``): costs, then statutory
    interest when the dossier claims it, then termijnen; and compute commission on everything except the
    costs part (DOMAIN: bailiff costs recovered carry no commission; interest collected does).
    ``met_provisie=False``: allocated all the same, but no commission (a direct payment before the order)."""
    open_kosten = ledger.saldo("te_ontvangen_debiteur", dossier=dossier) if met_kosten else NUL
    return _verdeel_over(
        bedrag=bedrag,
        datum=datum,
        termijnen=_open_termijnen(dossier, datum),
        open_kosten=open_kosten,
        open_rente=_open_rente(dossier, datum),
        tarief=provisie_tarief(datum) if met_provisie else None,
        omschrijving=omschrijving,
    )


def _voor_de_opdracht(ontvangst: Ontvangst, dossier: Dossier) -> bool:
    """A direct payment dated before the day the order was received: the agency did not collect it, so it
    carries no commission (the agency's promise covers direct payments *after* the order, issue 13 item 5);
    it still pays the arrears."""
    if ontvangst.bron != Ontvangst.Bron.DIRECT:
        return False
    opdracht = getattr(dossier, "opdracht", None)
    if opdracht is None:
        return False
    return ontvangst.datum < timezone.localdate(opdracht.ontvangen_op)


def _verdeel_over(
    *,
    bedrag: Decimal,
    datum: date,
    termijnen: list[OpenTermijn],
    open_kosten: Decimal,
    open_rente: Decimal = NUL,
    tarief,
    omschrijving: str = "",
) -> _Verdeling:
    """``_verdeel`` once its input is known: the open termijnen, costs and interest and the commission rate
    (``tarief=None``: no commission on this receipt). ``omschrijving``: the receipt's description, read for
    the debtor's designation (art. 6:43 lid 1 BW)."""
    aanwijzing = aanwijzing_lees(omschrijving)
    split = toereken_ontvangst(
        bedrag=bedrag,
        datum=datum,
        termijnen=termijnen,
        kosten=max(NUL, open_kosten),
        rente=open_rente,
        aanwijzing=aanwijzing,
    )
    delen: OrderedDict[tuple[str, date | None, str], Decimal] = OrderedDict()
    if split.kosten:
        delen[("kosten", None, "")] = split.kosten
    if split.rente:
        delen[("rente", None, "")] = split.rente
    for deel in split.termijnen:
        vervaldatum, omschrijving = deel.sleutel  # type: ignore[misc]
        sleutel = ("termijn", vervaldatum, omschrijving[:200])
        delen[sleutel] = delen.get(sleutel, NUL) + deel.bedrag
    if split.rest:
        delen[("vooruit", None, "")] = split.rest
    if tarief is None:
        p = Provisie(provisie=NUL, waarvan_btw=NUL, naar_client=bedrag - split.kosten)
    else:
        p = provisie_bereken(
            bedrag=bedrag - split.kosten, percentage=tarief.percentage, btw_percentage=tarief.btw_percentage
        )
    return _Verdeling(
        kosten=split.kosten,
        rente=split.rente,
        provisie=p.provisie,
        btw=p.waarvan_btw,
        naar_client=p.naar_client,
        delen=[(s, v, o, b) for (s, v, o), b in delen.items()],
        regel=Toewijzing.Regel.AANWIJZING if split.aangewezen else Toewijzing.Regel.OUDSTE,
        aanwijzing=_aanwijzing_tekst(aanwijzing),
    )


def _regels_toewijzing(ontvangst: Ontvangst, dossier: Dossier, v: _Verdeling) -> list:
    R = ledger.rekening
    client = dossier.client
    opbrengst = v.provisie - v.btw
    if ontvangst.bron == Ontvangst.Bron.DIRECT:
        # The debtor paid the client: only the commission the client now owes the agency is booked.
        return [
            (R("provisie_te_verrekenen", client=client), v.provisie),
            (R("provisie_opbrengst"), -opbrengst),
            (R("btw_af_te_dragen"), -v.btw),
        ]
    regels = [
        (R("ongealloceerd"), ontvangst.bedrag),
        (R("verschuldigd_aan_client", client=client), -v.naar_client),
        (R("provisie_nog_over_te_boeken"), -v.provisie),
        (R("vordering_op_derdengelden"), v.provisie),
        (R("provisie_opbrengst"), -opbrengst),
        (R("btw_af_te_dragen"), -v.btw),
    ]
    if v.kosten:
        regels += [
            (R("kosten_nog_over_te_boeken"), -v.kosten),
            (R("deurwaarderskosten", dossier=dossier), v.kosten),
            (R("te_ontvangen_debiteur", dossier=dossier), -v.kosten),
        ]
    return regels


# --- Receipts --------------------------------------------------------------------------------------------


def _ontvangst_boek(ontvangst: Ontvangst, *, actor=None) -> None:
    """Dr bank_derdengelden / Cr ongealloceerd for money that reached the client-money account."""
    post = ledger.journaalpost_boek(
        datum=ontvangst.datum,
        omschrijving=f"Ontvangst {ontvangst.omschrijving}".strip()[:300],
        regels=[
            (ledger.rekening("bank_derdengelden"), ontvangst.bedrag),
            (ledger.rekening("ongealloceerd"), -ontvangst.bedrag),
        ],
        bron_type=ontvangst.bron_type or ontvangst.bron,
        bron_id=ontvangst.bron_id or ontvangst.pk,
        sleutel=f"ontvangst:{ontvangst.pk}",
        actor=actor,
    )
    ontvangst.post = post
    ontvangst.save(update_fields=["post"])


def _ontvangst_van_bankregel(regel: Bankregel) -> Ontvangst:
    """The (unsaved) receipt of a credited bank line: one shape for the single and the block import."""
    omschrijving = " ".join(x for x in (regel.tegenpartij, regel.kenmerk, regel.omschrijving) if x)
    return Ontvangst(
        bron=Ontvangst.Bron.BANK,
        bron_type="bankregel",
        bron_id=str(regel.pk),
        bankregel=regel,
        datum=regel.datum,
        bedrag=regel.bedrag,
        omschrijving=omschrijving[:300],
        sleutel=f"bankregel:{regel.pk}",
    )


@transaction.atomic
def ontvangst_bank_registreer(*, bankregel: Bankregel, actor=None) -> Ontvangst:
    """A credited bank line becomes a receipt waiting for a match (idempotent per bank line)."""
    bestaand = Ontvangst.objects.filter(bankregel=bankregel).first()
    if bestaand is not None:
        return bestaand
    ontvangst = _ontvangst_van_bankregel(bankregel)
    ontvangst.save()
    _ontvangst_boek(ontvangst, actor=actor)
    return ontvangst


@transaction.atomic
def ontvangst_registreer(
    *,
    dossier: Dossier,
    bedrag: Decimal,
    datum: date,
    bron_type: str,
    bron_id: str | int,
    omschrijving: str,
    actor=None,
    sleutel: str,
) -> Ontvangst:
    """Money for ``dossier`` that reached the client-money account other than through an imported bank
    statement line (e.g. a bailiff passing on what a garnishment yielded). Booked, matched to the dossier
    and allocated at once; idempotent by ``sleutel``. Use it only for money that will not also be imported
    from a statement, or it is counted twice."""
    bedrag = rond_af(bedrag)
    if bedrag <= 0:
        raise GeldFout("Het bedrag van een ontvangst moet groter zijn dan nul.")
    bestaand = Ontvangst.objects.filter(sleutel=f"extern:{sleutel}").first()
    if bestaand is not None:
        return bestaand
    bron = (
        Ontvangst.Bron.DEURWAARDER
        if bron_type.startswith(("deurwaarder", "beslag"))
        else Ontvangst.Bron.OVERIG
    )
    ontvangst = Ontvangst.objects.create(
        bron=bron,
        bron_type=bron_type[:40],
        bron_id=str(bron_id)[:64],
        datum=datum,
        bedrag=bedrag,
        omschrijving=omschrijving[:300],
        sleutel=f"extern:{sleutel}"[:120],
    )
    _ontvangst_boek(ontvangst, actor=actor)
    ontvangst_koppel(ontvangst=ontvangst, dossier=dossier, actor=actor, automatisch=True)
    ontvangst.refresh_from_db()
    return ontvangst


@transaction.atomic
def ontvangst_koppel(
    *, ontvangst: Ontvangst, dossier: Dossier, actor=None, automatisch: bool = False
) -> Toewijzing:
    """Match a waiting receipt to ``dossier``: allocate it and book client share and commission."""
    dossier = Dossier.objects.select_for_update().select_related("client").get(pk=dossier.pk)
    ontvangst = Ontvangst.objects.select_for_update().get(pk=ontvangst.pk)
    if ontvangst.status == Ontvangst.Status.TERUGGEBOEKT:
        raise GeldFout("Deze ontvangst is teruggeboekt en kan niet meer worden gekoppeld.")
    if ontvangst.status == Ontvangst.Status.GEMATCHT:
        raise GeldFout("Deze ontvangst is al gekoppeld aan een dossier. Maak die koppeling eerst ongedaan.")
    voor_opdracht = _voor_de_opdracht(ontvangst, dossier)
    v = _verdeel(
        dossier=dossier,
        bedrag=ontvangst.bedrag,
        datum=ontvangst.datum,
        met_kosten=ontvangst.bron != Ontvangst.Bron.DIRECT,
        omschrijving=ontvangst.omschrijving,
        met_provisie=not voor_opdracht,
    )
    volgnummer = ontvangst.toewijzingen.count() + 1
    regels = _regels_toewijzing(ontvangst, dossier, v)
    post = None
    if sum(1 for _, b in regels if b) >= 2:
        post = ledger.journaalpost_boek(
            datum=ontvangst.datum,
            omschrijving=f"Toerekening ontvangst {ontvangst.bedrag} aan dossier {dossier.nummer}",
            regels=regels,
            bron_type="toewijzing",
            bron_id=ontvangst.pk,
            sleutel=f"toewijzing:{ontvangst.pk}:{volgnummer}",
            actor=actor,
        )
    toewijzing = Toewijzing.objects.create(
        ontvangst=ontvangst,
        dossier=dossier,
        post=post,
        provisie=v.provisie,
        btw=v.btw,
        naar_client=v.naar_client,
        kosten=v.kosten,
        rente=v.rente,
        regel=v.regel,
        aanwijzing=v.aanwijzing,
        automatisch=automatisch,
        door=actor,
    )
    Toerekening.objects.bulk_create(
        [
            Toerekening(toewijzing=toewijzing, soort=s, vervaldatum=vd, omschrijving=o, bedrag=b)
            for s, vd, o, b in v.delen
        ]
    )
    ontvangst.status = Ontvangst.Status.GEMATCHT
    ontvangst.dossier = dossier
    ontvangst.suggestie = None
    ontvangst.suggestie_reden = ""
    ontvangst.save(update_fields=["status", "dossier", "suggestie", "suggestie_reden"])
    tekst = f"Betaling van {euro(ontvangst.bedrag)} ontvangen ({ontvangst.datum:%d-%m-%Y})."
    if voor_opdracht:
        tekst += " Betaald vóór de opdracht: telt mee voor de achterstand, zonder provisie."
    _tijdlijn(dossier, ontvangst, actor, tekst)
    return toewijzing


def _tijdlijn(dossier: Dossier, ontvangst: Ontvangst, actor, tekst: str, *, soort: str = "betaling") -> None:
    from dossiers.services import tijdlijn_voeg_toe

    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=soort,
        tekst=tekst,
        actor=actor,
        sleutel=f"ontvangst:{ontvangst.pk}:{ontvangst.toewijzingen.count()}:{ontvangst.status}"[:100],
    )


def _live_toewijzing_ongedaan(ontvangst: Ontvangst, *, actor, datum: date) -> Toewijzing | None:
    toewijzing = ontvangst.toewijzingen.filter(ongedaan_op__isnull=True).select_related("post").first()
    if toewijzing is None:
        return None
    if toewijzing.post is not None:
        ledger.journaalpost_tegenboek(
            post=toewijzing.post,
            datum=datum,
            omschrijving=f"Koppeling ongedaan: ontvangst {ontvangst.bedrag}",
            actor=actor,
            bron_type="toewijzing_ongedaan",
            bron_id=toewijzing.pk,
        )
    toewijzing.ongedaan_op = timezone.now()
    toewijzing.ongedaan_door = actor
    toewijzing.save(update_fields=["ongedaan_op", "ongedaan_door"])
    return toewijzing


@transaction.atomic
def ontvangst_ontkoppel(*, ontvangst: Ontvangst, actor=None, datum: date | None = None) -> Ontvangst:
    """Undo a match: the allocation entry is reversed and the receipt returns to the queue. A direct payment
    has no queue to return to: reverse it with ``ontvangst_terugboek``."""
    if ontvangst.dossier_id:
        Dossier.objects.select_for_update().filter(pk=ontvangst.dossier_id).first()
    ontvangst = Ontvangst.objects.select_for_update().get(pk=ontvangst.pk)
    if ontvangst.status != Ontvangst.Status.GEMATCHT:
        raise GeldFout("Deze ontvangst is niet gekoppeld.")
    if ontvangst.bron == Ontvangst.Bron.DIRECT:
        raise GeldFout("Een rechtstreekse betaling kan alleen in zijn geheel worden teruggeboekt.")
    dossier = ontvangst.dossier
    _live_toewijzing_ongedaan(ontvangst, actor=actor, datum=datum or timezone.localdate())
    ontvangst.status = Ontvangst.Status.ONGEMATCHT
    ontvangst.dossier = None
    ontvangst.save(update_fields=["status", "dossier"])
    _tijdlijn(
        dossier, ontvangst, actor, f"Koppeling van de betaling van {ontvangst.bedrag} ongedaan gemaakt."
    )
    return ontvangst


@transaction.atomic
def ontvangst_terugboek(
    *,
    ontvangst: Ontvangst,
    actor=None,
    datum: date | None = None,
    bron_type: str = "",
    bron_id: str | int = "",
) -> Ontvangst:
    """Reverse a receipt entirely (a bank return or chargeback, or a direct payment booked in error): the
    match is undone and the receipt's own entry reversed. Idempotent."""
    if ontvangst.dossier_id:
        Dossier.objects.select_for_update().filter(pk=ontvangst.dossier_id).first()
    ontvangst = Ontvangst.objects.select_for_update(of=("self",)).select_related("post").get(pk=ontvangst.pk)
    if ontvangst.status == Ontvangst.Status.TERUGGEBOEKT:
        return ontvangst
    datum = datum or timezone.localdate()
    dossier = ontvangst.dossier
    _live_toewijzing_ongedaan(ontvangst, actor=actor, datum=datum)
    if ontvangst.post is not None:
        ledger.journaalpost_tegenboek(
            post=ontvangst.post,
            datum=datum,
            omschrijving=f"Terugboeking ontvangst {ontvangst.bedrag}",
            actor=actor,
            bron_type=bron_type or "terugboeking",
            bron_id=bron_id or ontvangst.pk,
        )
    ontvangst.status = Ontvangst.Status.TERUGGEBOEKT
    ontvangst.dossier = None
    ontvangst.save(update_fields=["status", "dossier"])
    if dossier is not None:
        _tijdlijn(dossier, ontvangst, actor, f"Betaling van {euro(ontvangst.bedrag)} teruggeboekt.")
    return ontvangst


# --- Bailiff costs ---------------------------------------------------------------------------------------


@transaction.atomic
def kosten_registreer(
    *, dossier: Dossier, bedrag: Decimal, datum: date, omschrijving: str, sleutel: str, actor=None
) -> Kostenpost:
    """Bailiff costs charged to the debtor: recovered first from later receipts (art. 6:44 BW), without
    commission. Idempotent by ``sleutel``."""
    bedrag = rond_af(bedrag)
    if bedrag <= 0:
        raise GeldFout("Kosten moeten groter zijn dan nul.")
    bestaand = Kostenpost.objects.filter(sleutel=sleutel).first()
    if bestaand is not None:
        return bestaand
    post = ledger.journaalpost_boek(
        datum=datum,
        omschrijving=f"Kosten ten laste van de debiteur: {omschrijving}"[:300],
        regels=[
            (ledger.rekening("te_ontvangen_debiteur", dossier=dossier), bedrag),
            (ledger.rekening("deurwaarderskosten", dossier=dossier), -bedrag),
        ],
        bron_type="kostenpost",
        bron_id=sleutel[:64],
        sleutel=f"kosten:{sleutel}"[:120],
        actor=actor,
    )
    return Kostenpost.objects.create(
        dossier=dossier,
        datum=datum,
        bedrag=bedrag,
        omschrijving=omschrijving[:300],
        post=post,
        sleutel=sleutel,
    )


# --- Direct payments -------------------------------------------------------------------------------------


@transaction.atomic
def directe_betaling_meld(
    *, dossier: Dossier, datum: date, bedrag: Decimal, toelichting: str = "", bewijs=None, actor=None
) -> DirecteBetaling:
    """A client reports that the debtor paid them directly; it waits for a case manager."""
    bedrag = rond_af(bedrag)
    if bedrag <= 0:
        raise GeldFout("Het bedrag moet groter zijn dan nul.")
    if datum > timezone.localdate():
        raise GeldFout("De datum van de betaling ligt in de toekomst.")
    melding = DirecteBetaling.objects.create(
        dossier=dossier, datum=datum, bedrag=bedrag, toelichting=toelichting, bewijs=bewijs, gemeld_door=actor
    )
    from dossiers.services import tijdlijn_voeg_toe

    tijdlijn_voeg_toe(
        dossier=dossier,
        soort="betaling",
        tekst=f"De cliënt meldt een rechtstreekse betaling van {bedrag} op {datum:%d-%m-%Y}.",
        actor=actor,
        document=bewijs,
        sleutel=f"directe_betaling:{melding.pk}:gemeld",
    )
    return melding


def _claim_melding(melding: DirecteBetaling, nieuwe_status: str, actor) -> DirecteBetaling:
    """Compare-and-set: only a reported (``gemeld``) payment can be confirmed or rejected, once."""
    gewijzigd = DirecteBetaling.objects.filter(pk=melding.pk, status=DirecteBetaling.Status.GEMELD).update(
        status=nieuwe_status, beoordeeld_door=actor, beoordeeld_op=timezone.now()
    )
    if gewijzigd != 1:
        raise GeldFout("Deze melding is al beoordeeld.")
    return DirecteBetaling.objects.select_related("dossier").get(pk=melding.pk)


@transaction.atomic
def directe_betaling_bevestig(*, melding: DirecteBetaling, actor=None) -> Ontvangst:
    """Confirm a reported direct payment: it is allocated like any receipt and the client owes commission
    (``provisie_te_verrekenen``), set off against the next payout or invoiced."""
    melding = _claim_melding(melding, DirecteBetaling.Status.BEVESTIGD, actor)
    ontvangst = Ontvangst.objects.create(
        bron=Ontvangst.Bron.DIRECT,
        bron_type="directe_betaling",
        bron_id=str(melding.pk),
        datum=melding.datum,
        bedrag=melding.bedrag,
        omschrijving=f"Rechtstreeks aan cliënt betaald ({melding.dossier.nummer})",
        sleutel=f"directe_betaling:{melding.pk}",
    )
    ontvangst_koppel(ontvangst=ontvangst, dossier=melding.dossier, actor=actor)
    melding.ontvangst = ontvangst
    melding.save(update_fields=["ontvangst"])
    ontvangst.refresh_from_db()
    return ontvangst


@transaction.atomic
def directe_betaling_wijs_af(*, melding: DirecteBetaling, reden: str, actor=None) -> DirecteBetaling:
    if not reden.strip():
        raise GeldFout("Geef een reden voor de afwijzing.")
    melding = _claim_melding(melding, DirecteBetaling.Status.AFGEWEZEN, actor)
    melding.reden = reden
    melding.save(update_fields=["reden"])
    return melding


# --- For the payout app -----------------------------------------------------------------------------------


@transaction.atomic
def provisie_verreken(
    *,
    client: Client,
    bedrag: Decimal,
    datum: date,
    bron_type: str,
    bron_id: str | int,
    sleutel: str,
    actor=None,
) -> Journaalpost:
    """Set off ``bedrag`` of commission the client owes (direct payments) against what the agency owes the
    client: the money stays in the client-money account but now belongs to the agency. Idempotent by
    ``sleutel``. The caller decides the amount (at most both balances)."""
    bedrag = rond_af(bedrag)
    if bedrag <= 0:
        raise GeldFout("Het te verrekenen bedrag moet groter zijn dan nul.")
    R = ledger.rekening
    return ledger.journaalpost_boek(
        datum=datum,
        omschrijving=f"Verrekening provisie met uitbetaling aan {client.naam}"[:300],
        regels=[
            (R("verschuldigd_aan_client", client=client), bedrag),
            (R("provisie_nog_over_te_boeken"), -bedrag),
            (R("vordering_op_derdengelden"), bedrag),
            (R("provisie_te_verrekenen", client=client), -bedrag),
        ],
        bron_type=bron_type,
        bron_id=bron_id,
        sleutel=sleutel,
        actor=actor,
    )


# --- Bank statements ---------------------------------------------------------------------------------------


@dataclass
class Importresultaat:
    regels: int = 0
    nieuw: int = 0
    al_bekend: int = 0
    gematcht: int = 0
    ongematcht: int = 0

    def als_dict(self) -> dict[str, int]:
        return {
            "regels": self.regels,
            "nieuw": self.nieuw,
            "al_bekend": self.al_bekend,
            "gematcht": self.gematcht,
            "ongematcht": self.ongematcht,
        }


def bankafschrift_maak(*, bestandsnaam: str, inhoud: bytes, actor=None) -> Bankafschrift:
    """Check a statement file completely and store it for processing. A defective file, or a statement of
    an account that is not the agency's own (``selectors.eigen_rekeningen``), raises
    ``inning.bank.BestandFout`` (line + Dutch reason) and stores nothing."""
    from .selectors import eigen_rekeningen

    bestand = bankbestand_controleer(inhoud)  # one streaming pass: the file is checked, not held
    if bestand.iban not in eigen_rekeningen():
        raise BestandFout(
            f"Rekening {bestand.iban} is geen eigen rekening van het bureau. Alleen afschriften van de eigen "
            "rekeningen worden ingelezen; een beheerder voegt een rekening toe onder Beheer › Eigen rekeningen."
        )
    return Bankafschrift.objects.create(
        bestandsnaam=bestandsnaam[:200],
        inhoud=inhoud,
        formaat=bestand.formaat,
        iban=bestand.iban,
        afschrift_id=bestand.afschrift_id[:100],
        eindsaldo=bestand.eindsaldo,
        eindsaldo_datum=bestand.eindsaldo_datum,
        regels_totaal=bestand.aantal,
        geupload_door=actor,
    )


def _terug_te_boeken(regel: Bankregel) -> Ontvangst | None:
    """The receipt a debit line returns (a SEPA return or chargeback): same end-to-end id, else the latest
    live receipt of the same amount from the same account."""
    kandidaten = Ontvangst.objects.filter(bron=Ontvangst.Bron.BANK, bedrag=-regel.bedrag).exclude(
        status=Ontvangst.Status.TERUGGEBOEKT
    )
    if regel.end_to_end_id:
        gevonden = (
            kandidaten.filter(bankregel__end_to_end_id=regel.end_to_end_id).order_by("-datum", "-id").first()
        )
        if gevonden is not None:
            return gevonden
    if regel.tegenrekening:
        return (
            kandidaten.filter(bankregel__tegenrekening=regel.tegenrekening, datum__lte=regel.datum)
            .order_by("-datum", "-id")
            .first()
        )
    return None


def _eigen_uitbetaling(regel: Bankregel) -> bool:
    """One of our payouts (its end-to-end id and amount): the payout app marks it "uitgevoerd"."""
    from uitbetaling.uitvoering import uitbetaling_uitgevoerd  # the payout app builds on this one

    return uitbetaling_uitgevoerd(regel=regel) is not None


def _afschrijving_verwerk(regel: Bankregel, *, actor) -> str:
    """A debit line: the return of a receipt (reversed), one of our payouts (already booked) or unknown."""
    terug = _terug_te_boeken(regel)
    if terug is not None:
        ontvangst_terugboek(
            ontvangst=terug, actor=actor, datum=regel.datum, bron_type="bankregel", bron_id=regel.pk
        )
        regel.verwerking = Bankregel.Verwerking.TERUGBOEKING
    elif _eigen_uitbetaling(regel):
        regel.verwerking = Bankregel.Verwerking.UITBETALING
    else:
        regel.verwerking = Bankregel.Verwerking.ONBEKEND
    regel.save(update_fields=["verwerking"])
    return "ongematcht" if regel.verwerking == Bankregel.Verwerking.ONBEKEND else "gematcht"


@dataclass
class _Blokcontext:
    """What a block of credits needs to allocate its receipts without a query per receipt: the open costs,
    the payments so far and the input of the arrears statement of every matched dossier, and the commission
    rate per date. Kept up to date as the block allocates, so each receipt sees the ones before it."""

    dossiers: dict
    invoer: dict
    betalingen: dict
    kosten: dict
    tarieven: dict
    rente_betaald: dict  # only the dossiers that claim statutory interest
    rente_tarieven: list | None = None

    def tarief(self, datum: date):
        if datum not in self.tarieven:
            self.tarieven[datum] = provisie_tarief(datum)
        return self.tarieven[datum]


def _blokcontext(dossier_ids: list[int]) -> _Blokcontext:
    from django.db.models import Sum

    from .achterstand import achterstand_invoer_laad
    from .models import Journaalregel
    from .selectors import dossiers_betalingen, dossiers_rente_betaald

    ids = sorted(set(dossier_ids))
    # Lock order dossier → receipt, as in ontvangst_koppel (the receipts are new rows of this transaction).
    dossiers = {
        d.pk: d
        for d in Dossier.objects.select_for_update()
        .select_related("client")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    for pk in ids:
        if pk not in dossiers:
            raise Dossier.DoesNotExist(f"Dossier {pk} bestaat niet.")
    met_rente = [pk for pk, d in dossiers.items() if d.wettelijke_rente]  # dossiers claiming interest
    kosten = dict.fromkeys(ids, NUL)
    for d_id, som in (
        Journaalregel.objects.filter(rekening__code="te_ontvangen_debiteur", rekening__dossier_id__in=ids)
        .values("rekening__dossier_id")
        .annotate(s=Sum("bedrag"))
        .values_list("rekening__dossier_id", "s")
    ):
        kosten[d_id] = rond_af(som or NUL)
    return _Blokcontext(
        dossiers=dossiers,
        invoer=achterstand_invoer_laad(dossier_ids=ids),
        betalingen=dossiers_betalingen(dossier_ids=ids, met_aanwijzing=True),
        kosten=kosten,
        tarieven={},
        rente_betaald=dossiers_rente_betaald(dossier_ids=met_rente) if met_rente else {},
    )


def _termijnen_voor(ctx: _Blokcontext, rekenaar, dossier_id: int, datum: date) -> list[OpenTermijn]:
    """``_open_termijnen`` from the block's preloaded input (same result, same fallback on a table gap)."""
    try:
        open_ = rekenaar.open_termijnen(
            invoer=ctx.invoer[dossier_id], betalingen=ctx.betalingen[dossier_id], peildatum=datum
        )
    except (TariefOntbreekt, OngeldigeInvoer) as fout:
        logger.warning("toerekening zonder termijnen voor dossier %s: %s", dossier_id, fout)
        return []
    return [
        OpenTermijn(
            sleutel=(t.vervaldatum, t.omschrijving),
            vervaldatum=t.vervaldatum,
            open=o,
            verjaringseinde=e,
            maand=_maand(t.vervaldatum, t.verplichting),
        )
        for t, o, e in open_
    ]


def _rente_voor(ctx: _Blokcontext, rekenaar, dossier_id: int, datum: date) -> Decimal:
    """``_open_rente`` from the block's preloaded input (same result, same fallback on a table gap)."""
    if dossier_id not in ctx.rente_betaald:
        return NUL
    from tarieven.selectors import wettelijke_rente_tabel

    from .achterstand import rente_open

    if ctx.rente_tarieven is None:
        ctx.rente_tarieven = wettelijke_rente_tabel()
    try:
        return rente_open(
            invoer=ctx.invoer[dossier_id],
            betalingen=ctx.betalingen[dossier_id],
            rente_betaald=ctx.rente_betaald[dossier_id],
            peildatum=datum,
            indexatie=rekenaar.indexatie,
            tarieven=ctx.rente_tarieven,
        )
    except (TariefOntbreekt, OngeldigeInvoer) as fout:
        logger.warning("toerekening zonder rente voor dossier %s: %s", dossier_id, fout)
        return NUL


def _ontvangsten_boek(regels: list[Bankregel], *, matcher, rekenaar, actor) -> list[str]:
    """Book a run of credit lines at once: what ``ontvangst_bank_registreer`` + ``ontvangst_koppel`` (or the
    suggestion) do per line, with the same rows, keys, amounts and texts, in a fixed number of queries.
    Receipts are allocated in file order, each after the ones before it (same dossier, same block)."""
    from dossiers.models import TijdlijnGebeurtenis

    uitkomsten = matcher.zoek_alle(regels)
    gematcht_ids = [u.dossier_id for u in uitkomsten if u.dossier_id is not None]
    ctx = _blokcontext(gematcht_ids) if gematcht_ids else None
    ontvangsten: list[Ontvangst] = []
    verdelingen: list[_Verdeling | None] = []
    for regel, uitkomst in zip(regels, uitkomsten, strict=True):
        o = _ontvangst_van_bankregel(regel)
        v = None
        if uitkomst.dossier_id is not None:
            d_id = uitkomst.dossier_id
            bedrag = rond_af(regel.bedrag)
            try:
                v = _verdeel_over(
                    bedrag=bedrag,
                    datum=regel.datum,
                    termijnen=_termijnen_voor(ctx, rekenaar, d_id, regel.datum),
                    open_kosten=ctx.kosten[d_id],
                    open_rente=_rente_voor(ctx, rekenaar, d_id, regel.datum),
                    tarief=ctx.tarief(regel.datum),
                    omschrijving=o.omschrijving,
                )
            except (ValidationError, TariefOntbreekt) as fout:  # e.g. no commission rate for that date
                logger.warning("automatisch koppelen van bankregel %s mislukt: %s", regel.pk, fout)
                uitkomst = replace(uitkomst, suggestie_id=d_id, reden=str(fout)[:200])
            else:
                o.status = Ontvangst.Status.GEMATCHT
                o.dossier = ctx.dossiers[d_id]
                ctx.kosten[d_id] -= v.kosten
                if v.rente:
                    ctx.rente_betaald[d_id] += v.rente
                if bedrag - v.kosten - v.rente > 0:  # what ``dossier_betalingen`` will list for it
                    ctx.betalingen[d_id].append(
                        (regel.datum, rond_af(bedrag - v.kosten - v.rente), aanwijzing_lees(o.omschrijving))
                    )
        if v is None and uitkomst.suggestie_id is not None:
            o.suggestie_id = uitkomst.suggestie_id
            o.suggestie_reden = uitkomst.reden[:200]
        ontvangsten.append(o)
        verdelingen.append(v)
    Ontvangst.objects.bulk_create(ontvangsten)

    R = ledger.rekening
    # The accounts of the receipts that were allocated (a failed match creates none, as before).
    ledger.rekeningen_laad(
        "verschuldigd_aan_client",
        clients=[o.dossier.client_id for o, v in zip(ontvangsten, verdelingen, strict=True) if v is not None],
    )
    if any(v is not None and v.kosten for v in verdelingen):
        met_kosten = [o.dossier_id for o, v in zip(ontvangsten, verdelingen, strict=True) if v and v.kosten]
        ledger.rekeningen_laad("deurwaarderskosten", dossiers=met_kosten)
        ledger.rekeningen_laad("te_ontvangen_debiteur", dossiers=met_kosten)
    boekingen: list[ledger.Boeking] = []
    ontvangst_boeking: list[int] = []  # per receipt: the index of its own entry in boekingen
    toewijzing_boeking: dict[int, int] = {}  # index in ontvangsten → index of its allocation entry
    for i, (o, v) in enumerate(zip(ontvangsten, verdelingen, strict=True)):
        ontvangst_boeking.append(len(boekingen))
        boekingen.append(
            ledger.Boeking(
                datum=o.datum,
                omschrijving=f"Ontvangst {o.omschrijving}".strip()[:300],
                regels=[(R("bank_derdengelden"), o.bedrag), (R("ongealloceerd"), -o.bedrag)],
                bron_type=o.bron_type,
                bron_id=o.bron_id,
                sleutel=f"ontvangst:{o.pk}",
                actor=actor,
            )
        )
        if v is None:
            continue
        o.bedrag = rond_af(o.bedrag)  # as ontvangst_koppel reads it back from the database
        regels_t = _regels_toewijzing(o, o.dossier, v)
        if sum(1 for _, b in regels_t if b) >= 2:
            toewijzing_boeking[i] = len(boekingen)
            boekingen.append(
                ledger.Boeking(
                    datum=o.datum,
                    omschrijving=f"Toerekening ontvangst {o.bedrag} aan dossier {o.dossier.nummer}",
                    regels=regels_t,
                    bron_type="toewijzing",
                    bron_id=o.pk,
                    sleutel=f"toewijzing:{o.pk}:1",
                    actor=actor,
                )
            )
    posten = ledger.journaalposten_boek(boekingen)
    for o, p in zip(ontvangsten, ontvangst_boeking, strict=True):
        o.post = posten[p]
    _post_zet(ontvangsten)

    toewijzingen: list[Toewijzing] = []
    delen: list[list] = []
    for i, (o, v) in enumerate(zip(ontvangsten, verdelingen, strict=True)):
        if v is None:
            continue
        toewijzingen.append(
            Toewijzing(
                ontvangst=o,
                dossier=o.dossier,
                post=posten[toewijzing_boeking[i]] if i in toewijzing_boeking else None,
                provisie=v.provisie,
                btw=v.btw,
                naar_client=v.naar_client,
                kosten=v.kosten,
                rente=v.rente,
                regel=v.regel,
                aanwijzing=v.aanwijzing,
                automatisch=True,
                door=actor,
            )
        )
        delen.append(v.delen)
    Toewijzing.objects.bulk_create(toewijzingen)
    rijen_invoegen(
        Toerekening,
        ["toewijzing_id", "soort", "vervaldatum", "omschrijving", "bedrag"],
        [(t.pk, s, vd, om, b) for t, dd in zip(toewijzingen, delen, strict=True) for s, vd, om, b in dd],
    )
    # The timeline, as ``_tijdlijn`` → ``tijdlijn_voeg_toe`` records it (new receipts: no event exists yet).
    nu = timezone.now()
    actor_id = getattr(actor, "pk", None)
    rijen_invoegen(
        TijdlijnGebeurtenis,
        ["dossier_id", "soort", "op", "actor_id", "tekst", "intern", "document_id", "sleutel"],
        [
            (
                t.dossier_id,
                "betaling",
                nu,
                actor_id,
                f"Betaling van {euro(t.ontvangst.bedrag)} ontvangen ({t.ontvangst.datum:%d-%m-%Y}).",
                False,
                None,
                f"ontvangst:{t.ontvangst.pk}:1:{Ontvangst.Status.GEMATCHT}"[:100],
            )
            for t in toewijzingen
        ],
    )
    if toewijzingen:
        Dossier.objects.filter(pk__in={t.dossier_id for t in toewijzingen}).update(laatste_gebeurtenis_op=nu)
    return ["gematcht" if v is not None else "ongematcht" for v in verdelingen]


def _bankregel_verwerk(gegevens, *, iban: str, afschrift: Bankafschrift, matcher, actor) -> str | None:
    """Store and book one line (a block of one). Returns "gematcht", "ongematcht", or None when the line was
    already known."""
    from .achterstand import OpenTermijnenRekenaar

    with transaction.atomic():
        uitkomsten = _blok_verwerk(
            [gegevens],
            iban=iban,
            afschrift=afschrift,
            matcher=matcher,
            rekenaar=OpenTermijnenRekenaar(tot=gegevens.datum),
            actor=actor,
        )
    return uitkomsten[0] if uitkomsten else None


def _post_zet(ontvangsten: list[Ontvangst]) -> None:
    """Store each new receipt's entry: one UPDATE on PostgreSQL (bulk_update's CASE per row is quadratic)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        Ontvangst.objects.bulk_update(ontvangsten, ["post"], batch_size=500)
        return
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE inning_ontvangst o SET post_id = v.post FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, post)"
            " WHERE o.id = v.id",
            [[o.pk for o in ontvangsten], [o.post_id for o in ontvangsten]],
        )


def _rekening_vergrendel(iban: str) -> None:
    """Serialise imports of one bank account (a task delivered twice, a rerun beside a crashed run): the
    second waits, then finds the first one's lines known. SQLite serialises writers by itself."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"bankafschrift:{iban}"])


def _blok_verwerk(blok, *, iban: str, afschrift: Bankafschrift, matcher, rekenaar, actor) -> list[str]:
    """Store the unknown lines of one block and book them in file order: runs of credits at once, each
    debit on its own (it may reverse a receipt booked just before it). Returns one outcome per new line."""
    _rekening_vergrendel(iban)
    bekend = set(
        Bankregel.objects.filter(iban=iban, referentie__in=[g.referentie[:140] for g in blok]).values_list(
            "referentie", flat=True
        )
    )
    regels = Bankregel.objects.bulk_create(
        [
            Bankregel(
                afschrift=afschrift,
                iban=iban,
                referentie=g.referentie[:140],
                datum=g.datum,
                bedrag=g.bedrag,
                tegenrekening=g.tegenrekening,
                tegenpartij=g.tegenpartij,
                omschrijving=g.omschrijving,
                kenmerk=g.kenmerk,
                end_to_end_id=g.end_to_end_id,
            )
            for g in blok
            if g.referentie[:140] not in bekend
        ]
    )
    uitkomsten: list[str] = []
    credits: list[Bankregel] = []
    for regel in regels:
        if regel.bedrag > 0:
            credits.append(regel)
            continue
        if credits:
            uitkomsten += _ontvangsten_boek(credits, matcher=matcher, rekenaar=rekenaar, actor=actor)
            credits = []
        uitkomsten.append(_afschrijving_verwerk(regel, actor=actor))
    if credits:
        uitkomsten += _ontvangsten_boek(credits, matcher=matcher, rekenaar=rekenaar, actor=actor)
    return uitkomsten


def bankafschrift_verwerk(*, afschrift_id: int, actor=None, blokgrootte: int = 1000) -> dict[str, int]:
    """Book every line of a stored statement, in blocks of ``blokgrootte`` lines (one transaction each, so
    the progress shows while it runs). Idempotent: lines already known (account + reference) are skipped,
    so a rerun after a crash completes the import without booking anything twice."""
    from .matching import Matcher

    Bankafschrift.objects.filter(pk=afschrift_id, status=Bankafschrift.Status.WACHTEND).update(
        status=Bankafschrift.Status.BEZIG
    )
    afschrift = Bankafschrift.objects.defer("inhoud").get(pk=afschrift_id)
    if afschrift.status != Bankafschrift.Status.BEZIG:
        return afschrift.resultaat  # done (or rejected) before
    resultaat = Importresultaat()
    try:
        # The file once in memory (as bytes, the parsers stream over it without copies), checked whole in a
        # first pass before anything is booked; the second pass hands over one block at a time.
        inhoud = bytes(Bankafschrift.objects.values_list("inhoud", flat=True).get(pk=afschrift_id))
        kop = bankbestand_controleer(inhoud)
        resultaat.regels = kop.aantal
        with ledger.rekeningen_onthouden():
            _blokken_verwerk(
                inhoud, kop, afschrift, resultaat, matcher=Matcher(), actor=actor, blokgrootte=blokgrootte
            )
    except Exception as fout:
        # Whatever went wrong, the statement does not stay "bezig": it says what happened, and the blocks
        # booked before the error stay booked (a rerun skips them, see ``bankafschrift_opnieuw``).
        logger.exception("bankafschrift %s: verwerking afgebroken", afschrift_id)
        _afschrift_mislukt(afschrift_id, fout, resultaat)
        return {**resultaat.als_dict(), "fout": _foutmelding(fout)}
    Bankafschrift.objects.filter(pk=afschrift_id, status=Bankafschrift.Status.BEZIG).update(
        status=Bankafschrift.Status.KLAAR,
        resultaat=resultaat.als_dict(),
        regels_verwerkt=kop.aantal,
        fout="",
    )
    return resultaat.als_dict()


def _foutmelding(fout: Exception) -> str:
    if isinstance(fout, BestandFout | ValidationError):
        reden = "; ".join(fout.messages) if isinstance(fout, ValidationError) else str(fout)
    else:
        reden = "een onverwachte fout (de technische melding staat in het logboek)"
    return (
        f"De verwerking is afgebroken: {reden}. De regels die vóór de fout zijn geboekt blijven geboekt; "
        "opnieuw verwerken boekt niets dubbel."
    )


def _afschrift_mislukt(afschrift_id: int, fout: Exception, resultaat: Importresultaat) -> None:
    """Mark a statement whose booking stopped on an error (outside the failed block's transaction)."""
    Bankafschrift.objects.filter(pk=afschrift_id).update(
        status=Bankafschrift.Status.MISLUKT, fout=_foutmelding(fout), resultaat=resultaat.als_dict()
    )


@transaction.atomic
def bankafschrift_opnieuw(*, afschrift: Bankafschrift, actor=None) -> Bankafschrift:
    """Put a failed statement back in the queue (the caller queues ``bankafschrift_verwerk`` on commit).
    Lines booked before the error are known by account + reference, so nothing is booked twice."""
    gewijzigd = Bankafschrift.objects.filter(pk=afschrift.pk, status=Bankafschrift.Status.MISLUKT).update(
        status=Bankafschrift.Status.WACHTEND, fout=""
    )
    if gewijzigd != 1:
        raise GeldFout("Alleen een afschrift waarvan de verwerking is mislukt kan opnieuw worden verwerkt.")
    return Bankafschrift.objects.defer("inhoud").get(pk=afschrift.pk)


def _blokken_verwerk(
    inhoud: bytes, kop, afschrift: Bankafschrift, resultaat: Importresultaat, *, matcher, actor, blokgrootte
):
    from .achterstand import OpenTermijnenRekenaar

    # One schedule per dossier up to the statement's last date serves every receipt of the file.
    rekenaar = OpenTermijnenRekenaar(tot=kop.laatste_datum or timezone.localdate())
    start = 0
    for blok in bankregels_blokken(inhoud, kop, blokgrootte=blokgrootte):
        with transaction.atomic():
            rekenaar.ververs()
            uitkomsten = _blok_verwerk(
                blok, iban=kop.iban, afschrift=afschrift, matcher=matcher, rekenaar=rekenaar, actor=actor
            )
            resultaat.al_bekend += len(blok) - len(uitkomsten)
            resultaat.nieuw += len(uitkomsten)
            for uitkomst in uitkomsten:
                setattr(resultaat, uitkomst, getattr(resultaat, uitkomst) + 1)
            Bankafschrift.objects.filter(pk=afschrift.pk).update(regels_verwerkt=start + len(blok))
        start += len(blok)
