"""Fixtures: receipts per dossier, set by the test (the ledger's selector is replaced for the test)."""

from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture
def betalingen(monkeypatch) -> dict[int, list[tuple[date, Decimal]]]:
    """`betalingen[dossier.id] = [(date, Decimal)]` — what `inning.selectors.dossier_betalingen` returns."""
    import inning.selectors

    tabel: dict[int, list[tuple[date, Decimal]]] = {}
    monkeypatch.setattr(
        inning.selectors,
        "dossier_betalingen",
        lambda *, dossier_id, met_rente=False: list(tabel.get(dossier_id, [])),
    )
    return tabel
