"""Proof that the money app's ledger is in order: its part of ``grootboek_controle`` (the whole check, with
the payout app's findings after these, is ``bank.controle``). Every check reads the journal afresh:

1. each journal entry's lines sum to zero and it has at least two lines;
2. the client money is covered: bank_derdengelden (+ money on its way from a payment service provider) = owed to clients + commission not yet transferred +
   recovered costs not yet transferred + unallocated receipts (``verschil`` is bank minus the rest);
3. no receipt is allocated twice: at most one live match per receipt, the status agrees with it, a live
   match's entry is not reversed and an undone one's is, and each match's allocation adds up to the receipt.

Nothing is corrected here: every problem is reported, never netted away.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from recht.geld import NUL, rond_af

from .ledger import CIRKEL, ONDERWEG, saldo_per_code
from .models import Controlemelding, Journaalpost, Journaalregel, Ontvangst, Toewijzing

MAX_FOUTEN_PER_SOORT = 20
# SQLite sums decimals in floating point (1e-13 noise); any real imbalance is at least a cent.
HALVE_CENT = Decimal("0.005")


def grootboek_fouten() -> tuple[list[str], Decimal]:
    """The money app's findings (Dutch, at most ``MAX_FOUTEN_PER_SOORT`` per kind) and the client-money
    difference (bank minus what it covers)."""
    fouten: list[str] = []

    scheef = (
        Journaalregel.objects.values("post_id")
        .annotate(s=Sum("bedrag"), n=Count("id"))
        .filter(Q(s__gt=HALVE_CENT) | Q(s__lt=-HALVE_CENT) | Q(n__lt=2))
        .order_by("post_id")[:MAX_FOUTEN_PER_SOORT]
    )
    fouten += [
        f"Journaalpost {r['post_id']} is niet in balans (verschil {rond_af(r['s'])}, {r['n']} regels)."
        for r in scheef
    ]
    zonder_regels = Journaalpost.objects.filter(regels__isnull=True).values_list("id", flat=True)[
        :MAX_FOUTEN_PER_SOORT
    ]
    fouten += [f"Journaalpost {pk} heeft geen regels." for pk in zonder_regels]

    per_code = saldo_per_code()
    verschil: Decimal = rond_af(sum((per_code[c] for c in CIRKEL), NUL))
    if verschil != 0:
        fouten.append(
            f"Derdengelden niet gedekt: bank {per_code['bank_derdengelden']} + onderweg bij betaaldienst "
            f"{sum((per_code[c] for c in ONDERWEG.values()), NUL)} ≠ verschuldigd aan cliënten "
            f"{-per_code['verschuldigd_aan_client']} + provisie {-per_code['provisie_nog_over_te_boeken']} + "
            f"kosten {-per_code['kosten_nog_over_te_boeken']} + ongealloceerd {-per_code['ongealloceerd']} "
            f"(verschil {verschil})."
        )

    dubbel = (
        Toewijzing.objects.filter(ongedaan_op__isnull=True)
        .values("ontvangst_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("ontvangst_id", flat=True)[:MAX_FOUTEN_PER_SOORT]
    )
    fouten += [f"Ontvangst {pk} is meer dan eens toegerekend." for pk in dubbel]
    live = Count("toewijzingen", filter=Q(toewijzingen__ongedaan_op__isnull=True))
    scheve_status = (
        Ontvangst.objects.annotate(live=live)
        .filter(Q(status="gematcht", live=0) | (~Q(status="gematcht") & Q(live__gt=0)))
        .values_list("id", flat=True)[:MAX_FOUTEN_PER_SOORT]
    )
    fouten += [f"Ontvangst {pk}: de status past niet bij de koppeling." for pk in scheve_status]
    tegengeboekt_maar_live = Toewijzing.objects.filter(
        ongedaan_op__isnull=True, post__tegenboeking__isnull=False
    ).values_list("id", flat=True)[:MAX_FOUTEN_PER_SOORT]
    fouten += [f"Koppeling {pk} is tegengeboekt maar staat nog open." for pk in tegengeboekt_maar_live]
    ongedaan_niet_tegengeboekt = Toewijzing.objects.filter(
        ongedaan_op__isnull=False, post__isnull=False, post__tegenboeking__isnull=True
    ).values_list("id", flat=True)[:MAX_FOUTEN_PER_SOORT]
    fouten += [
        f"Koppeling {pk} is ongedaan gemaakt zonder tegenboeking." for pk in ongedaan_niet_tegengeboekt
    ]
    scheve_toerekening = (
        Toewijzing.objects.annotate(t=Sum("toerekeningen__bedrag"))
        .annotate(d=F("t") - F("ontvangst__bedrag"))
        .filter(Q(t__isnull=True) | Q(d__gt=HALVE_CENT) | Q(d__lt=-HALVE_CENT))
        .values_list("id", flat=True)[:MAX_FOUTEN_PER_SOORT]
    )
    fouten += [f"Koppeling {pk}: de toerekening telt niet op tot de ontvangst." for pk in scheve_toerekening]

    return fouten, verschil


def controle_vastleggen(*, fouten: list[str], verschil: Decimal, opslaan: bool) -> dict:
    """The outcome of the whole check as ``grootboek_controle`` prints it; ``opslaan``: also stored, so a
    failure shows on the staff dashboard."""
    uitkomst = {"in_balans": not fouten, "verschil": format(verschil, "f"), "fouten": fouten}
    if opslaan:
        Controlemelding.objects.create(in_balans=not fouten, verschil=verschil, fouten=fouten)
    return uitkomst
