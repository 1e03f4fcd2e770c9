from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recht import OngeldigeInvoer
from recht.achterstand import Betaling, achterstand_bereken
from recht.termijnen import EenmaligeVordering, Verplichting
from tests.recht.tabellen import INDEXATIE

KIND = Verplichting(
    soort="kinderalimentatie",
    bedrag=D("300.00"),
    vastgesteld_op=date(2024, 6, 15),
    ingangsdatum=date(2024, 11, 1),
    einddatum=None,
    vervaldag=1,
    indexeren=True,
)


def test_debtor_who_missed_the_indexation_worked_example():
    # Termijnen: Nov, Dec 2024 300.00; Jan, Feb, Mar 2025 300.00 x 1.065 = 319.50.
    # Verschuldigd = 2 x 300.00 + 3 x 319.50 = 600.00 + 958.50 = 1558.50.
    # Payments of 300.00 each, on 3 Nov, 2 Dec, 5 Jan, 3 Feb, 2 Mar = 1500.00:
    #   3 Nov → Nov 300.00; 2 Dec → Dec 300.00; 5 Jan → Jan 300.00 (Jan open 19.50);
    #   3 Feb → Jan 19.50 + Feb 280.50 (Feb open 39.00); 2 Mar → Feb 39.00 + Mar 261.00 (Mar open 58.50).
    # Open 58.50 on March; its indexation part 19.50 → waarvan_indexering = min(58.50, 19.50) = 19.50.
    betalingen = [Betaling(date(2024, 11, 3), D("300"))] + [
        Betaling(d, D("300"))
        for d in (date(2024, 12, 2), date(2025, 1, 5), date(2025, 2, 3), date(2025, 3, 2))
    ]
    uit = achterstand_bereken(
        peildatum=date(2025, 3, 15), verplichtingen=[KIND], betalingen=betalingen, indexatie=INDEXATIE
    )
    assert [(t.bedrag, t.betaald, t.open) for t in uit.termijnen] == [
        (D("300.00"), D("300.00"), D("0.00")),
        (D("300.00"), D("300.00"), D("0.00")),
        (D("319.50"), D("319.50"), D("0.00")),
        (D("319.50"), D("319.50"), D("0.00")),
        (D("319.50"), D("261.00"), D("58.50")),
    ]
    t = uit.totaal
    assert (t.verschuldigd, t.betaald, t.open, t.verjaard, t.teveel_betaald, t.waarvan_indexering) == (
        D("1558.50"), D("1500.00"), D("58.50"), D("0.00"), D("0.00"), D("19.50"),
    )  # fmt: skip


def test_payment_exceeding_everything_is_teveel_betaald():
    # Nov + Dec 2024 = 600.00 owed; one payment of 1000.00 → 400.00 paid too much
    uit = achterstand_bereken(
        peildatum=date(2024, 12, 31),
        verplichtingen=[KIND],
        betalingen=[Betaling(date(2024, 12, 20), D("1000.00"))],
        indexatie=INDEXATIE,
    )
    assert [t.open for t in uit.termijnen] == [D("0.00"), D("0.00")]
    assert uit.totaal.teveel_betaald == D("400.00")
    assert uit.totaal.open == D("0.00")


def test_prepayment_goes_to_the_next_termijn_due_later():
    # Nov 2024 is paid on 3 Nov; 400.00 on 10 Nov covers Dec (due later, 300.00) → 100.00 too much
    uit = achterstand_bereken(
        peildatum=date(2024, 12, 31),
        verplichtingen=[KIND],
        betalingen=[Betaling(date(2024, 11, 10), D("400")), Betaling(date(2024, 11, 3), D("300"))],
        indexatie=INDEXATIE,
    )
    assert [t.betaald for t in uit.termijnen] == [D("300.00"), D("300.00")]
    assert uit.totaal.teveel_betaald == D("100.00")
    assert [b.datum for b in uit.betalingen] == [date(2024, 11, 3), date(2024, 11, 10)]


OUD = Verplichting(
    soort="partneralimentatie",
    bedrag=D("100.00"),
    vastgesteld_op=date(2019, 12, 1),
    ingangsdatum=date(2020, 1, 1),
    einddatum=date(2020, 3, 31),
    vervaldag=1,
    indexeren=False,
)


def test_old_termijnen_are_barred_and_excluded_from_open():
    # Jan, Feb, Mar 2020 (100.00 each) end 1 Jan, 1 Feb, 1 Mar 2025. On 15 Feb 2025 Jan and Feb are barred.
    uit = achterstand_bereken(peildatum=date(2025, 2, 15), verplichtingen=[OUD], betalingen=[], indexatie={})
    assert [t.verjaard for t in uit.termijnen] == [True, True, False]
    assert (uit.totaal.open, uit.totaal.verjaard) == (D("100.00"), D("200.00"))


