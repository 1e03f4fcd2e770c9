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
from django.db import IntegrityError, transaction
from django.utils import timezone

from dossiers.models import Client, Dossier
from inning.recht.fouten import OngeldigeInvoer, TariefOntbreekt
from inning.recht.provisie import provisie_bereken
from inning.recht.toerekening import OpenTermijn, toereken_ontvangst
from nlai.geld import NUL, rond_af
from tarieven.selectors import provisie_tarief

from . import ledger
from .bank import lees_bankbestand
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
    provisie: Decimal
    btw: Decimal
    naar_client: Decimal
    delen: list[tuple[str, date | None, str, Decimal]]  # (soort, vervaldatum, omschrijving, bedrag)


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
        )
        for t in overzicht.termijnen
        if t.open > 0
    ]


def _verdeel(*, dossier: Dossier, bedrag: Decimal, datum: date, met_kosten: bool) -> _Verdeling:
    """Allocate one receipt (art. 6:43/6:44 BW via ``inning.recht.toerekening``) and compute commission on
    everything except the costs part (DOMAIN: bailiff costs recovered carry no commission). Statutory
    interest is not claimed through the ledger, so the interest part is always 0."""
    open_kosten = ledger.saldo("te_ontvangen_debiteur", dossier=dossier) if met_kosten else NUL
    split = toereken_ontvangst(
        bedrag=bedrag, datum=datum, termijnen=_open_termijnen(dossier, datum), kosten=max(NUL, open_kosten)
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
    tarief = provisie_tarief(datum)
    p = provisie_bereken(
        bedrag=bedrag - split.kosten, percentage=tarief.percentage, btw_percentage=tarief.btw_percentage
    )
    return _Verdeling(
        kosten=split.kosten,
        provisie=p.provisie,
        btw=p.waarvan_btw,
        naar_client=p.naar_client,
        delen=[(s, v, o, b) for (s, v, o), b in delen.items()],
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


@transaction.atomic
def ontvangst_bank_registreer(*, bankregel: Bankregel, actor=None) -> Ontvangst:
    """A credited bank line becomes a receipt waiting for a match (idempotent per bank line)."""
    bestaand = Ontvangst.objects.filter(bankregel=bankregel).first()
    if bestaand is not None:
        return bestaand
    omschrijving = " ".join(
        x for x in (bankregel.tegenpartij, bankregel.kenmerk, bankregel.omschrijving) if x
    )
    ontvangst = Ontvangst.objects.create(
        bron=Ontvangst.Bron.BANK,
        bron_type="bankregel",
        bron_id=str(bankregel.pk),
        bankregel=bankregel,
        datum=bankregel.datum,
        bedrag=bankregel.bedrag,
        omschrijving=omschrijving[:300],
        sleutel=f"bankregel:{bankregel.pk}",
    )
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
    v = _verdeel(
        dossier=dossier,
        bedrag=ontvangst.bedrag,
        datum=ontvangst.datum,
        met_kosten=ontvangst.bron != Ontvangst.Bron.DIRECT,
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
    _tijdlijn(
        dossier, ontvangst, actor, f"Betaling van {ontvangst.bedrag} ontvangen ({ontvangst.datum:%d-%m-%Y})."
    )
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
        _tijdlijn(dossier, ontvangst, actor, f"Betaling van {ontvangst.bedrag} teruggeboekt.")
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
    """Check a statement file completely and store it for processing. A defective file raises
    ``inning.bank.BestandFout`` (line + Dutch reason) and stores nothing."""
    bestand = lees_bankbestand(inhoud)
    return Bankafschrift.objects.create(
        bestandsnaam=bestandsnaam[:200],
        inhoud=inhoud,
        formaat=bestand.formaat,
        iban=bestand.iban,
        afschrift_id=bestand.afschrift_id[:100],
        eindsaldo=bestand.eindsaldo,
        eindsaldo_datum=bestand.eindsaldo_datum,
        regels_totaal=len(bestand.regels),
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


def _bankregel_verwerk(gegevens, *, iban: str, afschrift: Bankafschrift, matcher, actor) -> str | None:
    """Store and book one line. Returns "gematcht", "ongematcht", or None when the line was already known."""
    try:
        with transaction.atomic():
            regel = Bankregel.objects.create(
                afschrift=afschrift,
                iban=iban,
                referentie=gegevens.referentie[:140],
                datum=gegevens.datum,
                bedrag=gegevens.bedrag,
                tegenrekening=gegevens.tegenrekening,
                tegenpartij=gegevens.tegenpartij,
                omschrijving=gegevens.omschrijving,
                kenmerk=gegevens.kenmerk,
                end_to_end_id=gegevens.end_to_end_id,
            )
    except IntegrityError:
        return None  # imported concurrently by another run
    if regel.bedrag > 0:
        ontvangst = ontvangst_bank_registreer(bankregel=regel, actor=actor)
        uitkomst = matcher.zoek(
            kenmerk=regel.kenmerk,
            omschrijving=regel.omschrijving,
            iban=regel.tegenrekening,
            naam=regel.tegenpartij,
        )
        if uitkomst.dossier_id is not None:
            try:
                with transaction.atomic():
                    ontvangst_koppel(
                        ontvangst=ontvangst,
                        dossier=Dossier(pk=uitkomst.dossier_id),
                        actor=actor,
                        automatisch=True,
                    )
                return "gematcht"
            except (ValidationError, TariefOntbreekt) as fout:  # e.g. no commission rate for that date
                logger.warning("automatisch koppelen van ontvangst %s mislukt: %s", ontvangst.pk, fout)
                ledger.rekeningen_vergeet()
                uitkomst = replace(uitkomst, suggestie_id=uitkomst.dossier_id, reden=str(fout)[:200])
        if uitkomst.suggestie_id is not None:
            Ontvangst.objects.filter(pk=ontvangst.pk).update(
                suggestie_id=uitkomst.suggestie_id, suggestie_reden=uitkomst.reden[:200]
            )
        return "ongematcht"
    terug = _terug_te_boeken(regel)
    if terug is not None:
        ontvangst_terugboek(
            ontvangst=terug, actor=actor, datum=regel.datum, bron_type="bankregel", bron_id=regel.pk
        )
        regel.verwerking = Bankregel.Verwerking.TERUGBOEKING
    elif (
        regel.end_to_end_id
        and Journaalpost.objects.filter(
            bron_type__startswith="uitbetaling", bron_id=regel.end_to_end_id
        ).exists()
    ):
        regel.verwerking = Bankregel.Verwerking.UITBETALING
    else:
        regel.verwerking = Bankregel.Verwerking.ONBEKEND
    regel.save(update_fields=["verwerking"])
    return "ongematcht" if regel.verwerking == Bankregel.Verwerking.ONBEKEND else "gematcht"


def bankafschrift_verwerk(*, afschrift_id: int, actor=None, blokgrootte: int = 100) -> dict[str, int]:
    """Book every line of a stored statement, in blocks of ``blokgrootte`` lines (one transaction each, so
    the progress shows while it runs). Idempotent: lines already known (account + reference) are skipped,
    so a rerun after a crash completes the import without booking anything twice."""
    from .matching import Matcher

    Bankafschrift.objects.filter(pk=afschrift_id, status=Bankafschrift.Status.WACHTEND).update(
        status=Bankafschrift.Status.BEZIG
    )
    afschrift = Bankafschrift.objects.get(pk=afschrift_id)
    if afschrift.status != Bankafschrift.Status.BEZIG:
        return afschrift.resultaat  # done (or rejected) before
    bestand = lees_bankbestand(bytes(afschrift.inhoud))
    resultaat = Importresultaat(regels=len(bestand.regels))
    matcher = Matcher()
    with ledger.rekeningen_onthouden():
        _blokken_verwerk(bestand, afschrift, resultaat, matcher=matcher, actor=actor, blokgrootte=blokgrootte)
    Bankafschrift.objects.filter(pk=afschrift_id, status=Bankafschrift.Status.BEZIG).update(
        status=Bankafschrift.Status.KLAAR, resultaat=resultaat.als_dict(), regels_verwerkt=len(bestand.regels)
    )
    return resultaat.als_dict()


def _blokken_verwerk(
    bestand, afschrift: Bankafschrift, resultaat: Importresultaat, *, matcher, actor, blokgrootte
):
    for start in range(0, len(bestand.regels), blokgrootte):
        blok = bestand.regels[start : start + blokgrootte]
        with transaction.atomic():
            bekend = set(
                Bankregel.objects.filter(
                    iban=bestand.iban, referentie__in=[g.referentie for g in blok]
                ).values_list("referentie", flat=True)
            )
            for gegevens in blok:
                uitkomst = None
                if gegevens.referentie not in bekend:
                    uitkomst = _bankregel_verwerk(
                        gegevens, iban=bestand.iban, afschrift=afschrift, matcher=matcher, actor=actor
                    )
                if uitkomst is None:
                    resultaat.al_bekend += 1
                else:
                    resultaat.nieuw += 1
                    setattr(resultaat, uitkomst, getattr(resultaat, uitkomst) + 1)
            Bankafschrift.objects.filter(pk=afschrift.pk).update(regels_verwerkt=start + len(blok))
