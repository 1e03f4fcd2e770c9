"""The SVG chart: accessible, escaped, bars proportional to the amounts."""

import re
from datetime import date
from decimal import Decimal

from uitbetaling.grafiek import MaandCijfer, mooie_schaal, svg_verschuldigd_betaald


def test_chart_has_title_desc_and_one_bar_per_series_per_month():
    maanden = [
        MaandCijfer(date(2026, 9, 1), Decimal("450.00"), Decimal("450.00")),
        MaandCijfer(date(2026, 10, 1), Decimal("450.00"), Decimal("225.00")),
        MaandCijfer(date(2026, 11, 1), Decimal("450.00"), Decimal("0.00")),
    ]
    svg = str(svg_verschuldigd_betaald(maanden=maanden, titel="Verschuldigd <en> betaald", id_prefix="g1"))
    assert 'role="img"' in svg
    assert '<title id="g1-titel">Verschuldigd &lt;en&gt; betaald</title>' in svg
    assert "okt 2026: verschuldigd € 450,00, betaald € 225,00" in svg
    hoogtes = [
        float(h) for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    ]
    # 6 bars, then 2 legend squares. Axis top 800 (4 × 200: the first 1-2-2.5-5 step that covers 450).
    staven = hoogtes[:6]
    assert staven[0] == staven[1] == staven[2]  # 450 due, 450 paid, 450 due
    assert abs(staven[3] - staven[2] / 2) < 0.2  # 225 is half of 450
    assert staven[5] == 0.0
    assert "style=" not in svg  # the CSP forbids inline styles


def test_axis_scale_is_a_round_step_that_covers_the_maximum():
    assert mooie_schaal(Decimal("450")) == (Decimal("800"), Decimal("200"))
    assert mooie_schaal(Decimal("900")) == (Decimal("1000"), Decimal("250"))
    assert mooie_schaal(Decimal("0")) == (Decimal("100"), Decimal("25"))
    top, stap = mooie_schaal(Decimal("12345.67"))
    assert top >= Decimal("12345.67") and top == 4 * stap
