"""Writes of client money: receipts, matches and their undo, direct payments, bailiff costs, and the set-off
of commission. How a receipt is allocated is ``inning.verdeling``; the bookings are explained in
``inning.ledger``. Reading and booking bank statements is the ``bank`` app.

Locks, in one order: dossier → receipt (``select_for_update``); booking locks no account row (no balance is
stored, ``inning.ledger``). A receipt has at most one live match (partial unique
constraint), so two clerks matching the same receipt at once allocate it once.

STABLE signatures used by other apps: ``ontvangst_registreer``, ``kosten_registreer``, ``provisie_verreken``.
Only the services nothing else calls (a staff page's undo of a match, the review of a direct payment) are
durable; the rest also run inside other services' transactions.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Client, Dossier
from dossiers.services import tijdlijn_voeg_toe
from recht.geld import euro, rond_af

from . import boekingen, ledger
from .models import (
    Bankregel,
    DirecteBetaling,
    Journaalpost,
    Kostenpost,
    Ontvangst,
    Toerekening,
    Toewijzing,
)
from .verdeling import regels_toewijzing, toewijzing_van, verdeel, voor_de_opdracht

logger = logging.getLogger(__name__)

__all__ = [
    "GeldFout",
    "directe_betaling_bevestig",
    "directe_betaling_debiteur_meld",
    "directe_betaling_meld",
    "directe_betaling_wijs_af",
    "kosten_registreer",
    "ontvangst_bank_registreer",
    "ontvangst_koppel",
    "ontvangst_ontkoppel",
    "ontvangst_registreer",
    "ontvangst_terugboek",
    "ontvangst_van_bankregel",
    "provisie_verreken",
]


class GeldFout(ValidationError):
    """A request the money rules refuse, with a Dutch message for the user."""


# --- Receipts --------------------------------------------------------------------------------------------


def _ontvangst_boek(ontvangst: Ontvangst, *, door=None, rekening: str = "bank_derdengelden") -> None:
    """Dr bank_derdengelden (or ``rekening``) / Cr ongealloceerd for money that reached the client money."""
    post = ledger.journaalpost_boek(
        datum=ontvangst.datum,
        omschrijving=f"Ontvangst {ontvangst.omschrijving}".strip()[:300],
        regels=boekingen.ontvangst(bedrag=ontvangst.bedrag, rekening=rekening),
        bron_type=ontvangst.bron_type or ontvangst.bron,
        bron_id=ontvangst.bron_id or ontvangst.pk,
        sleutel=f"ontvangst:{ontvangst.pk}",
        door=door,
    )
    ontvangst.post = post
    ontvangst.save(update_fields=["post"])


def ontvangst_van_bankregel(regel: Bankregel) -> Ontvangst:
    """The (unsaved) receipt of a credited bank line: one shape for the single and the block import
    (``bank.ontvangsten``)."""
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
def ontvangst_bank_registreer(*, bankregel: Bankregel, door=None) -> Ontvangst:
    """A credited bank line becomes a receipt waiting for a match (idempotent per bank line)."""
    bestaand = Ontvangst.objects.filter(bankregel=bankregel).first()
    if bestaand is not None:
        return bestaand
    ontvangst = ontvangst_van_bankregel(bankregel)
    ontvangst.save()
    _ontvangst_boek(ontvangst, door=door)
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
    door=None,
    sleutel: str,
    rekening: str = "bank_derdengelden",
) -> Ontvangst:
    """Money for ``dossier`` that reached the client-money account other than through an imported bank
    statement line (e.g. a bailiff passing on what a garnishment yielded). Booked, matched to the dossier
    and allocated at once; idempotent by ``sleutel``. Use it only for money that will not also be imported
    from a statement, or it is counted twice. ``rekening``: the account debited, for a debtor's online
    payment the provider's clearing account (``inning.ledger.ONDERWEG``), which its settlement clears."""
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
    _ontvangst_boek(ontvangst, door=door, rekening=rekening)
    ontvangst_koppel(ontvangst=ontvangst, dossier=dossier, door=door, automatisch=True)
    ontvangst.refresh_from_db()
    return ontvangst


