"""Issue 13 item 8: the dossier's title decides the limitation of a one-off sum, per termijn.

One-off "Orthodontist" 500.00 due 1 March 2015, monthly 100.00 from 1 January 2015 to 31 March 2015,
statement on 1 June 2025, no stuiting:
- under a beschikking of 1 February 2015: the one-off sum is enforceable for 20 years from the later of the
  decision's day and its due date (art. 3:324 lid 1 BW): open until 1 March 2035; the monthly termijnen are
  periodic (art. 3:324 lid 3 BW): barred after 5 years (1 January / 1 February / 1 March 2020);
- under a notarial deed or a private agreement: 5 years (art. 3:307 lid 1 BW): barred after 1 March 2020.
"""

from datetime import date
from decimal import Decimal

import pytest

from dossiers.models import EenmaligeVordering, Titel, Verplichting
from inning.achterstand import dossier_achterstand

from .geld_factories import maak_dossier

D = Decimal
pytestmark = pytest.mark.django_db


def _dossier(soort: str):
    dossier = maak_dossier(bedrag=None)
    titel = Titel.objects.create(dossier=dossier, soort=soort, datum=date(2015, 2, 1))
    Verplichting.objects.create(
        dossier=dossier, titel=titel, soort="kinderalimentatie", bedrag=D("100.00"), vervaldag=1,
        vastgesteld_op=date(2014, 12, 1), ingangsdatum=date(2015, 1, 1), einddatum=date(2015, 3, 31),
        indexeren=False,
    )  # fmt: skip
    EenmaligeVordering.objects.create(
        dossier=dossier, datum=date(2015, 3, 1), bedrag=D("500.00"), omschrijving="Orthodontist"
    )
    return dossier


@pytest.mark.parametrize("soort", ["beschikking", "vonnis", "arbitraal_buitenlands"])
def test_one_off_under_a_court_decision_runs_twenty_years(soort):
    o = dossier_achterstand(dossier=_dossier(soort), peildatum=date(2025, 6, 1))
    eenmalig = next(t for t in o.termijnen if t.verplichting is None)
    assert (eenmalig.verjaard, eenmalig.verjaringseinde) == (False, date(2035, 3, 1))
    assert all(t.verjaard for t in o.termijnen if t.verplichting is not None)  # periodic: 5 years
    assert (o.totaal.open, o.totaal.verjaard) == (D("500.00"), D("300.00"))


@pytest.mark.parametrize("soort", ["notariele_akte", "geen"])
def test_one_off_under_a_deed_or_agreement_runs_five_years(soort):
    o = dossier_achterstand(dossier=_dossier(soort), peildatum=date(2025, 6, 1))
    eenmalig = next(t for t in o.termijnen if t.verplichting is None)
    assert (eenmalig.verjaard, eenmalig.verjaringseinde) == (True, date(2020, 3, 1))
    assert (o.totaal.open, o.totaal.verjaard) == (D("0.00"), D("800.00"))