def test_stuiting_saves_a_termijn_from_limitation():
    # aanmaning on 20 Jan 2025: after Jan's end (1 Jan 2025) → Jan stays barred;
    # inside Feb's period (ends 1 Feb 2025) and Mar's → both run to 20 Jan 2030.
    uit = achterstand_bereken(
        peildatum=date(2025, 6, 1),
        verplichtingen=[OUD],
        betalingen=[],
        stuitingen=[date(2025, 1, 20)],
        indexatie={},
    )
    assert [(t.verjaard, t.verjaringseinde) for t in uit.termijnen] == [
        (True, date(2025, 1, 1)),
        (False, date(2030, 1, 20)),
        (False, date(2030, 1, 20)),
    ]
    assert (uit.totaal.open, uit.totaal.verjaard) == (D("200.00"), D("100.00"))


def test_payment_goes_to_unbarred_termijnen_before_barred_ones():
    # On 1 Feb 2025 January 2020 is barred (ended 1 Jan 2025): 150.00 → Feb 100.00, Mar 50.00, Jan nothing.
    uit = achterstand_bereken(
        peildatum=date(2025, 2, 1),
        verplichtingen=[OUD],
        betalingen=[Betaling(date(2025, 2, 1), D("150"))],
        indexatie={},
    )
    assert [t.betaald for t in uit.termijnen] == [D("0.00"), D("100.00"), D("50.00")]


def test_one_off_claim_on_29_february_prescribes_on_28_february():
    eenmalig = [EenmaligeVordering(datum=date(2024, 2, 29), bedrag=D("250.00"), omschrijving="Beugel")]
    op_einde = achterstand_bereken(
        peildatum=date(2029, 2, 28), verplichtingen=[], betalingen=[], eenmalig=eenmalig, indexatie={}
    )
    dag_later = achterstand_bereken(
        peildatum=date(2029, 3, 1), verplichtingen=[], betalingen=[], eenmalig=eenmalig, indexatie={}
    )
    assert op_einde.termijnen[0].verjaard is False
    assert op_einde.totaal.open == D("250.00")
    assert dag_later.termijnen[0].verjaard is True
    assert dag_later.totaal.verjaard == D("250.00")


def test_negative_payment_is_rejected():
    with pytest.raises(OngeldigeInvoer):
        achterstand_bereken(
            peildatum=date(2025, 1, 1), verplichtingen=[KIND], betalingen=[Betaling(date(2025, 1, 1), D("-1"))],
            indexatie=INDEXATIE,
        )  # fmt: skip


bedragen = st.decimals(min_value=D("0"), max_value=D("2000"), places=2)
betalingen_st = st.lists(
    st.builds(
        Betaling, datum=st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 6, 1)), bedrag=bedragen
    ),
    max_size=10,
)
verplichtingen_st = st.lists(
    st.builds(
        Verplichting,
        soort=st.sampled_from(["kinderalimentatie", "partneralimentatie"]),
        bedrag=bedragen,
        vastgesteld_op=st.dates(min_value=date(2018, 1, 1), max_value=date(2025, 1, 1)),
        ingangsdatum=st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 1, 1)),
        einddatum=st.none(),
        vervaldag=st.integers(min_value=1, max_value=28),
        indexeren=st.booleans(),
    ),
    max_size=2,
)


@settings(max_examples=60, deadline=None)
@given(
    verplichtingen=verplichtingen_st,
    betalingen=betalingen_st,
    stuitingen=st.lists(st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 6, 1)), max_size=3),
    data=st.data(),
)
def test_allocation_invariants(verplichtingen, betalingen, stuitingen, data):
    kwargs = {
        "peildatum": date(2026, 6, 1),
        "verplichtingen": verplichtingen,
        "stuitingen": stuitingen,
        "indexatie": INDEXATIE,
    }
    uit = achterstand_bereken(betalingen=betalingen, **kwargs)
    # a termijn never gets more than its amount
    assert all(D(0) <= t.betaald <= t.bedrag for t in uit.termijnen)
    # total paid = allocated + paid too much
    assert uit.totaal.betaald == sum((t.betaald for t in uit.termijnen), D(0)) + uit.totaal.teveel_betaald
    # owed - allocated = open + barred
    assert uit.totaal.verschuldigd - (uit.totaal.betaald - uit.totaal.teveel_betaald) == (
        uit.totaal.open + uit.totaal.verjaard
    )
    assert D(0) <= uit.totaal.waarvan_indexering <= uit.totaal.open
    # the result does not depend on the input order of payments with different dates
    uniek = list({b.datum: b for b in betalingen}.values())
    geschud = data.draw(st.permutations(uniek))
    assert achterstand_bereken(betalingen=uniek, **kwargs) == (
        achterstand_bereken(betalingen=geschud, **kwargs)
    )