@transaction.atomic
def ontvangst_koppel(
    *, ontvangst: Ontvangst, dossier: Dossier, door=None, automatisch: bool = False
) -> Toewijzing:
    """Match a waiting receipt to ``dossier``: allocate it and book client share and commission."""
    dossier = Dossier.objects.select_for_update().select_related("client").get(pk=dossier.pk)
    ontvangst = Ontvangst.objects.select_for_update().get(pk=ontvangst.pk)
    if ontvangst.status == Ontvangst.Status.TERUGGEBOEKT:
        raise GeldFout("Deze ontvangst is teruggeboekt en kan niet meer worden gekoppeld.")
    if ontvangst.status == Ontvangst.Status.GEMATCHT:
        raise GeldFout("Deze ontvangst is al gekoppeld aan een dossier. Maak die koppeling eerst ongedaan.")
    voor_opdracht = voor_de_opdracht(ontvangst, dossier)
    v = verdeel(
        dossier=dossier,
        bedrag=ontvangst.bedrag,
        datum=ontvangst.datum,
        met_kosten=ontvangst.bron != Ontvangst.Bron.DIRECT,
        omschrijving=ontvangst.omschrijving,
        met_provisie=not voor_opdracht,
    )
    volgnummer = ontvangst.toewijzingen.count() + 1
    regels = regels_toewijzing(ontvangst, dossier, v)
    post = None
    if sum(1 for r in regels if r.bedrag) >= 2:
        post = ledger.journaalpost_boek(
            datum=ontvangst.datum,
            omschrijving=f"Toerekening ontvangst {ontvangst.bedrag} aan dossier {dossier.nummer}",
            regels=regels,
            bron_type="toewijzing",
            bron_id=ontvangst.pk,
            sleutel=f"toewijzing:{ontvangst.pk}:{volgnummer}",
            door=door,
        )
    toewijzing = toewijzing_van(
        v, ontvangst=ontvangst, dossier=dossier, post=post, automatisch=automatisch, door=door
    )
    toewijzing.save()
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
    _tijdlijn(dossier, ontvangst, door, tekst)
    return toewijzing


def _tijdlijn(dossier: Dossier, ontvangst: Ontvangst, door, tekst: str, *, soort: str = "betaling") -> None:
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=soort,
        tekst=tekst,
        door=door,
        sleutel=f"ontvangst:{ontvangst.pk}:{ontvangst.toewijzingen.count()}:{ontvangst.status}"[:100],
    )


def _live_toewijzing_ongedaan(ontvangst: Ontvangst, *, door, datum: date) -> Toewijzing | None:
    toewijzing = ontvangst.toewijzingen.filter(ongedaan_op__isnull=True).select_related("post").first()
    if toewijzing is None:
        return None
    if toewijzing.post is not None:
        ledger.journaalpost_tegenboek(
            post=toewijzing.post,
            datum=datum,
            omschrijving=f"Koppeling ongedaan: ontvangst {ontvangst.bedrag}",
            door=door,
            bron_type="toewijzing_ongedaan",
            bron_id=toewijzing.pk,
        )
    toewijzing.ongedaan_op = timezone.now()
    toewijzing.ongedaan_door = door
    toewijzing.save(update_fields=["ongedaan_op", "ongedaan_door"])
    return toewijzing


@transaction.atomic(durable=True)
def ontvangst_ontkoppel(*, ontvangst: Ontvangst, door=None, datum: date | None = None) -> Ontvangst:
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
    _live_toewijzing_ongedaan(ontvangst, door=door, datum=datum or timezone.localdate())
    ontvangst.status = Ontvangst.Status.ONGEMATCHT
    ontvangst.dossier = None
    ontvangst.save(update_fields=["status", "dossier"])
    _tijdlijn(dossier, ontvangst, door, f"Koppeling van de betaling van {ontvangst.bedrag} ongedaan gemaakt.")
    return ontvangst


