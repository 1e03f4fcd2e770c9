"""The four public calculators as functions over validated input: shared by the API (``staf.tarieven.api``) and the
pages (``staf.tarieven.views``). They read the tables through ``tarieven.selectors`` and compute with the pure
functions; a missing table row becomes a ``Rekenfout`` with a message for the field that caused it.

Every answer lists the unconfirmed table values it used under ``onbevestigd`` (only when there are any).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from recht.achterstand import Achterstandsoverzicht, Betaling, achterstand_bereken
from recht.fouten import OngeldigeInvoer, TariefOntbreekt
from recht.geld import bedrag_str
from recht.indexering import indexeer
from recht.kalender import Kalender
from recht.provisie import provisie_bereken
from recht.termijnen import EenmaligeVordering, Verplichting
from recht.toerekening import aanwijzing_lees
from tarieven import selectors
from tarieven.models import ExtraNietWerkdag


class Rekenfout(Exception):
    """Input the calculator cannot answer; ``fouten`` maps a field to its messages."""

    def __init__(self, fouten: dict[str, list[str]]) -> None:
        self.fouten = fouten
        super().__init__(fouten)


def _pct(p: Decimal) -> str:
    """A percentage as the table states it: 1.90 → "1.9", 12.00 → "12"."""
    tekst = format(p.normalize(), "f")
    return tekst


def _onbevestigde_indexatie(jaren: set[int], tabel: dict[int, Decimal]) -> list[str]:
    onbevestigd = selectors.indexatie_onbevestigd()
    return [
        f"Indexeringspercentage {j} ({_pct(tabel[j])}%) is niet bevestigd; een beheerder moet het controleren."
        for j in sorted(jaren & onbevestigd)
    ]


def _met_onbevestigd(antwoord: dict[str, Any], onbevestigd: list[str]) -> dict[str, Any]:
    if onbevestigd:
        antwoord["onbevestigd"] = onbevestigd
    return antwoord


def werkdagen_rekenhulp(*, datum: date, werkdagen: int) -> dict[str, Any]:
    extra_rijen = list(ExtraNietWerkdag.objects.values_list("datum", "bevestigd", "omschrijving"))
    extra = frozenset(d for d, _, _ in extra_rijen)
    uitkomst = Kalender(besluitdagen=extra).werkdagen_na(datum, werkdagen)
    onbevestigd = [
        f"Extra niet-werkdag {d.isoformat()} ({oms}) is niet bevestigd."
        for d, bevestigd, oms in sorted(extra_rijen)
        if not bevestigd and datum <= d <= uitkomst
    ]
    return _met_onbevestigd({"datum": uitkomst.isoformat()}, onbevestigd)


def _voorlopig_meldingen(jaren: Sequence[int]) -> list[str]:
    """Issue 13 item 6: a year without a published percentage uses the last known amount, said so."""
    return [
        f"Het indexeringspercentage van {j} is nog niet vastgesteld: voor {j} is voorlopig het laatst bekende "
        f"bedrag gebruikt."
        for j in jaren
    ]


def indexering_rekenhulp(*, bedrag: Decimal, vastgesteld_op: date, jaar: int) -> dict[str, Any]:
    tabel = selectors.indexatie_tabel()
    try:
        uitkomst = indexeer(bedrag=bedrag, vastgesteld_op=vastgesteld_op, jaar=jaar, tabel=tabel)
    except TariefOntbreekt as fout:
        raise Rekenfout({"jaar": [str(fout)]}) from fout
    onbevestigd_jaren = selectors.indexatie_onbevestigd()
    antwoord: dict[str, Any] = {
        "bedrag": bedrag_str(uitkomst.bedrag),
        "stappen": [
            {
                "jaar": s.jaar,
                "percentage": _pct(s.percentage),
                "bedrag": bedrag_str(s.bedrag),
                "bevestigd": s.jaar not in onbevestigd_jaren and not s.voorlopig,
                "voorlopig": s.voorlopig,
            }
            for s in uitkomst.stappen
        ],
    }
    if uitkomst.voorlopig:
        antwoord["voorlopig"] = _voorlopig_meldingen([s.jaar for s in uitkomst.stappen if s.voorlopig])
    return _met_onbevestigd(antwoord, _onbevestigde_indexatie({s.jaar for s in uitkomst.stappen}, tabel))


def provisie_rekenhulp(*, bedrag: Decimal, datum: date) -> dict[str, Any]:
    try:
        tarief = selectors.provisie_tarief(datum)
    except TariefOntbreekt as fout:
        raise Rekenfout({"datum": [str(fout)]}) from fout
    uitkomst = provisie_bereken(
        bedrag=bedrag, percentage=tarief.percentage, btw_percentage=tarief.btw_percentage
    )
    onbevestigd = (
        []
        if tarief.bevestigd
        else [
            f"Provisietarief vanaf {tarief.vanaf.isoformat()} of btw-tarief vanaf "
            f"{tarief.btw_vanaf.isoformat()} is niet bevestigd."
        ]
    )
    return _met_onbevestigd(
        {
            "provisie": bedrag_str(uitkomst.provisie),
            "waarvan_btw": bedrag_str(uitkomst.waarvan_btw),
            "btw_percentage": bedrag_str(tarief.btw_percentage),
            "naar_client": bedrag_str(uitkomst.naar_client),
        },
        onbevestigd,
    )


def achterstand_json(overzicht: Achterstandsoverzicht) -> dict[str, Any]:
    """The calculator's answer shape for an arrears statement (``voorlopig`` only when there is a
    provisional termijn)."""
    t = overzicht.totaal
    antwoord: dict[str, Any] = {
        "termijnen": [
            {
                "vervaldatum": s.vervaldatum.isoformat(),
                "verplichting": s.verplichting,
                "omschrijving": s.omschrijving,
                "bedrag": bedrag_str(s.bedrag),
                "betaald": bedrag_str(s.betaald),
                "open": bedrag_str(s.open),
                "verjaard": s.verjaard,
                "verjaringseinde": s.verjaringseinde.isoformat(),
                "voorlopig": s.voorlopig,
            }
            for s in overzicht.termijnen
        ],
        "totaal": {
            "verschuldigd": bedrag_str(t.verschuldigd),
            "betaald": bedrag_str(t.betaald),
            "open": bedrag_str(t.open),
            "verjaard": bedrag_str(t.verjaard),
            "teveel_betaald": bedrag_str(t.teveel_betaald),
            "waarvan_indexering": bedrag_str(t.waarvan_indexering),
        },
    }
    if overzicht.voorlopig:
        antwoord["voorlopig"] = _voorlopig_meldingen(overzicht.voorlopige_jaren)
    return antwoord


def achterstand_rekenhulp(
    *,
    peildatum: date,
    verplichtingen: Sequence[dict[str, Any]],
    betalingen: Sequence[dict[str, Any]] = (),
    eenmalig: Sequence[dict[str, Any]] = (),
    stuitingen: Sequence[date] = (),
) -> dict[str, Any]:
    tabel = selectors.indexatie_tabel()
    vs = [Verplichting(**v) for v in verplichtingen]
    try:
        overzicht = achterstand_bereken(
            peildatum=peildatum,
            verplichtingen=vs,
            # Issue 13 item 7: a payment after the reference date is not part of the arrears on that date,
            # just as a one-off claim after it is not (``termijnrijen``).
            betalingen=[
                Betaling(
                    datum=b["datum"],
                    bedrag=b["bedrag"],
                    aanwijzing=aanwijzing_lees(b.get("omschrijving", "")),
                )
                for b in betalingen
                if b["datum"] <= peildatum
            ],
            eenmalig=[EenmaligeVordering(**e) for e in eenmalig],
            stuitingen=list(stuitingen),
            indexatie=tabel,
        )
    except TariefOntbreekt as fout:
        raise Rekenfout({"verplichtingen": [str(fout)]}) from fout
    except OngeldigeInvoer as fout:
        raise Rekenfout({fout.veld: [fout.melding]}) from fout
    gebruikte_jaren = {
        j
        for s in overzicht.termijnen
        if s.verplichting is not None and vs[s.verplichting].indexeren
        for j in range(vs[s.verplichting].vastgesteld_op.year + 1, s.vervaldatum.year + 1)
    }
    return _met_onbevestigd(achterstand_json(overzicht), _onbevestigde_indexatie(gebruikte_jaren, tabel))