def test_statutory_interest_on_late_and_open_parts_only():
    from recht.achterstand import wettelijke_rente_achterstand
    from tests.recht.tabellen import WETTELIJKE_RENTE

    eenmalig = [
        EenmaligeVordering(datum=date(2024, 12, 31), bedrag=D("1000.00"), omschrijving="Tandarts"),
        EenmaligeVordering(datum=date(2025, 1, 31), bedrag=D("500.00"), omschrijving="Schoolreis"),
    ]
    uit = achterstand_bereken(
        peildatum=date(2026, 1, 1),
        verplichtingen=[],
        eenmalig=eenmalig,
        betalingen=[Betaling(date(2025, 7, 1), D("1000.00")), Betaling(date(2025, 1, 31), D("0.00"))],
        indexatie={},
    )
    # Tandarts: due 31 Dec 2024, in default from 1 Jan 2025, paid 1 Jul 2025: 181 days at 6% (2025 rate),
    #   interest year 1 Jan 2025 – 1 Jan 2026 = 365 days: 1000.00 x 0.06 x 181/365 = 29.753 → 29.75
    # Schoolreis: due 31 Jan 2025, default from 1 Feb 2025, open until 1 Jan 2026: 334 days at 6%,
    #   interest year 1 Feb 2025 – 1 Feb 2026 = 365 days: 500.00 x 0.06 x 334/365 = 27.452 → 27.45
    # (1 Jan 2026 is the reference date itself and is not counted, so the 2026 rate of 4% is not used.)
    assert wettelijke_rente_achterstand(overzicht=uit, tarieven=WETTELIJKE_RENTE) == D("57.20")


def test_no_statutory_interest_on_barred_or_timely_paid_termijnen():
    from recht.achterstand import wettelijke_rente_achterstand
    from tests.recht.tabellen import WETTELIJKE_RENTE

    uit = achterstand_bereken(
        peildatum=date(2025, 6, 1),
        verplichtingen=[OUD],  # Jan, Feb, Mar 2020: all barred on 1 Jun 2025
        betalingen=[],
        eenmalig=[EenmaligeVordering(datum=date(2025, 5, 1), bedrag=D("100"), omschrijving="Op tijd")],
        indexatie={},
    )
    betaald_op_tijd = achterstand_bereken(
        peildatum=date(2025, 6, 1),
        verplichtingen=[],
        betalingen=[Betaling(date(2025, 5, 1), D("100"))],
        eenmalig=[EenmaligeVordering(datum=date(2025, 5, 1), bedrag=D("100"), omschrijving="Op tijd")],
        indexatie={},
    )
    assert all(t.verjaard for t in uit.termijnen[:3])
    # only the open 100.00 from 2 May to 1 Jun 2025 (30 days at 6% of a 365-day interest year): 0.493 → 0.49
    assert wettelijke_rente_achterstand(overzicht=uit, tarieven=WETTELIJKE_RENTE) == D("0.49")
    assert wettelijke_rente_achterstand(overzicht=betaald_op_tijd, tarieven=WETTELIJKE_RENTE) == D("0.00")


def _referentie(*, peildatum, verplichtingen, betalingen, stuitingen, indexatie):
    """The statement by the plain definition: every payment offered ALL termijnen (no speed-up)."""
    from recht.termijnen import termijnschema
    from recht.toerekening import OpenTermijn, toereken_ontvangst
    from recht.verjaring import verjaringseinde

    schema = termijnschema(
        verplichtingen=verplichtingen, eenmalig=[], peildatum=peildatum, indexatie=indexatie
    )
    eindes = [verjaringseinde(vervaldatum=t.vervaldatum, stuitingen=stuitingen) for t in schema]
    betaald = [D("0.00")] * len(schema)
    teveel = D("0.00")
    for _, b in sorted(enumerate(betalingen), key=lambda it: (it[1].datum, it[0])):
        alle = [OpenTermijn(i, t.vervaldatum, t.bedrag - betaald[i], eindes[i]) for i, t in enumerate(schema)]
        split = toereken_ontvangst(bedrag=b.bedrag, datum=b.datum, termijnen=alle)
        for deel in split.termijnen:
            betaald[deel.sleutel] += deel.bedrag
        teveel += split.rest
    return betaald, teveel


@settings(max_examples=80, deadline=None)
@given(
    verplichtingen=verplichtingen_st,
    betalingen=betalingen_st,
    stuitingen=st.lists(st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 6, 1)), max_size=3),
)
def test_fast_allocation_equals_offering_every_termijn_to_every_payment(
    verplichtingen, betalingen, stuitingen
):
    kwargs = {"peildatum": date(2026, 6, 1), "verplichtingen": verplichtingen, "stuitingen": stuitingen}
    uit = achterstand_bereken(betalingen=betalingen, indexatie=INDEXATIE, **kwargs)
    betaald, teveel = _referentie(betalingen=betalingen, indexatie=INDEXATIE, **kwargs)
    assert [t.betaald for t in uit.termijnen] == betaald
    assert uit.totaal.teveel_betaald == teveel