@transaction.atomic
def ontvangst_terugboek(
    *,
    ontvangst: Ontvangst,
    door=None,
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
    _live_toewijzing_ongedaan(ontvangst, door=door, datum=datum)
    if ontvangst.post is not None:
        ledger.journaalpost_tegenboek(
            post=ontvangst.post,
            datum=datum,
            omschrijving=f"Terugboeking ontvangst {ontvangst.bedrag}",
            door=door,
            bron_type=bron_type or "terugboeking",
            bron_id=bron_id or ontvangst.pk,
        )
    ontvangst.status = Ontvangst.Status.TERUGGEBOEKT
    ontvangst.dossier = None
    ontvangst.save(update_fields=["status", "dossier"])
    if dossier is not None:
        _tijdlijn(dossier, ontvangst, door, f"Betaling van {euro(ontvangst.bedrag)} teruggeboekt.")
    return ontvangst


# --- Bailiff costs ---------------------------------------------------------------------------------------


@transaction.atomic
def kosten_registreer(
    *, dossier: Dossier, bedrag: Decimal, datum: date, omschrijving: str, sleutel: str, door=None
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
        regels=boekingen.kosten(dossier=dossier.pk, bedrag=bedrag),
        bron_type="kostenpost",
        bron_id=sleutel[:64],
        sleutel=f"kosten:{sleutel}"[:120],
        door=door,
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
    *,
    dossier: Dossier,
    datum: date,
    bedrag: Decimal,
    toelichting: str = "",
    bewijs=None,
    door=None,
    van_debiteur: bool = False,
) -> DirecteBetaling:
    """A client reports that the debtor paid them directly; it waits for a case manager.

    ``van_debiteur``: the debtor reports it from the debtor portal (with proof); it waits for the client, who
    confirms or rejects it in the client portal (``door`` is then None: the debtor is not a user)."""
    bedrag = rond_af(bedrag)
    if bedrag <= 0:
        raise GeldFout("Het bedrag moet groter zijn dan nul.")
    if datum > timezone.localdate():
        raise GeldFout("De datum van de betaling ligt in de toekomst.")
    melding = DirecteBetaling.objects.create(
        dossier=dossier,
        datum=datum,
        bedrag=bedrag,
        toelichting=toelichting,
        bewijs=bewijs,
        gemeld_door=door,
        van_debiteur=van_debiteur,
    )
    if van_debiteur:
        tekst = (
            f"De betalingsplichtige meldt een rechtstreekse betaling aan de cliënt van {euro(bedrag)} op "
            f"{datum:%d-%m-%Y}, met bewijs. De cliënt bevestigt of wijst af in het portaal."
        )
    else:
        tekst = f"De cliënt meldt een rechtstreekse betaling van {bedrag} op {datum:%d-%m-%Y}."
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort="betaling",
        tekst=tekst,
        door=door,
        document=bewijs,
        sleutel=f"directe_betaling:{melding.pk}:gemeld",
    )
    return melding


@transaction.atomic
def directe_betaling_debiteur_meld(
    *, dossier: Dossier, datum: date, bedrag: Decimal, toelichting: str, bestand
) -> DirecteBetaling:
    """The debtor reports, with proof, a payment made to the client directly (debtor portal). The proof is
    checked by content and stored visible to the client, who confirms or rejects the report. A refused file
    raises ValidationError({"bewijs": …}) and nothing is stored. The portal calls it through
    ``incasso.services.directe_betaling_van_debiteur_meld``, which also tells the client (one transaction)."""
    from dossiers.documenten import document_opslaan

    try:
        bewijs = document_opslaan(bestand=bestand, soort="bewijs", dossier=dossier, geupload_door=None)
    except ValidationError as fout:
        raise ValidationError({"bewijs": fout.messages}) from fout
    return directe_betaling_meld(
        dossier=dossier,
        datum=datum,
        bedrag=bedrag,
        toelichting=toelichting,
        bewijs=bewijs,
        van_debiteur=True,
    )


def _alleen_de_client_beslist(melding: DirecteBetaling, door) -> None:
    """A report the debtor made is the client's to decide (client portal), not a case manager's: the client
    knows whether the money arrived. Staff posting to the old confirm/reject URL are refused here."""
    if not melding.van_debiteur:
        return
    client_user_id = (
        Dossier.objects.filter(pk=melding.dossier_id).values_list("client__user_id", flat=True).first()
    )
    if door is None or client_user_id is None or door.pk != client_user_id:
        raise GeldFout(
            "Deze betaling is gemeld door de betalingsplichtige: de cliënt bevestigt of wijst haar af in het "
            "cliëntportaal, niet de medewerker."
        )


