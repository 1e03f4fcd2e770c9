"""How one receipt is allocated (art. 6:43/6:44 BW via ``recht.toerekening``) and what its match books:
costs first, then statutory interest where the dossier claims it, then the termijnen, oldest first unless
the debtor designated one; commission (``recht.provisie``) on everything except the costs part.

``verdeel`` reads the dossier's open termijnen, costs and interest from the database; ``verdeel_over`` is
the same once that input is known, so the bulk statement import (``bank``) allocates a block of receipts
from input it loaded once, with the same outcome.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from dossiers.models import Dossier
from recht.fouten import OngeldigeInvoer, TariefOntbreekt
from recht.geld import NUL
from recht.provisie import Provisie, provisie_bereken
from recht.toerekening import OpenTermijn, aanwijzing_lees, toereken_ontvangst
from tarieven.selectors import provisie_tarief

from . import boekingen, ledger
from .achterstand import dossier_achterstand, dossier_rente_open
from .boekingen import Regel
from .models import Ontvangst, Toewijzing

logger = logging.getLogger(__name__)

__all__ = ["Verdeling", "regels_toewijzing", "termijn_maand", "verdeel", "verdeel_over", "voor_de_opdracht"]


@dataclass(frozen=True)
class Verdeling:
    kosten: Decimal
    rente: Decimal
    provisie: Decimal
    btw: Decimal
    naar_client: Decimal
    delen: list[tuple[str, date | None, str, Decimal]]  # (soort, vervaldatum, omschrijving, bedrag)
    regel: str = Toewijzing.Regel.OUDSTE  # art. 6:43 lid 2, or lid 1 when a designated termijn was paid
    aanwijzing: str = ""  # the month the description designated, "2026-03"; blank: none


def toewijzing_van(
    verdeling: Verdeling, *, ontvangst: Ontvangst, dossier, post, automatisch: bool, door
) -> Toewijzing:
    """The (unsaved) allocation row of ``verdeling``: one shape for the single booking and the bulk import."""
    v = verdeling
    return Toewijzing(
        ontvangst=ontvangst,
        dossier=dossier,
        post=post,
        provisie=v.provisie,
        btw=v.btw,
        naar_client=v.naar_client,
        kosten=v.kosten,
        rente=v.rente,
        regel=v.regel,
        aanwijzing=v.aanwijzing,
        automatisch=automatisch,
        door=door,
    )


def aanwijzing_tekst(aanwijzing: tuple[int, int] | None) -> str:
    return "" if aanwijzing is None else f"{aanwijzing[0]:04d}-{aanwijzing[1]:02d}"


def _open_termijnen(dossier: Dossier, datum: date) -> list[OpenTermijn]:
    """The dossier's open termijnen on ``datum`` per the arrears engine (which already allocated the
    earlier payments). Without obligations, or when the indexation table lacks a year, there is nothing
    to allocate to and the whole receipt stays unallocated principal ("vooruit")."""
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
            maand=termijn_maand(t.vervaldatum, t.verplichting),
        )
        for t in overzicht.termijnen
        if t.open > 0
    ]


def termijn_maand(vervaldatum: date, verplichting: int | None) -> tuple[int, int] | None:
    """The month a debtor designates a periodic termijn by (art. 6:43 lid 1 BW); None for a one-off sum."""
    return None if verplichting is None else (vervaldatum.year, vervaldatum.month)


def _open_rente(dossier: Dossier, datum: date) -> Decimal:
    """Statutory interest open on ``datum`` on a dossier that claims it (``inning.achterstand.rente_open``);
    0 when the statement cannot be made, as ``_open_termijnen`` then allocates nothing either."""
    try:
        return dossier_rente_open(dossier=dossier, peildatum=datum)
    except (TariefOntbreekt, OngeldigeInvoer) as fout:
        logger.warning("toerekening zonder rente voor dossier %s: %s", dossier.pk, fout)
        return NUL


def verdeel(
    *,
    dossier: Dossier,
    bedrag: Decimal,
    datum: date,
    met_kosten: bool,
    omschrijving: str = "",
    met_provisie: bool = True,
) -> Verdeling:
    """Allocate one receipt (art. 6:43/6:44 BW via ``recht.toerekening``): costs, then statutory
    interest when the dossier claims it, then termijnen; and compute commission on everything except the
    costs part (DOMAIN: bailiff costs recovered carry no commission; interest collected does).
    ``met_provisie=False``: allocated all the same, but no commission (a direct payment before the order)."""
    open_kosten = ledger.saldo("te_ontvangen_debiteur", dossier=dossier) if met_kosten else NUL
    return verdeel_over(
        bedrag=bedrag,
        datum=datum,
        termijnen=_open_termijnen(dossier, datum),
        open_kosten=open_kosten,
        open_rente=_open_rente(dossier, datum),
        tarief=provisie_tarief(datum) if met_provisie else None,
        omschrijving=omschrijving,
    )


def voor_de_opdracht(ontvangst: Ontvangst, dossier: Dossier) -> bool:
    """A direct payment dated before the day the order was received: the agency did not collect it, so it
    carries no commission (the agency's promise covers direct payments *after* the order, issue 13 item 5);
    it still pays the arrears."""
    if ontvangst.bron != Ontvangst.Bron.DIRECT:
        return False
    opdracht = getattr(dossier, "opdracht", None)
    if opdracht is None:
        return False
    return ontvangst.datum < timezone.localdate(opdracht.ontvangen_op)


def verdeel_over(
    *,
    bedrag: Decimal,
    datum: date,
    termijnen: list[OpenTermijn],
    open_kosten: Decimal,
    open_rente: Decimal = NUL,
    tarief,
    omschrijving: str = "",
) -> Verdeling:
    """``_verdeel`` once its input is known: the open termijnen, costs and interest and the commission rate
    (``tarief=None``: no commission on this receipt). ``omschrijving``: the receipt's description, read for
    the debtor's designation (art. 6:43 lid 1 BW)."""
    aanwijzing = aanwijzing_lees(omschrijving)
    split = toereken_ontvangst(
        bedrag=bedrag,
        datum=datum,
        termijnen=termijnen,
        kosten=max(NUL, open_kosten),
        rente=open_rente,
        aanwijzing=aanwijzing,
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
    if tarief is None:
        p = Provisie(provisie=NUL, waarvan_btw=NUL, naar_client=bedrag - split.kosten)
    else:
        p = provisie_bereken(
            bedrag=bedrag - split.kosten, percentage=tarief.percentage, btw_percentage=tarief.btw_percentage
        )
    return Verdeling(
        kosten=split.kosten,
        rente=split.rente,
        provisie=p.provisie,
        btw=p.waarvan_btw,
        naar_client=p.naar_client,
        delen=[(s, v, o, b) for (s, v, o), b in delen.items()],
        regel=Toewijzing.Regel.AANWIJZING if split.aangewezen else Toewijzing.Regel.OUDSTE,
        aanwijzing=aanwijzing_tekst(aanwijzing),
    )


def regels_toewijzing(ontvangst: Ontvangst, dossier: Dossier, v: Verdeling) -> list[Regel]:
    """The lines of the match of ``ontvangst`` to ``dossier`` allocated as ``v``. A direct payment never
    reached our bank: only the commission the client now owes the agency is booked."""
    if ontvangst.bron == Ontvangst.Bron.DIRECT:
        return boekingen.toewijzing_direct(client=dossier.client_id, provisie=v.provisie, btw=v.btw)
    return boekingen.toewijzing(
        bedrag=ontvangst.bedrag,
        client=dossier.client_id,
        dossier=dossier.pk,
        naar_client=v.naar_client,
        provisie=v.provisie,
        btw=v.btw,
        kosten=v.kosten,
    )
