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
from inning.models import Journaalregel, Rekening
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


def _posities(bereik: tuple[int, int] | None = None) -> dict[int, _Positie]:
    """Per client: owed, commission owed, and the newest line counted, from the journal lines (one query);
    ``bereik``: only the clients with an id in that closed range."""
    rijen = Journaalregel.objects.filter(
        rekening__client__isnull=False,
        rekening__code__in=["verschuldigd_aan_client", "provisie_te_verrekenen"],
    )
    if bereik is not None:
        rijen = rijen.filter(rekening__client_id__gte=bereik[0], rekening__client_id__lte=bereik[1])
    # order_by(): no default ordering in the GROUP BY query (Uitbetaling's would join the clients for naam)
    rijen = (
        rijen.order_by()
        .values("rekening__client_id", "rekening__code")
        .annotate(s=Sum("bedrag"), m=Max("id"))
    )
    per: dict[int, dict] = {}
    for r in rijen:
        d = per.setdefault(r["rekening__client_id"], {"saldo": NUL, "provisie": NUL, "max": 0})
        if r["rekening__code"] == "verschuldigd_aan_client":
            d["saldo"] = rond_af(-r["s"])  # a credit balance: owed to the client
        else:
            d["provisie"] = rond_af(r["s"])  # a debit balance: owed by the client
        d["max"] = max(d["max"], r["m"] or 0)
    return {c: _Positie(d["saldo"], d["provisie"], d["max"]) for c, d in per.items()}


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


def _client_rondes() -> Iterator[list[int]]:
    """The ids of the clients with a ledger account, ``RONDE`` at a time in id order (keyset paging): every
    client with an account between the first and the last id of a round is in that round."""
    vorige = 0
    while True:
        ids = list(
            Rekening.objects.filter(
                client_id__gt=vorige, code__in=["verschuldigd_aan_client", "provisie_te_verrekenen"]
            )
            .order_by("client_id")
            .values_list("client_id", flat=True)
            .distinct()[:RONDE]
        )
        if not ids:
            return
        yield ids
        vorige = ids[-1]


def _wacht_op_iban(client: Client, nu) -> bool:
    """A payout to an IBAN changed in the last 7 days waits until a case manager approved the change."""
    gewijzigd = client.iban_gewijzigd_op
    return bool(gewijzigd and gewijzigd > nu - IBAN_WACHTTIJD and client.iban_goedgekeurd_door_id is None)


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
    for ronde in _client_rondes():
        _batch_ronde(batch, ronde, week=week, maandag=maandag, nu=nu, factuurdatum=factuurdatum)
    return batch


def _batch_ronde(batch: UitbetalingBatch, client_ids: list[int], *, week, maandag, nu, factuurdatum) -> None:
    # A range, not an IN list of 2,000 ids: the round holds every client with an account in it.
    bereik = (client_ids[0], client_ids[-1])
    posities = _posities(bereik)
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
    # rounds go up in id order too.
    clients = list(Client.objects.select_for_update().filter(id__in=kandidaten).order_by("id"))
    nieuw: list[Uitbetaling] = []
    rest_per_client: dict[int, Decimal] = {}
    for client in clients:
        bruto, provisie, tot_regel_id = kandidaten[client.id]
        verrekend = min(bruto, provisie)
        netto = bruto - verrekend
        rest = provisie - verrekend
        if netto > 0 and not client.uitbetaal_iban:
            continue  # no account to pay to: the money stays owed and shows on the batch page
        nieuw.append(
            Uitbetaling(
                batch=batch,
                client=client,
                iban=client.uitbetaal_iban.replace(" ", "").upper(),
                naam=(client.uitbetaal_tenaamstelling or client.naam)[:200],
                bruto=bruto,
                provisie_verrekend=verrekend,
                netto=netto,
                end_to_end_id=f"NLAI-{week.replace('-', '')}-{client.id}",
                wacht_op_iban_goedkeuring=netto > 0 and _wacht_op_iban(client, nu),
                tot_regel_id=tot_regel_id,
            )
        )
        if rest > 0:
            rest_per_client[client.id] = rest
    Uitbetaling.objects.bulk_create(nieuw)
    for u in nieuw:
        rest = rest_per_client.get(u.client_id)
        if rest is None:
            continue
        factuur = Factuur.objects.create(
            client=u.client,
            uitbetaling=u,
            nummer=f"F{maandag.year}-{week[-2:]}-{u.client_id:05d}",
            datum=factuurdatum,
            bedrag=rest,
            btw=factuur_btw(client_id=u.client_id, bedrag=rest, datum=factuurdatum),
            reden=f"Provisie over rechtstreekse betalingen, niet verrekend met uitbetaling week {week}",
        )
        transaction.on_commit(lambda fid=factuur.id: factuur_pdf_maak_task.delay(fid))
