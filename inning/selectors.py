"""Reads of client money shared by pages, the API, other apps and the arrears engine. STABLE signatures:
``dossier_betalingen``, ``client_saldo``, ``client_provisie_te_verrekenen``, ``dossier_geldoverzicht``.

Balances come from the journal (``inning.ledger``) and are returned the way the business reads them:
positive = owed to the client, positive = commission the client owes, and so on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from dossiers.models import Dossier
from recht.geld import NUL, euro, rond_af

from . import ledger
from .models import (
    Bankafschrift,
    Controlemelding,
    DirecteBetaling,
    EigenRekening,
    Journaalregel,
    Ontvangst,
    Toewijzing,
)

__all__ = [
    "afstemming",
    "client_provisie_te_verrekenen",
    "client_saldo",
    "dossier_betalingen",
    "dossiers_betalingen",
    "dossiers_rente_betaald",
    "dossier_geldoverzicht",
    "eigen_rekeningen",
    "dossier_ontvangsten",
    "laatste_controle_fout",
    "ongematchte_ontvangsten",
    "te_bevestigen_directe_betalingen",
]


def eigen_rekeningen() -> set[str]:
    """The agency's own accounts, normalised (upper case, no spaces): ``BUREAU_IBAN`` (the client-money
    account in the SEPA files) and every active ``EigenRekening`` the beheerder keeps in the admin. Only
    statements of these accounts are imported."""
    from django.conf import settings

    eigen = {
        normaliseer_iban(i) for i in EigenRekening.objects.filter(actief=True).values_list("iban", flat=True)
    }
    bureau = normaliseer_iban(settings.BUREAU.get("iban", ""))
    if bureau:
        eigen.add(bureau)
    return eigen


def normaliseer_iban(iban: str) -> str:
    return "".join((iban or "").split()).upper()


def dossier_betalingen(
    *, dossier_id: int, met_rente: bool = False, met_aanwijzing: bool = False
) -> list[tuple[date, Decimal]]:
    """Every payment allocated to the dossier, oldest first, as ``(datum, bedrag)`` for the arrears engine:
    live matches of bank receipts, bailiff transfers and confirmed direct payments, WITHOUT the part that
    went to bailiff costs (costs are not alimony) and the part that went to statutory interest (art. 6:44
    BW: it is not a payment on a termijn). ``met_rente`` keeps the interest part: what the debtor paid
    towards the claim, as an arrangement counts it. ``met_aanwijzing`` adds a third element: the (year, month)
    the debtor designated (art. 6:43 lid 1 BW) or None, for the arrears engine to replay."""
    return dossiers_betalingen(dossier_ids=[dossier_id], met_rente=met_rente, met_aanwijzing=met_aanwijzing)[
        dossier_id
    ]


def aanwijzing_uit(tekst: str) -> tuple[int, int] | None:
    """``Toewijzing.aanwijzing`` ("2026-03") as (2026, 3); None when blank."""
    if not tekst:
        return None
    jaar, maand = tekst.split("-")
    return int(jaar), int(maand)


def dossiers_betalingen(
    *, dossier_ids, met_rente: bool = False, met_aanwijzing: bool = False
) -> dict[int, list[tuple[date, Decimal]]]:
    """``dossier_betalingen`` of many dossiers in one query: dossier id → the same list."""
    ids = sorted(set(dossier_ids))
    uit: dict[int, list] = {i: [] for i in ids}
    rijen = (
        Toewijzing.objects.filter(dossier_id__in=ids, ongedaan_op__isnull=True)
        .order_by("ontvangst__datum", "id")
        .values_list("dossier_id", "ontvangst__datum", "ontvangst__bedrag", "kosten", "rente", "aanwijzing")
    )
    for d_id, d, b, kosten, rente, aanwijzing in rijen:
        netto = b - kosten - (NUL if met_rente else rente)
        if netto > 0:
            if met_aanwijzing:
                uit[d_id].append((d, rond_af(netto), aanwijzing_uit(aanwijzing)))
            else:
                uit[d_id].append((d, rond_af(netto)))
    return uit


def dossiers_rente_betaald(*, dossier_ids, tot: date | None = None) -> dict[int, Decimal]:
    """Statutory interest paid per dossier: the interest parts of its live matches (``tot``: of receipts
    dated on or before that day only)."""
    ids = sorted(set(dossier_ids))
    uit = dict.fromkeys(ids, NUL)
    rijen = Toewijzing.objects.filter(dossier_id__in=ids, ongedaan_op__isnull=True, rente__gt=0)
    if tot is not None:
        rijen = rijen.filter(ontvangst__datum__lte=tot)
    for d_id, som in rijen.values("dossier_id").annotate(s=Sum("rente")).values_list("dossier_id", "s"):
        uit[d_id] = som
    return uit


def client_saldo(*, client_id: int) -> Decimal:
    """What the agency owes the client now (credit balance of ``verschuldigd_aan_client``, positive)."""
    return rond_af(
        -(
            Journaalregel.objects.filter(
                rekening__code="verschuldigd_aan_client", rekening__client_id=client_id
            ).aggregate(s=Sum("bedrag"))["s"]
            or NUL
        )
    )


def client_provisie_te_verrekenen(*, client_id: int) -> Decimal:
    """Commission the client owes on direct payments, not yet set off or paid (positive)."""
    return rond_af(
        Journaalregel.objects.filter(
            rekening__code="provisie_te_verrekenen", rekening__client_id=client_id
        ).aggregate(s=Sum("bedrag"))["s"]
        or NUL
    )


def _uitbetaald_aan_client(client_id: int) -> Decimal:
    """Total booked against the client's balance by payouts (debits on ``verschuldigd_aan_client`` from the
    payout app), net of their reversals."""
    return rond_af(
        Journaalregel.objects.filter(
            rekening__code="verschuldigd_aan_client",
            rekening__client_id=client_id,
            post__bron_type__startswith="uitbetaling",
        ).aggregate(s=Sum("bedrag"))["s"]
        or NUL
    )


def dossier_geldoverzicht(*, dossier_id: int) -> dict:
    """Money of one dossier: ``betaald`` (all live receipts incl. direct payments), ``waarvan_direct``,
    ``kosten_voldaan``, ``kosten_open``, ``provisie`` (incl. VAT), ``btw``, ``naar_client`` (net of commission,
    for receipts the agency holds), ``uitbetaald`` (payouts to the client assigned to this dossier's
    receipts oldest first across the client's dossiers), ``nog_uit_te_betalen`` and ``aantal_ontvangsten``."""
    live = Toewijzing.objects.filter(ongedaan_op__isnull=True)
    eigen = live.filter(dossier_id=dossier_id).aggregate(
        betaald=Sum("ontvangst__bedrag"),
        direct=Sum("ontvangst__bedrag", filter=Q(ontvangst__bron=Ontvangst.Bron.DIRECT)),
        kosten=Sum("kosten"),
        provisie=Sum("provisie"),
        btw=Sum("btw"),
        aantal=Count("id"),
    )
    client_id = Dossier.objects.filter(pk=dossier_id).values_list("client_id", flat=True).first()
    # Net amounts the client is owed from receipts the agency holds, per dossier in date order: payouts
    # cover the oldest first.
    netto = (
        live.filter(dossier__client_id=client_id)
        .exclude(ontvangst__bron=Ontvangst.Bron.DIRECT)
        .order_by("ontvangst__datum", "id")
        .values_list("dossier_id", "naar_client")
    )
    te_verdelen = _uitbetaald_aan_client(client_id) if client_id else NUL  # payouts debit: positive
    uitbetaald = NUL
    naar_client = NUL
    for d_id, bedrag in netto:
        deel = max(NUL, min(bedrag, te_verdelen))
        te_verdelen -= deel
        if d_id == dossier_id:
            uitbetaald += deel
            naar_client += bedrag
    return {
        "betaald": rond_af(eigen["betaald"] or NUL),
        "waarvan_direct": rond_af(eigen["direct"] or NUL),
        "kosten_voldaan": rond_af(eigen["kosten"] or NUL),
        "kosten_open": ledger.saldo("te_ontvangen_debiteur", dossier=dossier_id),
        "provisie": rond_af(eigen["provisie"] or NUL),
        "btw": rond_af(eigen["btw"] or NUL),
        "naar_client": rond_af(naar_client),
        "uitbetaald": rond_af(uitbetaald),
        "nog_uit_te_betalen": rond_af(naar_client - uitbetaald),
        "aantal_ontvangsten": eigen["aantal"] or 0,
    }


def dossier_ontvangsten(*, dossier_id: int) -> QuerySet[Toewijzing]:
    """Matches (live and undone) of the dossier with their receipt and allocation, newest first."""
    return (
        Toewijzing.objects.filter(dossier_id=dossier_id)
        .select_related("ontvangst", "door", "ongedaan_door")
        .prefetch_related("toerekeningen")
        .order_by("-ontvangst__datum", "-id")
    )


def ongematchte_ontvangsten() -> QuerySet[Ontvangst]:
    """The work queue of receipts waiting for a match, oldest first, with their bank line and suggestion."""
    return (
        Ontvangst.objects.filter(status=Ontvangst.Status.ONGEMATCHT)
        .select_related("bankregel", "suggestie", "suggestie__debiteur")
        .order_by("datum", "id")
    )


def te_bevestigen_directe_betalingen() -> QuerySet[DirecteBetaling]:
    """The client's reports, for the case manager. The debtor's reports wait for the client, not here."""
    return (
        DirecteBetaling.objects.filter(status=DirecteBetaling.Status.GEMELD, van_debiteur=False)
        .select_related("dossier", "dossier__client", "bewijs")
        .order_by("gemeld_op", "id")
    )


def debiteur_meldingen_voor_client(
    *, client_id: int, dossier_id: int | None = None
) -> QuerySet[DirecteBetaling]:
    """Direct payments the debtor reported that wait for this client's confirmation, oldest first."""
    qs = DirecteBetaling.objects.filter(
        dossier__client_id=client_id, van_debiteur=True, status=DirecteBetaling.Status.GEMELD
    )
    if dossier_id is not None:
        qs = qs.filter(dossier_id=dossier_id)
    return qs.select_related("dossier").order_by("gemeld_op", "id")


def debiteur_meldingen_voor_werkvoorraad(
    *, limiet: int = 25, casemanager_id: int | None = None
) -> list[dict]:
    """Work-queue rows "Van de debiteur": the debtor's direct-payment reports still waiting for the client.

    Rows in the shape every source of that section gives (merged and sorted by the screen): one query.
    ``casemanager_id``: only dossiers of that case manager ("Alleen mijn dossiers")."""
    qs = DirecteBetaling.objects.filter(van_debiteur=True, status=DirecteBetaling.Status.GEMELD)
    if casemanager_id is not None:
        # as the other sections: the user's dossiers and those without a case manager yet
        qs = qs.filter(Q(dossier__casemanager_id=casemanager_id) | Q(dossier__casemanager__isnull=True))
    rijen = qs.order_by("gemeld_op", "id").values(
        "dossier_id", "dossier__nummer", "bedrag", "datum", "gemeld_op"
    )[:limiet]
    return [
        {
            "dossier_id": r["dossier_id"],
            "dossiernummer": r["dossier__nummer"],
            "soort": "Rechtstreekse betaling",
            "omschrijving": (
                f"Betaling van {euro(r['bedrag'])} op {r['datum']:%d-%m-%Y} aan de cliënt gemeld; "
                "wacht op de cliënt"
            ),
            "sinds": r["gemeld_op"],
            "url": reverse("inning:dossier_geld", args=[r["dossier_id"]]),
        }
        for r in rijen
    ]


def laatste_controle_fout() -> Controlemelding | None:
    """The latest ledger check if it failed (shown on the staff dashboard until a clean run follows)."""
    laatste = Controlemelding.objects.order_by("-op", "-id").first()
    if laatste is None or laatste.in_balans:
        return None
    return laatste


def afstemming(*, tot: date | None = None) -> dict:
    """Reconciliation of the client-money account: the bank's balance per the latest statement against what
    the ledger says the money is for. Every difference is returned, never netted away.

    ``bank_volgens_afschrift`` is None when no statement with a closing balance was imported."""
    per_code = ledger.saldo_per_code(tot=tot)
    bank_grootboek = per_code["bank_derdengelden"]
    # debtors' online payments the payment service provider still holds (settled later, ``bank.afrekening``)
    onderweg = rond_af(sum((per_code[c] for c in ledger.ONDERWEG.values()), NUL))
    verschuldigd = -per_code["verschuldigd_aan_client"]
    provisie = -per_code["provisie_nog_over_te_boeken"]
    kosten = -per_code["kosten_nog_over_te_boeken"]
    ongealloceerd = -per_code["ongealloceerd"]
    verplichtingen = verschuldigd + provisie + kosten + ongealloceerd
    afschriften = Bankafschrift.objects.filter(status=Bankafschrift.Status.KLAAR, eindsaldo__isnull=False)
    if tot is not None:
        afschriften = afschriften.filter(eindsaldo_datum__lte=tot)
    laatste = afschriften.order_by("-eindsaldo_datum", "-id").first()
    bank_afschrift = laatste.eindsaldo if laatste else None
    return {
        "bank_grootboek": bank_grootboek,
        "onderweg_betaaldienst": onderweg,
        "bank_volgens_afschrift": bank_afschrift,
        "afschrift_datum": laatste.eindsaldo_datum if laatste else None,
        "verschuldigd_aan_clienten": verschuldigd,
        "provisie_nog_over_te_boeken": provisie,
        "kosten_nog_over_te_boeken": kosten,
        "ongealloceerd": ongealloceerd,
        "totaal_verplichtingen": verplichtingen,
        "verschil_grootboek": rond_af(bank_grootboek + onderweg - verplichtingen),
        "verschil_afschrift": (
            rond_af(bank_afschrift + onderweg - verplichtingen) if bank_afschrift is not None else None
        ),
    }
