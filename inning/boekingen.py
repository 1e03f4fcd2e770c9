"""The journal recipes of client money, in one place: each function returns the lines of one entry and
writes nothing. ``inning.ledger.journaalpost_boek`` (one entry) and ``journaalposten_boek`` (many) persist
them; the demo seed writes the same lines in bulk. Why each recipe keeps the client money covered is in
``inning.ledger``'s docstring.

A line names its account by code and owner (``client`` / ``dossier`` primary key for the per-client and
per-dossier accounts), so a recipe needs no database. Amounts are signed: debit positive, credit negative.
Lines keep the order given; zero lines are dropped when the entry is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

__all__ = [
    "Regel",
    "afrekening_betaaldienst",
    "kosten",
    "ontvangst",
    "provisie_verrekening",
    "tegenboeking",
    "toewijzing",
    "toewijzing_direct",
    "uitbetaling",
]


@dataclass(frozen=True, slots=True)
class Regel:
    """One journal line: account ``rekening`` (its code) of ``client`` or ``dossier`` (pk, for the
    per-client and per-dossier codes), signed ``bedrag``."""

    rekening: str
    bedrag: Decimal
    client: int | None = None
    dossier: int | None = None


def ontvangst(*, bedrag: Decimal, rekening: str = "bank_derdengelden") -> list[Regel]:
    """Money reached the client-money account (or, for a debtor's online payment, the payment service
    provider's clearing account ``onderweg_<provider>``) and waits for a match."""
    return [Regel(rekening, bedrag), Regel("ongealloceerd", -bedrag)]


def afrekening_betaaldienst(*, onderweg: str, bruto: Decimal, kosten: Decimal) -> list[Regel]:
    """A payment service provider paid out its settlement: ``bruto`` of debtors' payments leaves the clearing
    account ``onderweg``, ``bruto - kosten`` reaches the bank. The fee ``kosten`` is the agency's cost, never
    the client's or the debtor's: the provider took it out of the client money, so the agency's commission
    still held there (``provisie_nog_over_te_boeken`` / ``vordering_op_derdengelden``) pays for it, exactly
    as a commission transfer would, with the cost account in place of the agency's bank."""
    return [
        Regel("bank_derdengelden", bruto - kosten),
        Regel("provisie_nog_over_te_boeken", kosten),
        Regel(onderweg, -bruto),
        Regel("kosten_betaaldienst", kosten),
        Regel("vordering_op_derdengelden", -kosten),
    ]


def toewijzing(
    *,
    bedrag: Decimal,
    client: int,
    dossier: int,
    naar_client: Decimal,
    provisie: Decimal,
    btw: Decimal,
    kosten: Decimal,
) -> list[Regel]:
    """A receipt of ``bedrag`` matched to ``dossier`` (of ``client``): the client's share, the commission
    (incl. ``btw``) and, for a costs part, the recovered bailiff costs (``naar_client + provisie + kosten ==
    bedrag``)."""
    regels = [
        Regel("ongealloceerd", bedrag),
        Regel("verschuldigd_aan_client", -naar_client, client=client),
        Regel("provisie_nog_over_te_boeken", -provisie),
        Regel("vordering_op_derdengelden", provisie),
        Regel("provisie_opbrengst", -(provisie - btw)),
        Regel("btw_af_te_dragen", -btw),
    ]
    if kosten:
        regels += [
            Regel("kosten_nog_over_te_boeken", -kosten),
            Regel("deurwaarderskosten", kosten, dossier=dossier),
            Regel("te_ontvangen_debiteur", -kosten, dossier=dossier),
        ]
    return regels


def toewijzing_direct(*, client: int, provisie: Decimal, btw: Decimal) -> list[Regel]:
    """A direct payment confirmed: the debtor paid the client, so only the commission the client now owes
    the agency is booked."""
    return [
        Regel("provisie_te_verrekenen", provisie, client=client),
        Regel("provisie_opbrengst", -(provisie - btw)),
        Regel("btw_af_te_dragen", -btw),
    ]


def kosten(*, dossier: int, bedrag: Decimal) -> list[Regel]:
    """Bailiff costs charged to the debtor, to be recovered from later receipts."""
    return [
        Regel("te_ontvangen_debiteur", bedrag, dossier=dossier),
        Regel("deurwaarderskosten", -bedrag, dossier=dossier),
    ]


def provisie_verrekening(*, client: int, bedrag: Decimal) -> list[Regel]:
    """Commission the client owes (direct payments) set off against what the agency owes the client."""
    return [
        Regel("verschuldigd_aan_client", bedrag, client=client),
        Regel("provisie_nog_over_te_boeken", -bedrag),
        Regel("vordering_op_derdengelden", bedrag),
        Regel("provisie_te_verrekenen", -bedrag, client=client),
    ]


def uitbetaling(*, client: int, bruto: Decimal, netto: Decimal, verrekend: Decimal) -> list[Regel]:
    """A payout: ``bruto`` off the client's balance, ``netto`` transferred by SEPA and ``verrekend`` of it set
    off against commission the client owes (``bruto == netto + verrekend``)."""
    return [
        Regel("verschuldigd_aan_client", bruto, client=client),
        Regel("bank_derdengelden", -netto),
        Regel("provisie_nog_over_te_boeken", -verrekend),
        Regel("vordering_op_derdengelden", verrekend),
        Regel("provisie_te_verrekenen", -verrekend, client=client),
    ]


R = TypeVar("R")


def tegenboeking(regels: Sequence[tuple[R, Decimal]]) -> list[tuple[R, Decimal]]:
    """The lines that reverse an entry: each line negated, in the same order."""
    return [(rekening, -bedrag) for rekening, bedrag in regels]
