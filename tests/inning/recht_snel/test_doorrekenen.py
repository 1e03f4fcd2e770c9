"""Issue 18 item 2: the allocation carried from one receipt to the next (``open_termijnen_doorreken``) gives
exactly what allocating all payments afresh gives (``open_termijnen_bereken``), whatever the order of dates,
designations, barred termijnen or overpayments; and it really carries (the earlier payments are not
allocated again)."""

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

import recht.achterstand as ra
from recht.achterstand import Betaling, open_termijnen_bereken, open_termijnen_doorreken
from recht.termijnen import Verplichting, termijnschema
from recht.verjaring import verjaringseinden
from tests.recht.tabellen import INDEXATIE

from . import test_snel_gelijk_aan_traag as snel
from .test_snel_gelijk_aan_traag import bedragen, datums

TOT = date(2026, 6, 1)  # the last day of ``datums``
# The schedules, one-off claims and amounts of the fast-path tests; at least one obligation here.
verplichtingen_st = snel.verplichtingen_st.filter(bool)
betaling_st = st.builds(
    Betaling,
    datum=datums,
    bedrag=bedragen,
    aanwijzing=st.none() | st.none() | datums.map(lambda d: (d.year, d.month)),
)
# Rounds of receipts: each round appends payments, then asks for the open termijnen on a date.
rondes_st = st.lists(st.tuples(st.lists(betaling_st, max_size=4), datums), min_size=1, max_size=8)


def _schema(verplichtingen, eenmalig, stuitingen):
    schema = termijnschema(
        verplichtingen=verplichtingen, eenmalig=eenmalig, peildatum=TOT, indexatie=INDEXATIE
    )
    eindes = verjaringseinden(vervaldata=[t.vervaldatum for t in schema], stuitingen=stuitingen)
    return schema, eindes


@settings(max_examples=300, deadline=None)
@given(
    verplichtingen=verplichtingen_st,
    eenmalig=snel.eenmalig_st,
    begin=st.lists(betaling_st, max_size=10),
    rondes=rondes_st,
    stuitingen=st.lists(datums, max_size=2),
)
def test_carried_allocation_equals_a_fresh_one_after_every_receipt(
    verplichtingen, eenmalig, begin, rondes, stuitingen
):
    schema, eindes = _schema(verplichtingen, eenmalig, stuitingen)
    betalingen = list(begin)
    stand = None
    for nieuw, peildatum in rondes:
        betalingen.extend(nieuw)
        gedragen, stand = open_termijnen_doorreken(
            peildatum=peildatum, schema=schema, eindes=eindes, betalingen=betalingen, stand=stand
        )
        vers = open_termijnen_bereken(
            peildatum=peildatum, schema=schema, eindes=eindes, betalingen=betalingen
        )
        assert repr(gedragen) == repr(vers)  # value and Decimal exponent


@settings(max_examples=200, deadline=None)
@given(
    verplichtingen=verplichtingen_st,
    begin=st.lists(betaling_st, max_size=10),
    stappen=st.lists(st.tuples(st.integers(0, 40), bedragen), min_size=1, max_size=10),
)
def test_receipts_in_date_order_keep_one_state_and_match_a_fresh_allocation(verplichtingen, begin, stappen):
    """The bank import's usual case: each receipt dated on or after the ones before, the reference date
    moving with it (new termijnen falling due on the way)."""
    schema, eindes = _schema(verplichtingen, [], [])
    betalingen = sorted(begin, key=lambda b: b.datum)
    datum = betalingen[-1].datum if betalingen else date(2020, 1, 1)
    stand = None
    for dagen, bedrag in stappen:
        datum = min(TOT, datum + timedelta(days=dagen))
        betalingen.append(Betaling(datum=datum, bedrag=bedrag))
        gedragen, stand = open_termijnen_doorreken(
            peildatum=datum, schema=schema, eindes=eindes, betalingen=betalingen, stand=stand
        )
        vers = open_termijnen_bereken(peildatum=datum, schema=schema, eindes=eindes, betalingen=betalingen)
        assert repr(gedragen) == repr(vers)


def test_the_earlier_payments_are_not_allocated_again(monkeypatch):
    """60 monthly payments, then one receipt more: the carried state allocates that one payment only."""
    v = Verplichting(
        soort="kinderalimentatie",
        bedrag=D("350.00"),
        vastgesteld_op=date(2020, 1, 1),
        ingangsdatum=date(2020, 1, 1),
        einddatum=None,
        vervaldag=1,
        indexeren=False,
        omschrijving="",
    )
    schema, eindes = _schema([v], [], [])
    betalingen = [Betaling(datum=date(2020 + m // 12, m % 12 + 1, 3), bedrag=D("300.00")) for m in range(60)]
    eerste, stand = open_termijnen_doorreken(
        peildatum=date(2025, 1, 3), schema=schema, eindes=eindes, betalingen=betalingen, stand=None
    )
    assert stand is not None and stand.geteld == 60
    # 61 termijnen of 350 (January 2020 … January 2025), 60 × 300 paid oldest first: 51 paid in full, the
    # 52nd has 150 (18,000 - 51 × 350), the nine after it nothing.
    assert [o for _, o, _ in eerste] == [D("200.00")] + [D("350.00")] * 9

    aanroepen = []
    echt = ra._snel_toerekenen
    monkeypatch.setattr(ra, "_snel_toerekenen", lambda *a: aanroepen.append(a[0]) or echt(*a))
    betalingen.append(Betaling(datum=date(2025, 2, 3), bedrag=D("475.00")))
    tweede, zelfde = open_termijnen_doorreken(
        peildatum=date(2025, 2, 3), schema=schema, eindes=eindes, betalingen=betalingen, stand=stand
    )
    assert zelfde is stand and len(aanroepen) == 1
    # 475 pays the 200 left of the 52nd and 275 of the 53rd; February 2025 fell due since, open in full.
    assert [o for _, o, _ in tweede] == [D("75.00")] + [D("350.00")] * 8 + [D("350.00")]
    assert tweede[-1][0].vervaldatum == date(2025, 2, 1)
