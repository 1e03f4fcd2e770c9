"""The "specificatie achterstand" as a PDF (WeasyPrint): the dossier's arrears statement per termijn.

Amounts in the Dutch form (``nlai.geld.euro``: € 1.234,56), dates written out in Dutch (``2 april 2026``).
Rendering takes ~100 ms a page: call it from a Celery task (ARCHITECTURE: never inside a request or a
database transaction); the function itself only reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from dossiers.models import Dossier
from inning.achterstand import AchterstandSpecificatie, dossier_achterstand_specificatie
from inning.recht.termijnen import MAANDEN
from nlai.geld import euro

__all__ = ["achterstand_pdf", "achterstand_pdf_context", "datum_voluit"]

TEMPLATE = "inning/specificatie_achterstand.html"


def datum_voluit(d: date) -> str:
    """``2 april 2026``: the way a Dutch letter writes a date (independent of the active locale)."""
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def achterstand_pdf_context(spec: AchterstandSpecificatie) -> dict[str, Any]:
    """The template context with every amount and date already formatted."""
    o = spec.overzicht
    t = o.totaal
    return {
        "dossier": spec.dossier,
        "peildatum": datum_voluit(o.peildatum),
        "onbevestigd": spec.onbevestigd,
        "wettelijke_rente": None if spec.wettelijke_rente is None else euro(spec.wettelijke_rente),
        "termijnen": [
            {
                "vervaldatum": datum_voluit(s.vervaldatum),
                "omschrijving": s.omschrijving,
                "bedrag": euro(s.bedrag),
                "betaald": euro(s.betaald),
                "open": euro(s.open),
                "indexering": euro(s.indexering_open),
                "verjaard": s.verjaard,
                "verjaringseinde": datum_voluit(s.verjaringseinde),
            }
            for s in o.termijnen
        ],
        "betalingen": [{"datum": datum_voluit(b.datum), "bedrag": euro(b.bedrag)} for b in o.betalingen],
        "totaal": {
            "verschuldigd": euro(t.verschuldigd),
            "betaald": euro(t.betaald),
            "open": euro(t.open),
            "verjaard": euro(t.verjaard),
            "teveel_betaald": euro(t.teveel_betaald),
            "waarvan_indexering": euro(t.waarvan_indexering),
            "heeft_verjaard": t.verjaard > 0,
            "heeft_teveel": t.teveel_betaald > 0,
        },
    }


def achterstand_html(*, dossier: Dossier, peildatum: date | None = None) -> str:
    spec = dossier_achterstand_specificatie(dossier=dossier, peildatum=peildatum)
    with translation.override("nl"):
        return render_to_string(TEMPLATE, achterstand_pdf_context(spec))


def achterstand_pdf(*, dossier: Dossier, peildatum: date | None = None) -> bytes:
    """The PDF bytes of the arrears specification of ``dossier`` on ``peildatum`` (default today)."""
    from weasyprint import HTML  # heavy import: only where a PDF is made

    return HTML(string=achterstand_html(dossier=dossier, peildatum=peildatum)).write_pdf()
