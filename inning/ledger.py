"""The double-entry ledger for client money (derdengelden). STABLE API: other apps book through it.

Journal
-------
``Journaalpost`` (one entry: datum, omschrijving, bron_type + bron_id = its source document, door,
``sleutel`` = unique idempotency key, ``tegenboeking_van`` = the entry it reverses) with
``Journaalregel`` lines (rekening, bedrag: **debit positive, credit negative**). Every entry's lines sum to
zero. The journal is append-only:

- on PostgreSQL the database enforces it (migration ``0002``): a DEFERRABLE INITIALLY DEFERRED constraint
  trigger checks ``SUM(bedrag) = 0`` per entry at commit, and a trigger refuses every UPDATE or DELETE of
  ``inning_journaalpost`` / ``inning_journaalregel``;
- on every database ``journaalpost_boek`` checks the sum itself before writing (SQLite relies on it).

Corrections are reversing entries only (``journaalpost_tegenboek``), never edits. Balances are the sums of
the lines (``saldo``, ``saldo_per_code``); no balance is stored, so a booking writes only its own rows.

Accounts (``code``; owner; kind; the sign of a normal balance)
-----------------------------------------------------------------
Client-money circle (the money physically in the client-money bank account):

=============================== ======== ========= =====================================================
``bank_derdengelden``           agency   activa    debit: money on the client-money bank account
``ongealloceerd``               agency   passiva   credit: receipts not yet matched to a dossier
``verschuldigd_aan_client``     client   passiva   credit: owed to the client (paid out weekly)
``provisie_nog_over_te_boeken`` agency   passiva   credit: commission (incl. VAT) earned, still in the
                                                   client-money account
``kosten_nog_over_te_boeken``   agency   passiva   credit: recovered bailiff costs, still in the
                                                   client-money account
``onderweg_<betaaldienst>``     agency   activa    debit: debtors' online payments the payment service
                                                   provider holds until its settlement (``ONDERWEG``)
=============================== ======== ========= =====================================================

**Invariant** (DOMAIN.md "Money"), checked by ``grootboek_controle`` and the reconciliation page::

    saldo(bank_derdengelden) = owed to clients + commission not yet transferred + unallocated receipts
    (debit)                    (+ recovered costs not yet transferred)

where the bank side includes the money on its way from a payment service provider (``onderweg_…``),
i.e. ``bank_derdengelden + onderweg_… + verschuldigd_aan_client(all clients) + provisie_nog_over_te_boeken +
kosten_nog_over_te_boeken + ongealloceerd == 0`` in signed balances.

The agency's own books (outside the circle):

=============================== ======== ========= =====================================================
``vordering_op_derdengelden``   agency   activa    debit: commission the agency may take from the
                                                   client-money account (mirror of provisie_nog_…)
``provisie_opbrengst``          agency   opbrengst credit: commission revenue EXCLUDING VAT
``btw_af_te_dragen``            agency   passiva   credit: VAT payable on commission
``provisie_te_verrekenen``      client   activa    debit: commission the client owes (direct payments);
                                                   set off against a payout or invoiced
``bank_kantoor``                agency   activa    debit: the agency's own bank account
``te_ontvangen_debiteur``       dossier  activa    debit: bailiff costs charged to the debtor, open
``deurwaarderskosten``          dossier  passiva   credit: those costs, to be recovered (memo contra)
``kosten_betaaldienst``         agency   kosten    debit: the payment service provider's fees
=============================== ======== ========= =====================================================

Bookings (recipes in ``inning.boekingen``, booked by ``inning.services`` and ``bank``)
-------------------------------------------------------------------------------------
- bank credit 450.00: ``Dr bank_derdengelden 450 / Cr ongealloceerd 450`` (bron ``bankregel``).
- match to a dossier (bron ``toewijzing``), allocation by ``recht.toerekening`` (costs, interest,
  oldest termijn), commission by ``recht.provisie`` on everything except the costs part
  (450 → provisie 54.00, waarvan btw 9.37, client 396.00)::

      Dr ongealloceerd                 450.00
      Cr verschuldigd_aan_client[c]    396.00
      Cr provisie_nog_over_te_boeken    54.00
      Dr vordering_op_derdengelden      54.00
      Cr provisie_opbrengst             44.63
      Cr btw_af_te_dragen                9.37
    (+ for a costs part k: Cr kosten_nog_over_te_boeken k / Dr deurwaarderskosten[d] k /
       Cr te_ontvangen_debiteur[d] k)
- undo of a match: the reversal of that entry (the money goes back to ``ongealloceerd``).
- bank debit that returns a receipt: undo its match, then reverse its receipt entry.
- direct payment 200.00 confirmed (bron ``directe_betaling``): the money never reached our bank, so only the
  commission is booked: ``Dr provisie_te_verrekenen[c] 24.00 / Cr provisie_opbrengst 19.83 /
  Cr btw_af_te_dragen 4.17``.
- a debtor's online payment 150.00 (bron ``betaling``): ``Dr onderweg_<provider> 150 / Cr ongealloceerd 150``,
  then matched as above. The provider's settlement (bron ``afrekening``, ``bank.afrekening``) of 230.00
  gross paid out as 229.42: ``Dr bank_derdengelden 229.42 / Dr provisie_nog_over_te_boeken 0.58 /
  Cr onderweg_<provider> 230.00`` and ``Dr kosten_betaaldienst 0.58 / Cr vordering_op_derdengelden 0.58``
  (the fee is the agency's cost, paid out of its commission held in the client money).
- bailiff costs charged (bron ``kostenpost``): ``Dr te_ontvangen_debiteur[d] / Cr deurwaarderskosten[d]``.

For the payout app (``uitbetaling``), the recipes that keep the invariant:

- payout P to client c: ``Dr verschuldigd_aan_client[c] P / Cr bank_derdengelden P``;
- set-off of commission X owed on direct payments against c's balance:
  ``Dr verschuldigd_aan_client[c] X / Cr provisie_nog_over_te_boeken X`` and
  ``Dr vordering_op_derdengelden X / Cr provisie_te_verrekenen[c] X``
  (``inning.services.provisie_verreken`` does exactly this);
- commission C transferred to the agency's own account:
  ``Dr provisie_nog_over_te_boeken C / Cr bank_derdengelden C`` and
  ``Dr bank_kantoor C / Cr vordering_op_derdengelden C``;
- an invoice for commission is paid: ``Dr bank_kantoor / Cr provisie_te_verrekenen[c]``.

Selectors of balances as the business reads them (positive = owed to the client etc.) are in
``inning.selectors``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from recht.geld import NUL, rond_af

from .boekingen import Regel, tegenboeking
from .bulk import modellen_invoegen, rijen_invoegen
from .models import Journaalpost, Journaalregel, Rekening

__all__ = [
    "AGENCY_REKENINGEN",
    "Boeking",
    "CIRKEL",
    "CLIENT_REKENINGEN",
    "DOSSIER_REKENINGEN",
    "GrootboekFout",
    "ONDERWEG",
    "journaalpost_boek",
    "journaalposten_boek",
    "journaalpost_tegenboek",
    "rekening",
    "rekeningen_laad",
    "rekeningen_onthouden",
    "rekeningen_vergeet",
    "saldo",
    "saldo_per_code",
]

# code → kind
AGENCY_REKENINGEN = {
    "bank_derdengelden": Rekening.Soort.ACTIVA,
    "ongealloceerd": Rekening.Soort.PASSIVA,
    "provisie_nog_over_te_boeken": Rekening.Soort.PASSIVA,
    "kosten_nog_over_te_boeken": Rekening.Soort.PASSIVA,
    "vordering_op_derdengelden": Rekening.Soort.ACTIVA,
    "provisie_opbrengst": Rekening.Soort.OPBRENGST,
    "btw_af_te_dragen": Rekening.Soort.PASSIVA,
    "bank_kantoor": Rekening.Soort.ACTIVA,
    # Client money paid to a payment service provider and not yet settled to our bank (one per provider,
    # ``ONDERWEG``), and what the provider kept as its fee (the agency's cost).
    "onderweg_mollie": Rekening.Soort.ACTIVA,
    "onderweg_testbetaaldienst": Rekening.Soort.ACTIVA,
    "kosten_betaaldienst": Rekening.Soort.KOSTEN,
}
# provider name (``betaling.providers``) → its clearing account "Onderweg bij betaaldienst"
ONDERWEG = {"mollie": "onderweg_mollie", "test": "onderweg_testbetaaldienst"}
CLIENT_REKENINGEN = {
    "verschuldigd_aan_client": Rekening.Soort.PASSIVA,
    "provisie_te_verrekenen": Rekening.Soort.ACTIVA,
}
DOSSIER_REKENINGEN = {
    "te_ontvangen_debiteur": Rekening.Soort.ACTIVA,
    "deurwaarderskosten": Rekening.Soort.PASSIVA,
}
# The accounts whose signed balances sum to zero when the client money is in order (see the docstring).
CIRKEL = (
    "bank_derdengelden",
    *ONDERWEG.values(),
    "verschuldigd_aan_client",
    "provisie_nog_over_te_boeken",
    "kosten_nog_over_te_boeken",
    "ongealloceerd",
)


class GrootboekFout(ValueError):
    """A booking that would break the ledger (unbalanced, empty, unknown account, reversal twice)."""


_ONTHOUDEN: ContextVar[dict | None] = ContextVar("inning_rekeningen", default=None)


@contextmanager
def rekeningen_onthouden() -> Iterator[None]:
    """Within this block ``rekening()`` remembers the accounts it found: a bulk import asks for the same few
    accounts thousands of times. Only for work that runs to completion or fails as a whole."""
    token = _ONTHOUDEN.set({})
    try:
        yield
    finally:
        _ONTHOUDEN.reset(token)


def rekeningen_vergeet() -> None:
    """Forget what ``rekeningen_onthouden`` remembered (after a rolled-back savepoint that may have created one)."""
    onthouden = _ONTHOUDEN.get()
    if onthouden:
        onthouden.clear()


def rekening(code: str, *, dossier=None, client=None) -> Rekening:
    """The account ``code`` (of ``dossier`` or ``client`` for the per-dossier / per-client codes),
    created on first use. Raises ``GrootboekFout`` for an unknown code or the wrong owner."""
    if code in AGENCY_REKENINGEN:
        if dossier is not None or client is not None:
            raise GrootboekFout(f"Rekening {code} is een kantoorrekening zonder dossier of cliënt.")
        soort = AGENCY_REKENINGEN[code]
    elif code in CLIENT_REKENINGEN:
        if client is None or dossier is not None:
            raise GrootboekFout(f"Rekening {code} hoort bij een cliënt.")
        soort = CLIENT_REKENINGEN[code]
    elif code in DOSSIER_REKENINGEN:
        if dossier is None or client is not None:
            raise GrootboekFout(f"Rekening {code} hoort bij een dossier.")
        soort = DOSSIER_REKENINGEN[code]
    else:
        raise GrootboekFout(f"Onbekende grootboekrekening: {code}.")
    onthouden = _ONTHOUDEN.get()
    sleutel = (code, getattr(dossier, "pk", dossier), getattr(client, "pk", client))
    if onthouden is not None and sleutel in onthouden:
        return onthouden[sleutel]
    zoek = {"code": code, "dossier_id": sleutel[1], "client_id": sleutel[2]}
    gevonden = Rekening.objects.filter(**zoek).first()
    if gevonden is None:
        try:
            with transaction.atomic():
                gevonden = Rekening.objects.create(soort=soort, **zoek)
        except IntegrityError:  # created concurrently: the unique constraint chose the winner
            gevonden = Rekening.objects.get(**zoek)
    if onthouden is not None:
        onthouden[sleutel] = gevonden
    return gevonden


def saldo(rekening_of_code: Rekening | str, *, dossier=None, client=None, tot: date | None = None) -> Decimal:
    """The signed balance (debit positive) of an account, from its lines; ``tot``: entries dated on or
    before that date only. An account never used has balance 0.00."""
    if isinstance(rekening_of_code, Rekening):
        qs = Journaalregel.objects.filter(rekening=rekening_of_code)
    else:
        qs = Journaalregel.objects.filter(
            rekening__code=rekening_of_code, rekening__dossier=dossier, rekening__client=client
        )
    if tot is not None:
        qs = qs.filter(post__datum__lte=tot)
    return rond_af(qs.aggregate(s=Sum("bedrag"))["s"] or NUL)


def saldo_per_code(*, tot: date | None = None) -> dict[str, Decimal]:
    """Signed balance per account code summed over all owners (one query)."""
    qs = Journaalregel.objects.all()
    if tot is not None:
        qs = qs.filter(post__datum__lte=tot)
    rijen = qs.values("rekening__code").annotate(s=Sum("bedrag")).values_list("rekening__code", "s")
    uitkomst = dict.fromkeys((*AGENCY_REKENINGEN, *CLIENT_REKENINGEN, *DOSSIER_REKENINGEN), NUL)
    uitkomst.update({code: rond_af(s) for code, s in rijen})
    return uitkomst


def rekeningen_laad(code: str, *, clients: Iterable = (), dossiers: Iterable = ()) -> dict[int, Rekening]:
    """The accounts ``code`` of many clients (or dossiers) at once, created where missing: owner pk →
    account, in three queries instead of one or three per owner. Within ``rekeningen_onthouden`` they are
    remembered for ``rekening()``."""
    if code in CLIENT_REKENINGEN:
        veld, soort = "client_id", CLIENT_REKENINGEN[code]
        eigenaars = {getattr(c, "pk", c) for c in clients}
    elif code in DOSSIER_REKENINGEN:
        veld, soort = "dossier_id", DOSSIER_REKENINGEN[code]
        eigenaars = {getattr(d, "pk", d) for d in dossiers}
    else:
        raise GrootboekFout(f"Rekening {code} hoort niet bij een cliënt of dossier.")
    if not eigenaars:
        return {}

    def zoek() -> dict[int, Rekening]:
        return {
            getattr(r, veld): r
            for r in Rekening.objects.filter(code=code, **{f"{veld}__in": sorted(eigenaars)})
        }

    gevonden = zoek()
    missend = sorted(eigenaars - set(gevonden))
    if missend:
        # ignore_conflicts: one created concurrently is found by the second read (the unique constraint decides)
        Rekening.objects.bulk_create(
            [Rekening(code=code, soort=soort, **{veld: pk}) for pk in missend], ignore_conflicts=True
        )
        gevonden = zoek()
    onthouden = _ONTHOUDEN.get()
    if onthouden is not None:
        for pk, r in gevonden.items():
            onthouden[(code, pk, None) if veld == "dossier_id" else (code, None, pk)] = r
    return gevonden


Regels = Sequence[Regel | tuple[Rekening, Decimal]]


def _op_rekening(regels: Regels) -> list[tuple[Rekening, Decimal]]:
    """A recipe's lines (``inning.boekingen.Regel``) on their accounts, created on first use (also for a zero
    line, as the account exists once a booking named it); (account, amount) pairs pass as they are."""
    return [
        (rekening(r.rekening, client=r.client, dossier=r.dossier), r.bedrag) if isinstance(r, Regel) else r
        for r in regels
    ]


def _schoon(omschrijving: str, regels: Sequence[tuple[Rekening, Decimal]]) -> list[tuple[Rekening, Decimal]]:
    """The non-zero lines, checked: two decimals, at least two lines, summing to zero."""
    schoon: list[tuple[Rekening, Decimal]] = []
    for r, b in regels:
        b = Decimal(b)
        if rond_af(b) != b:
            raise GrootboekFout(f"Bedrag {b} heeft meer dan twee decimalen.")
        if b != 0:
            schoon.append((r, rond_af(b)))
    if len(schoon) < 2:
        raise GrootboekFout("Een journaalpost heeft minstens twee regels met een bedrag.")
    totaal = sum((b for _, b in schoon), NUL)
    if totaal != 0:
        raise GrootboekFout(f"Journaalpost '{omschrijving}' is niet in balans: verschil {totaal}.")
    return schoon


@dataclass(frozen=True)
class Boeking:
    """One entry for ``journaalposten_boek``; the fields mean what ``journaalpost_boek``'s arguments mean."""

    datum: date
    omschrijving: str
    regels: Regels
    bron_type: str
    bron_id: str | int
    sleutel: str
    door: object = None


