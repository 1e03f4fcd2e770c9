"""Dashboard figures: reminders on time per week (target 100%), findings per kind, and the SVG bar chart."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine

from incasso.selectors import dashboard_cijfers
from incasso.tasks import eerste_aanmaning
from staf.incasso.grafiek import staafdiagram

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db


def test_reminders_on_time_are_counted_per_week():
    # Week of Mon 13 April 2026. On time: received Mon 13, letter Tue 14 (≤ Wed 15).
    # Late: received Wed 1 April; 2 working days after it are Thu 2 and Tue 7 April (3 and 6 April are
    # holidays), so a letter on Tue 14 April is late.
    with time_machine.travel(datetime(2026, 4, 14, 10, 0, tzinfo=AMS), tick=False):
        op_tijd = geaccepteerd_dossier(ontvangen_op=datetime(2026, 4, 13, 9, 0, tzinfo=AMS))
        te_laat = geaccepteerd_dossier(ontvangen_op=datetime(2026, 4, 1, 9, 0, tzinfo=AMS))
        eerste_aanmaning(op_tijd.pk)
        eerste_aanmaning(te_laat.pk)
    cijfers = dashboard_cijfers(vandaag=date(2026, 4, 17), weken=2)
    assert cijfers["op_tijd"] == [(date(2026, 4, 6), 0, 0), (date(2026, 4, 13), 1, 2)]
    assert dict((code, n) for code, _label, n in cijfers["per_status"])["actief"] == 2
    # Both reminders are 0–30 days old; each claims 4 × 350.00 = 1,400.00 → 2,800.00.
    assert cijfers["leeftijd"][0][1] == D("2800.00")


def test_bar_heights_are_proportional_and_values_are_written_in_dutch():
    g = staafdiagram(titel="Geïnd", reeks=[("a", D("50")), ("b", D("100")), ("c", None)], euro=True)
    hoog = [s.hoogte for s in g.staven]
    assert hoog[1] == pytest.approx(2 * hoog[0]) and hoog[2] == 0
    assert [s.waarde_tekst for s in g.staven] == ["€ 50,00", "€ 100,00", "–"]
    assert "b: € 100,00" in g.beschrijving
