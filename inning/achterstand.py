"""Adapter from a dossier (ORM) to the pure arrears engine ``inning.recht.achterstand``.

Reads the dossier's obligations, one-off claims, stuitingen and payments and the indexation table, and
computes the statement afresh on every call: there is nothing cached that could go stale when an obligation
or a payment changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from dossiers.models import Dossier
from inning.recht.achterstand import (
    Achterstandsoverzicht,
    Betaling,
    achterstand_bereken,
    wettelijke_rente_achterstand,
)
from inning.recht.termijnen import EenmaligeVordering, Verplichting
from tarieven import selectors

__all__ = ["AchterstandSpecificatie", "dossier_achterstand", "dossier_achterstand_specificatie"]


@dataclass(frozen=True)
class AchterstandSpecificatie:
    dossier: Dossier
    overzicht: Achterstandsoverzicht
    onbevestigd: tuple[str, ...]  # unconfirmed table values the statement used, to show next to it
    wettelijke_rente: Decimal | None = None  # only when the dossier asks for statutory interest


def _betalingen_bron() -> Callable[..., list[tuple[date, Decimal]]]:
    """The money app's ``inning.selectors.dossier_betalingen`` when it is installed, else ``_geen_betalingen``."""
    try:
        module = importlib.import_module("inning.selectors")
    except ImportError:
        return _geen_betalingen
    return getattr(module, "dossier_betalingen", _geen_betalingen)


def _geen_betalingen(*, dossier_id: int) -> list[tuple[date, Decimal]]:
    """Payments are supplied by the money app (``inning.selectors.dossier_betalingen``); without it there are
    no recorded payments to allocate."""
    return []


def _verplichtingen(dossier: Dossier) -> list[Verplichting]:
    return [
        Verplichting(
            soort=v.soort,
            bedrag=v.bedrag,
            vastgesteld_op=v.vastgesteld_op,
            ingangsdatum=v.ingangsdatum,
            einddatum=v.einddatum,
            vervaldag=v.vervaldag,
            # art. 1:402a lid 3 BW: the title can exclude indexation, whatever the obligation row says
            indexeren=v.indexeren and not (v.titel is not None and v.titel.indexering_uitgesloten),
            omschrijving=v.kind_naam,
        )
        for v in dossier.verplichtingen.select_related("titel").order_by("id")
    ]


def _bereken(dossier: Dossier, peildatum: date) -> tuple[Achterstandsoverzicht, list[Verplichting]]:
    verplichtingen = _verplichtingen(dossier)
    overzicht = achterstand_bereken(
        peildatum=peildatum,
        verplichtingen=verplichtingen,
        betalingen=[Betaling(datum=d, bedrag=b) for d, b in _betalingen_bron()(dossier_id=dossier.pk)],
        eenmalig=[
            EenmaligeVordering(datum=e.datum, bedrag=e.bedrag, omschrijving=e.omschrijving)
            for e in dossier.eenmalige_vorderingen.order_by("datum", "id")
        ],
        stuitingen=list(dossier.stuitingen.values_list("datum", flat=True)),
        indexatie=selectors.indexatie_tabel(),
    )
    return overzicht, verplichtingen


def dossier_achterstand(*, dossier: Dossier, peildatum: date | None = None) -> Achterstandsoverzicht:
    """The arrears statement of ``dossier`` on ``peildatum`` (default: today in Amsterdam).

    Raises ``inning.recht.TariefOntbreekt`` when an indexed termijn falls in a year without a percentage.
    """
    return _bereken(dossier, peildatum or timezone.localdate())[0]


def dossier_achterstand_specificatie(
    *, dossier: Dossier, peildatum: date | None = None
) -> AchterstandSpecificatie:
    """The statement plus the unconfirmed table values it used (for the page and the PDF), and the statutory
    interest when the dossier asks for it (``Dossier.wettelijke_rente``)."""
    overzicht, verplichtingen = _bereken(dossier, peildatum or timezone.localdate())
    onbevestigde_jaren = selectors.indexatie_onbevestigd()
    gebruikt = {
        jaar
        for t in overzicht.termijnen
        if t.verplichting is not None and verplichtingen[t.verplichting].indexeren
        for jaar in range(verplichtingen[t.verplichting].vastgesteld_op.year + 1, t.vervaldatum.year + 1)
    }
    onbevestigd = [
        f"Het indexeringspercentage van {jaar} is niet bevestigd."
        for jaar in sorted(gebruikt & onbevestigde_jaren)
    ]
    rente = None
    if dossier.wettelijke_rente:
        tarieven = selectors.wettelijke_rente_tabel()
        rente = wettelijke_rente_achterstand(overzicht=overzicht, tarieven=tarieven)
        onbevestigd += _onbevestigde_rente(overzicht, tarieven)
    return AchterstandSpecificatie(
        dossier=dossier, overzicht=overzicht, onbevestigd=tuple(onbevestigd), wettelijke_rente=rente
    )


def _onbevestigde_rente(overzicht: Achterstandsoverzicht, tarieven: list[tuple[date, Decimal]]) -> list[str]:
    """Unconfirmed interest rates whose period overlaps the days interest ran (first default .. peildatum)."""
    if not overzicht.termijnen:
        return []
    begin = min(t.vervaldatum for t in overzicht.termijnen)
    onbevestigd = selectors.wettelijke_rente_onbevestigd()
    meldingen = []
    for i, (vanaf, pct) in enumerate(tarieven):
        tot = tarieven[i + 1][0] if i + 1 < len(tarieven) else date.max
        if vanaf in onbevestigd and vanaf < overzicht.peildatum and tot > begin:
            meldingen.append(f"De wettelijke rente van {pct}% vanaf {vanaf:%d-%m-%Y} is niet bevestigd.")
    return meldingen