@transaction.atomic
def journaalposten_boek(boekingen: Sequence[Boeking], *, sleutels_nieuw: bool = False) -> list[Journaalpost]:
    """Book many entries at once with the rules of ``journaalpost_boek`` (idempotent by key, checked the
    same way) in a fixed number of queries. Returns the entries in
    the order given; a key booked before returns the existing entry and writes nothing.

    Unlike ``journaalpost_boek`` a key booked CONCURRENTLY makes the whole call fail (IntegrityError): use it
    for keys only this transaction can book, e.g. derived from rows it has just created. ``sleutels_nieuw``:
    the keys are derived from ids this transaction has just taken, so none can exist and the lookup is left
    out (should one exist after all, the unique key refuses the whole call; nothing is booked twice)."""
    if not boekingen:
        return []
    for b in boekingen:
        if not b.sleutel:
            raise GrootboekFout("Een journaalpost heeft een idempotentiesleutel nodig.")
    op_rekening = [_op_rekening(b.regels) for b in boekingen]
    bestaand = (
        {}
        if sleutels_nieuw
        else {p.sleutel: p for p in Journaalpost.objects.filter(sleutel__in={b.sleutel for b in boekingen})}
    )
    nieuw: dict[str, tuple[Journaalpost, list[tuple[Rekening, Decimal]]]] = {}
    for b, regels in zip(boekingen, op_rekening, strict=True):
        if b.sleutel in bestaand or b.sleutel in nieuw:
            continue
        schoon = _schoon(b.omschrijving, regels)
        post = Journaalpost(
            datum=b.datum,
            omschrijving=b.omschrijving[:300],
            bron_type=b.bron_type,
            bron_id=str(b.bron_id),
            sleutel=b.sleutel,
            door=b.door,
        )
        nieuw[b.sleutel] = (post, schoon)
    if nieuw:
        modellen_invoegen([p for p, _ in nieuw.values()])
        regels = [(p.pk, r.pk, bedrag) for p, rr in nieuw.values() for r, bedrag in rr]
        rijen_invoegen(Journaalregel, ["post_id", "rekening_id", "bedrag"], regels)
    return [bestaand[b.sleutel] if b.sleutel in bestaand else nieuw[b.sleutel][0] for b in boekingen]


