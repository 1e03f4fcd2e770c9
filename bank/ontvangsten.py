"""A run of credited statement lines booked at once: receipts, their match and allocation, journal entries,
allocation parts and timeline events, in a fixed number of queries whatever the length of the run.

Each receipt gets exactly the rows ``inning.services.ontvangst_bank_registreer`` + ``ontvangst_koppel`` would
write for it one by one (same keys, amounts and texts): the allocation is ``inning.verdeling.verdeel_over``
on input loaded once per block (``_Blokcontext``) and kept up to date as the run allocates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from dossiers.models import Dossier, TijdlijnGebeurtenis
from inning import boekingen, ledger
from inning.achterstand import achterstand_invoer_laad, rente_open
from inning.bulk import modellen_invoegen, rijen_invoegen
from inning.models import Bankregel, Journaalregel, Ontvangst, Toerekening, Toewijzing
from inning.selectors import dossiers_betalingen, dossiers_rente_betaald
from inning.services import ontvangst_van_bankregel
from inning.verdeling import Verdeling, regels_toewijzing, termijn_maand, toewijzing_van, verdeel_over
from recht.fouten import OngeldigeInvoer, TariefOntbreekt
from recht.geld import NUL, euro, rond_af
from recht.toerekening import OpenTermijn, aanwijzing_lees
from tarieven.selectors import provisie_tarief, wettelijke_rente_tabel

logger = logging.getLogger(__name__)

__all__ = ["ontvangsten_boek"]


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
            maand=termijn_maand(t.vervaldatum, t.verplichting),
        )
        for t, o, e in open_
    ]


def _rente_voor(ctx: _Blokcontext, rekenaar, dossier_id: int, datum: date) -> Decimal:
    """``_open_rente`` from the block's preloaded input (same result, same fallback on a table gap)."""
    if dossier_id not in ctx.rente_betaald:
        return NUL
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


def ontvangsten_boek(regels: list[Bankregel], *, matcher, rekenaar, door) -> list[str]:
    """Book a run of credit lines at once: what ``inning.services.ontvangst_bank_registreer`` +
    ``ontvangst_koppel`` (or the
    suggestion) do per line, with the same rows, keys, amounts and texts, in a fixed number of queries.
    Receipts are allocated in file order, each after the ones before it (same dossier, same block)."""
    uitkomsten = matcher.zoek_alle(regels)
    gematcht_ids = [u.dossier_id for u in uitkomsten if u.dossier_id is not None]
    ctx = _blokcontext(gematcht_ids) if gematcht_ids else None
    ontvangsten: list[Ontvangst] = []
    verdelingen: list[Verdeling | None] = []
    for regel, uitkomst in zip(regels, uitkomsten, strict=True):
        o = ontvangst_van_bankregel(regel)
        v = None
        if uitkomst.dossier_id is not None:
            d_id = uitkomst.dossier_id
            bedrag = rond_af(regel.bedrag)
            try:
                v = verdeel_over(
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
    modellen_invoegen(ontvangsten)

    # The accounts of the receipts that were allocated (a failed match creates none, as before).
    ledger.rekeningen_laad(
        "verschuldigd_aan_client",
        clients=[o.dossier.client_id for o, v in zip(ontvangsten, verdelingen, strict=True) if v is not None],
    )
    if any(v is not None and v.kosten for v in verdelingen):
        met_kosten = [o.dossier_id for o, v in zip(ontvangsten, verdelingen, strict=True) if v and v.kosten]
        ledger.rekeningen_laad("deurwaarderskosten", dossiers=met_kosten)
        ledger.rekeningen_laad("te_ontvangen_debiteur", dossiers=met_kosten)
    te_boeken: list[ledger.Boeking] = []
    ontvangst_boeking: list[int] = []  # per receipt: the index of its own entry in te_boeken
    toewijzing_boeking: dict[int, int] = {}  # index in ontvangsten → index of its allocation entry
    for i, (o, v) in enumerate(zip(ontvangsten, verdelingen, strict=True)):
        ontvangst_boeking.append(len(te_boeken))
        te_boeken.append(
            ledger.Boeking(
                datum=o.datum,
                omschrijving=f"Ontvangst {o.omschrijving}".strip()[:300],
                regels=boekingen.ontvangst(bedrag=o.bedrag),
                bron_type=o.bron_type,
                bron_id=o.bron_id,
                sleutel=f"ontvangst:{o.pk}",
                door=door,
            )
        )
        if v is None:
            continue
        o.bedrag = rond_af(o.bedrag)  # as ontvangst_koppel reads it back from the database
        regels_t = regels_toewijzing(o, o.dossier, v)
        if sum(1 for r in regels_t if r.bedrag) >= 2:
            toewijzing_boeking[i] = len(te_boeken)
            te_boeken.append(
                ledger.Boeking(
                    datum=o.datum,
                    omschrijving=f"Toerekening ontvangst {o.bedrag} aan dossier {o.dossier.nummer}",
                    regels=regels_t,
                    bron_type="toewijzing",
                    bron_id=o.pk,
                    sleutel=f"toewijzing:{o.pk}:1",
                    door=door,
                )
            )
    posten = ledger.journaalposten_boek(te_boeken, sleutels_nieuw=True)  # keys of receipts made above
    for o, p in zip(ontvangsten, ontvangst_boeking, strict=True):
        o.post = posten[p]
    _post_zet(ontvangsten)

    toewijzingen: list[Toewijzing] = []
    delen: list[list] = []
    for i, (o, v) in enumerate(zip(ontvangsten, verdelingen, strict=True)):
        if v is None:
            continue
        toewijzingen.append(
            toewijzing_van(
                v,
                ontvangst=o,
                dossier=o.dossier,
                post=posten[toewijzing_boeking[i]] if i in toewijzing_boeking else None,
                automatisch=True,
                door=door,
            )
        )
        delen.append(v.delen)
    modellen_invoegen(toewijzingen)
    rijen_invoegen(
        Toerekening,
        ["toewijzing_id", "soort", "vervaldatum", "omschrijving", "bedrag"],
        [(t.pk, s, vd, om, b) for t, dd in zip(toewijzingen, delen, strict=True) for s, vd, om, b in dd],
    )
    # The timeline, as ``_tijdlijn`` → ``tijdlijn_voeg_toe`` records it (new receipts: no event exists yet).
    nu = timezone.now()
    door_id = getattr(door, "pk", None)
    rijen_invoegen(
        TijdlijnGebeurtenis,
        ["dossier_id", "soort", "op", "door_id", "tekst", "intern", "document_id", "sleutel"],
        [
            (
                t.dossier_id,
                "betaling",
                nu,
                door_id,
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


def _post_zet(ontvangsten: list[Ontvangst]) -> None:
    """Store each new receipt's entry: one UPDATE on PostgreSQL (bulk_update's CASE per row is quadratic)."""
    if connection.vendor != "postgresql":
        Ontvangst.objects.bulk_update(ontvangsten, ["post"], batch_size=500)
        return
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE inning_ontvangst o SET post_id = v.post FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, post)"
            " WHERE o.id = v.id",
            [[o.pk for o in ontvangsten], [o.post_id for o in ontvangsten]],
        )