def _claim_melding(melding: DirecteBetaling, nieuwe_status: str, door) -> DirecteBetaling:
    """Compare-and-set: only a reported (``gemeld``) payment can be confirmed or rejected, once."""
    gewijzigd = DirecteBetaling.objects.filter(pk=melding.pk, status=DirecteBetaling.Status.GEMELD).update(
        status=nieuwe_status, beoordeeld_door=door, beoordeeld_op=timezone.now()
    )
    if gewijzigd != 1:
        raise GeldFout("Deze melding is al beoordeeld.")
    return DirecteBetaling.objects.select_related("dossier").get(pk=melding.pk)


@transaction.atomic(durable=True)
def directe_betaling_bevestig(*, melding: DirecteBetaling, door=None) -> Ontvangst:
    """Confirm a reported direct payment: it is allocated like any receipt and the client owes commission
    (``provisie_te_verrekenen``), set off against the next payout or invoiced. A report by the debtor only by
    the dossier's client (``door``)."""
    _alleen_de_client_beslist(melding, door)
    melding = _claim_melding(melding, DirecteBetaling.Status.BEVESTIGD, door)
    ontvangst = Ontvangst.objects.create(
        bron=Ontvangst.Bron.DIRECT,
        bron_type="directe_betaling",
        bron_id=str(melding.pk),
        datum=melding.datum,
        bedrag=melding.bedrag,
        omschrijving=f"Rechtstreeks aan cliënt betaald ({melding.dossier.nummer})",
        sleutel=f"directe_betaling:{melding.pk}",
    )
    ontvangst_koppel(ontvangst=ontvangst, dossier=melding.dossier, door=door)
    melding.ontvangst = ontvangst
    melding.save(update_fields=["ontvangst"])
    if melding.van_debiteur:
        # The client's own confirmation is the evidence: booked at once, no case manager's check; the case
        # manager sees it here on the timeline (and can reverse the receipt like any other).
        tijdlijn_voeg_toe(
            dossier=melding.dossier,
            soort="betaling",
            tekst=(
                f"De cliënt bevestigt de rechtstreekse betaling van {euro(melding.bedrag)} op "
                f"{melding.datum:%d-%m-%Y} die de betalingsplichtige meldde; geboekt als ontvangst."
            ),
            door=door,
            sleutel=f"directe_betaling:{melding.pk}:bevestigd",
        )
    ontvangst.refresh_from_db()
    return ontvangst


@transaction.atomic(durable=True)
def directe_betaling_wijs_af(*, melding: DirecteBetaling, reden: str, door=None) -> DirecteBetaling:
    if not reden.strip():
        raise GeldFout("Geef een reden voor de afwijzing.")
    _alleen_de_client_beslist(melding, door)
    melding = _claim_melding(melding, DirecteBetaling.Status.AFGEWEZEN, door)
    melding.reden = reden
    melding.save(update_fields=["reden"])
    if melding.van_debiteur:
        tijdlijn_voeg_toe(
            dossier=melding.dossier,
            soort="betaling",
            tekst=(
                f"De cliënt wijst de rechtstreekse betaling van {euro(melding.bedrag)} op "
                f"{melding.datum:%d-%m-%Y} af die de betalingsplichtige meldde. Reden: {reden}"
            ),
            door=door,
            sleutel=f"directe_betaling:{melding.pk}:afgewezen",
        )
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
    door=None,
) -> Journaalpost:
    """Set off ``bedrag`` of commission the client owes (direct payments) against what the agency owes the
    client: the money stays in the client-money account but now belongs to the agency. Idempotent by
    ``sleutel``. The caller decides the amount (at most both balances)."""
    bedrag = rond_af(bedrag)
    if bedrag <= 0:
        raise GeldFout("Het te verrekenen bedrag moet groter zijn dan nul.")
    return ledger.journaalpost_boek(
        datum=datum,
        omschrijving=f"Verrekening provisie met uitbetaling aan {client.naam}"[:300],
        regels=boekingen.provisie_verrekening(client=client.pk, bedrag=bedrag),
        bron_type=bron_type,
        bron_id=bron_id,
        sleutel=sleutel,
        door=door,
    )