def _schrijf(post: Journaalpost, regels: Sequence[tuple[Rekening, Decimal]]) -> None:
    Journaalregel.objects.bulk_create([Journaalregel(post=post, rekening=r, bedrag=b) for r, b in regels])


@transaction.atomic
def journaalpost_boek(
    *,
    datum: date,
    omschrijving: str,
    regels: Regels,
    bron_type: str,
    bron_id: str | int,
    sleutel: str,
    door=None,
) -> Journaalpost:
    """Book one journal entry. Idempotent by ``sleutel``: booking the same key again returns the existing
    entry and writes nothing (a retried task books once).

    ``regels``: a recipe's lines (``inning.boekingen``), or (account, signed amount; debit positive). Lines of the same account are kept as given;
    zero lines are dropped. Raises ``GrootboekFout`` when the amounts do not sum to zero, when fewer than two
    non-zero lines remain, or when an amount has more than two decimals.
    """
    if not sleutel:
        raise GrootboekFout("Een journaalpost heeft een idempotentiesleutel nodig.")
    op_rekening = _op_rekening(regels)
    bestaand = Journaalpost.objects.filter(sleutel=sleutel).first()
    if bestaand is not None:
        return bestaand
    schoon = _schoon(omschrijving, op_rekening)
    try:
        with transaction.atomic():
            post = Journaalpost.objects.create(
                datum=datum,
                omschrijving=omschrijving[:300],
                bron_type=bron_type,
                bron_id=str(bron_id),
                sleutel=sleutel,
                door=door,
            )
            _schrijf(post, schoon)
    except IntegrityError:
        bestaand = Journaalpost.objects.filter(sleutel=sleutel).first()
        if bestaand is None:
            raise
        return bestaand  # a concurrent booking with the same key won
    return post


@transaction.atomic
def journaalpost_tegenboek(
    *, post: Journaalpost, datum: date, omschrijving: str = "", door=None, bron_type: str = "", bron_id=""
) -> Journaalpost:
    """Reverse ``post`` with a mirrored entry (each line negated). Idempotent: reversing an entry that is
    already reversed returns the existing reversal. A reversal itself cannot be reversed (book anew)."""
    if post.tegenboeking_van_id is not None:
        raise GrootboekFout("Een tegenboeking kan niet zelf worden tegengeboekt; boek opnieuw.")
    bestaand = Journaalpost.objects.filter(tegenboeking_van=post).first()
    if bestaand is not None:
        return bestaand
    regels = tegenboeking(
        [(r.rekening, r.bedrag) for r in post.regels.select_related("rekening").order_by("id")]
    )
    tegen = Journaalpost.objects.create(
        datum=datum,
        omschrijving=(omschrijving or f"Tegenboeking: {post.omschrijving}")[:300],
        bron_type=bron_type or post.bron_type,
        bron_id=str(bron_id or post.bron_id),
        sleutel=f"tegen:{post.sleutel}"[:120],
        door=door,
        tegenboeking_van=post,
    )
    _schrijf(tegen, regels)
    return tegen
