"""The VAT on a commission invoice: the sum of the VAT booked per receipt, never VAT recomputed on the total.

Commission is computed and booked per receipt, each figure rounded once to cents (``recht.provisie``).
Recomputing the VAT on the invoice total would round a second time and differ from the ledger: direct
payments of 10.80 and 20.50 book commission 1.30 (VAT 1.30 x 21/121 = 0.2256… → 0.23) and 2.46 (VAT
0.4269… → 0.43), together 3.76 with 0.66 VAT; 3.76 x 21/121 = 0.6525… → 0.65 would invoice a cent less
VAT than was booked and declared (issue 13 item 12).

Which receipts an invoice covers: set-offs and earlier invoices settle the client's commission debt oldest
first, so the part still open, which the invoice asks for, is the newest commissions. A receipt only part of
which falls in the invoice contributes its VAT in proportion (rounded once).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from recht.geld import NUL, rond_af

__all__ = ["factuur_btw", "factuur_btw_uit_provisies"]


def factuur_btw_uit_provisies(
    *, provisies: Iterable[tuple[Decimal, Decimal]], bedrag: Decimal
) -> tuple[Decimal, Decimal]:
    """(VAT, part not covered) of an invoice for ``bedrag`` of commission, given the per-receipt
    ``(provisie, btw)`` newest first. Whole receipts add their booked VAT; the last, partly covered one its
    VAT x covered / commission. Pure: no ORM."""
    rest = bedrag
    btw = NUL
    for provisie, b in provisies:
        if rest <= 0:
            break
        if provisie <= 0:
            continue
        if provisie <= rest:
            btw += b
            rest -= provisie
        else:
            btw += rond_af(b * rest / provisie)
            rest = NUL
    return btw, max(rest, NUL)


def factuur_btw(*, client_id: int, bedrag: Decimal, datum: date) -> Decimal:
    """The VAT of a commission invoice of ``bedrag`` to the client: the VAT booked with the client's newest
    direct-payment commissions (the journal entries that debit ``provisie_te_verrekenen`` of the client,
    each with its own ``btw_af_te_dragen`` line) that make up ``bedrag``. Reversed entries and their
    reversals do not count. A part no booked commission covers (not expected) gets the rate of ``datum``."""
    from django.db.models import Exists, OuterRef, Q, Sum

    from inning.models import Journaalpost, Journaalregel
    from tarieven.selectors import provisie_tarief

    commissie = Journaalregel.objects.filter(
        post=OuterRef("pk"),
        rekening__code="provisie_te_verrekenen",
        rekening__client_id=client_id,
        bedrag__gt=0,
    )
    posten = Journaalpost.objects.filter(
        Exists(commissie), tegenboeking_van__isnull=True, tegenboeking__isnull=True
    ).values("pk")
    rijen = (
        Journaalregel.objects.filter(
            post__in=posten,
            rekening__code__in=["provisie_te_verrekenen", "btw_af_te_dragen"],
        )
        .filter(Q(rekening__client_id=client_id) | Q(rekening__client_id__isnull=True))
        .values("post_id")
        .annotate(
            provisie=Sum("bedrag", filter=Q(rekening__code="provisie_te_verrekenen")),
            btw=Sum("bedrag", filter=Q(rekening__code="btw_af_te_dragen")),
        )
        .order_by("-post_id")
        .values_list("provisie", "btw")
    )
    provisies = ((rond_af(p or NUL), rond_af(-(b or NUL))) for p, b in rijen.iterator(chunk_size=200))
    btw, rest = factuur_btw_uit_provisies(provisies=provisies, bedrag=bedrag)
    if rest > 0:
        pct = provisie_tarief(datum).btw_percentage
        btw += rond_af(rest * pct / (100 + pct))
    return btw
