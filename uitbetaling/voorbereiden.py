"""Preparing the weekly payout batch: what each client is owed, minus what earlier batches reserved.

What a new batch may pay: the client's balance minus what earlier batches reserved but have not booked yet;
the commission to set off: what the client owes minus open invoices and unbooked set-offs. So preparing
week 48 while week 47 is not yet approved pays nobody twice. Clients go round by round (in id order), so
memory and the IN lists stay small however many clients there are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from accounts.roles import BEHEERDER, FINANCIEEL, heeft_rol
from dossiers.models import Client
from inning.bulk import rijen_invoegen
from inning.models import Journaalregel
from recht.geld import NUL, rond_af
from uitbetaling.tasks import factuur_pdf_maak as factuur_pdf_maak_task

from .factuur_btw import factuur_btw
from .models import Factuur, Uitbetaling, UitbetalingBatch

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
IBAN_WACHTTIJD = timedelta(days=7)


class UitbetalingFout(ValueError):
    """A payout action that is not allowed; the message is Dutch and shown to the user."""


def iso_week(d: date) -> str:
    jaar, week, _ = d.isocalendar()
    return f"{jaar}-W{week:02d}"


def _week_maandag(week: str) -> date:
    m = WEEK_RE.match(week)
    if not m:
        raise UitbetalingFout(f"Ongeldige week '{week}': gebruik de vorm 2026-W47.")
    try:
        return date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError as exc:
        raise UitbetalingFout(f"Week {week} bestaat niet.") from exc


@dataclass(frozen=True, slots=True)
class _Positie:
    saldo: Decimal  # owed to the client (positive)
    provisie: Decimal  # commission the client owes on direct payments (positive)
    tot_regel_id: int


# Clients per round of ``uitbetaling_batch_maak``: memory stays flat in the number of clients.
RONDE = 2000
CODES = ["verschuldigd_aan_client", "provisie_te_verrekenen"]


def _posities_rondes() -> Iterator[dict[int, _Positie]]:
    """Per client, in id order and ``RONDE`` clients at a time: owed, commission owed, and the newest line
    counted, from the journal lines.

    One aggregate over all clients, read from a server-side cursor as the rounds go. Not an aggregate per
    round: a round's clients have their lines all over the journal (a line is written when money comes in),
    so every round read the whole table, and the batch grew with the square of the clients. The journal is
    read once, like the floor of ``make bench`` reads it."""
    rijen = (
        Journaalregel.objects.filter(rekening__client__isnull=False, rekening__code__in=CODES)
        # no default ordering in the GROUP BY query; the rounds need the clients in id order
        .order_by()
        .values("rekening__client_id", "rekening__code")
        .annotate(s=Sum("bedrag"), m=Max("id"))
        .order_by("rekening__client_id")
        .values_list("rekening__client_id", "rekening__code", "s", "m")
    )
    ronde: dict[int, _Positie] = {}
    client_id, saldo, provisie, tot = None, NUL, NUL, 0
    for cid, code, som, m in rijen.iterator(chunk_size=RONDE):
        if cid != client_id:
            if client_id is not None:
                ronde[client_id] = _Positie(saldo, provisie, tot)
                if len(ronde) >= RONDE:
                    yield ronde
                    ronde = {}
            client_id, saldo, provisie, tot = cid, NUL, NUL, 0
        if code == "verschuldigd_aan_client":
            saldo = rond_af(-som)  # a credit balance: owed to the client
        else:
            provisie = rond_af(som)  # a debit balance: owed by the client
        tot = max(tot, m or 0)
    if client_id is not None:
        ronde[client_id] = _Positie(saldo, provisie, tot)
    if ronde:
        yield ronde


def _gereserveerd(bereik: tuple[int, int] | None = None) -> dict[int, tuple[Decimal, Decimal]]:
    """Per client: (bruto, set-off + invoiced) decided in batches but not yet in the ledger; ``bereik``: only
    the clients with an id in that closed range."""
    uitbetalingen = Uitbetaling.objects.filter(status=Uitbetaling.Status.VOORBEREID)
    facturen = Factuur.objects.filter(status=Factuur.Status.OPEN)
    if bereik is not None:
        uitbetalingen = uitbetalingen.filter(client_id__gte=bereik[0], client_id__lte=bereik[1])
        facturen = facturen.filter(client_id__gte=bereik[0], client_id__lte=bereik[1])
    uit: dict[int, list[Decimal]] = {}
    for r in (
        uitbetalingen.order_by().values("client_id").annotate(b=Sum("bruto"), p=Sum("provisie_verrekend"))
    ):
        uit[r["client_id"]] = [r["b"] or NUL, r["p"] or NUL]
    for r in facturen.order_by().values("client_id").annotate(f=Sum("bedrag")):
        uit.setdefault(r["client_id"], [NUL, NUL])[1] += r["f"] or NUL
    return {c: (rond_af(b), rond_af(p)) for c, (b, p) in uit.items()}


def _wacht_op_iban(gewijzigd, goedgekeurd_door_id, nu) -> bool:
    """A payout to an IBAN changed in the last 7 days waits until a case manager approved the change."""
    return bool(gewijzigd and gewijzigd > nu - IBAN_WACHTTIJD and goedgekeurd_door_id is None)


@transaction.atomic
def uitbetaling_batch_maak(*, week: str, door=None) -> UitbetalingBatch:
    """Prepare the payout batch of ``week`` (``2026-W47``). Preparing the same week again returns the batch
    that exists and changes nothing: the unique week decides (``get_or_create``; on PostgreSQL a concurrent
    second insert waits for the first transaction and then finds its row).

    Every client with money owed gets one payout: bruto = balance, set off against commission owed on direct
    payments; where that commission exceeds the balance the payout is 0 and the rest is invoiced.
    """
    maandag = _week_maandag(week)
    if door is not None and not heeft_rol(door, FINANCIEEL, BEHEERDER):
        raise UitbetalingFout("Alleen een financieel medewerker kan een uitbetaling voorbereiden.")
    batch, nieuw = UitbetalingBatch.objects.get_or_create(week=week, defaults={"voorbereid_door": door})
    if not nieuw and batch.status == UitbetalingBatch.Status.AFGEWEZEN and door is not None:
        raise UitbetalingFout(
            f"Batch {week} is afgewezen; de uitbetalingen gaan mee met de batch van een volgende week."
        )
    if not nieuw:
        return batch
    nu = timezone.now()
    factuurdatum = timezone.localdate()
    # Round by round (clients in id order), so memory and the IN lists stay small however many clients.
    for posities in _posities_rondes():
        _batch_ronde(batch, posities, week=week, maandag=maandag, nu=nu, factuurdatum=factuurdatum)
    return batch


# The columns a payout row is written with (``rijen_invoegen``); every other column is NULL or its default.
_VELDEN = (
    "batch_id",
    "client_id",
    "iban",
    "naam",
    "bruto",
    "provisie_verrekend",
    "netto",
    "end_to_end_id",
    "status",
    "wacht_op_iban_goedkeuring",
    "tot_regel_id",
    "bankstatus",
    "specificatie_pdf",
)


def _batch_ronde(
    batch: UitbetalingBatch, posities: dict[int, _Positie], *, week, maandag, nu, factuurdatum
) -> None:
    # A range, not an IN list of 2,000 ids: the round holds every client in it with a position.
    bereik = (min(posities), max(posities))
    gereserveerd = _gereserveerd(bereik)
    kandidaten = {}
    for client_id, pos in posities.items():
        res_bruto, res_provisie = gereserveerd.get(client_id, (NUL, NUL))
        bruto = pos.saldo - res_bruto
        provisie = pos.provisie - res_provisie
        if bruto > 0 or provisie > 0:
            kandidaten[client_id] = (max(bruto, NUL), max(provisie, NUL), pos.tot_regel_id)
    if not kandidaten:
        return
    # Lock the clients in id order (ARCHITECTURE: one lock order) so an IBAN change cannot slip in between;
    # rounds go up in id order too. Only the columns a payout needs, as tuples.
    clients = (
        Client.objects.select_for_update()
        .filter(id__in=kandidaten)
        .order_by("id")
        .values_list(
            "id",
            "uitbetaal_iban",
            "uitbetaal_tenaamstelling",
            "naam",
            "iban_gewijzigd_op",
            "iban_goedgekeurd_door_id",
        )
    )
    e2e = f"NLAI-{week.replace('-', '')}-"
    rijen = []
    rest_per_client: dict[int, Decimal] = {}
    for client_id, iban, tenaamstelling, naam, iban_gewijzigd_op, goedgekeurd_door_id in clients:
        bruto, provisie, tot_regel_id = kandidaten[client_id]
        verrekend = min(bruto, provisie)
        netto = bruto - verrekend
        rest = provisie - verrekend
        if netto > 0 and not iban:
            continue  # no account to pay to: the money stays owed and shows on the batch page
        rijen.append(
            (
                batch.id,
                client_id,
                iban.replace(" ", "").upper(),
                (tenaamstelling or naam)[:200],
                bruto,
                verrekend,
                netto,
                f"{e2e}{client_id}",
                Uitbetaling.Status.VOORBEREID,
                netto > 0 and _wacht_op_iban(iban_gewijzigd_op, goedgekeurd_door_id, nu),
                tot_regel_id,
                Uitbetaling.Bankstatus.KLAARGEZET,
                "",  # no specification PDF yet
            )
        )
        if rest > 0:
            rest_per_client[client_id] = rest
    # COPY: a round's payouts are thousands of rows that nobody reads back here (issue 18).
    rijen_invoegen(Uitbetaling, _VELDEN, rijen)
    if not rest_per_client:
        return
    uitbetaling_ids = dict(
        Uitbetaling.objects.filter(batch=batch, client_id__in=rest_per_client).values_list("client_id", "id")
    )
    for client_id, rest in rest_per_client.items():
        factuur = Factuur.objects.create(
            client_id=client_id,
            uitbetaling_id=uitbetaling_ids[client_id],
            nummer=f"F{maandag.year}-{week[-2:]}-{client_id:05d}",
            datum=factuurdatum,
            bedrag=rest,
            btw=factuur_btw(client_id=client_id, bedrag=rest, datum=factuurdatum),
            reden=f"Provisie over rechtstreekse betalingen, niet verrekend met uitbetaling week {week}",
        )
        transaction.on_commit(lambda fid=factuur.id: factuur_pdf_maak_task.delay(fid))
