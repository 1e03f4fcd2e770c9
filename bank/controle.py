"""The whole ledger check (``grootboek_controle``, daily on the beat): the money app's invariants
(``inning.controle``), then the payout app's (``uitbetaling.selectors.uitbetaling_controle_fouten``). It is
composed here, in the app above both, because the payout app builds on the money app and not the other way
round. Nothing is corrected: every problem is reported, never netted away.
"""

from __future__ import annotations

from inning.controle import controle_vastleggen, grootboek_fouten
from uitbetaling.selectors import uitbetaling_controle_fouten

__all__ = ["grootboek_controleer"]


def grootboek_controleer(*, opslaan: bool = False) -> dict:
    """``{"in_balans": bool, "verschil": "0.00", "fouten": [...]}``; ``opslaan``: also stored as a
    ``Controlemelding`` (the staff dashboard shows the latest failure)."""
    fouten, verschil = grootboek_fouten()
    fouten += uitbetaling_controle_fouten()
    return controle_vastleggen(fouten=fouten, verschil=verschil, opslaan=opslaan)
