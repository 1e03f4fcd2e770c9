"""Fixtures: the debtor's payments, booked in the ledger (``inning.services``) as real receipts."""

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from itertools import count

import pytest

from dossiers.models import Dossier
from inning.services import ontvangst_registreer


@pytest.fixture
def betaal() -> Callable[[Dossier, Iterable[tuple[date, Decimal]]], None]:
    """`betaal(dossier, [(datum, bedrag), ...])`: each payment a receipt booked, matched to the dossier and
    allocated by the ledger, which every reader (arrears, arrangement check) then sees."""
    volgnummer = count(1)

    def boek(dossier: Dossier, betalingen: Iterable[tuple[date, Decimal]]) -> None:
        for datum, bedrag in betalingen:
            n = next(volgnummer)
            ontvangst_registreer(
                dossier=dossier,
                bedrag=bedrag,
                datum=datum,
                bron_type="overig",
                bron_id=f"test-{n}",
                omschrijving="Betaling debiteur",
                sleutel=f"test:{dossier.pk}:{n}",
            )

    return boek
