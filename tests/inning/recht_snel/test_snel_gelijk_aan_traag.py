"""The fast paths of the arrears engine give exactly (value and exponent) what the plain definitions give."""

from datetime import date
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from recht.achterstand import Betaling, TermijnStand, _betalingen_toerekenen, _termijnstand
from recht.indexering import IndexatieReeks, indexeer
from recht.termijnen import EenmaligeVordering, Verplichting, termijnrijen, termijnschema
from recht.verjaring import verjaringseinde, verjaringseinden
from tests.recht.tabellen import INDEXATIE

bedragen = st.decimals(min_value=D("0"), max_value=D("2000"), places=2)
datums = st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 6, 1))
verplichtingen_st = st.lists(
    st.builds(
        Verplichting,
        soort=st.sampled_from(["kinderalimentatie", "partneralimentatie", "anders"]),
        bedrag=bedragen,
        vastgesteld_op=st.dates(min_value=date(2018, 1, 1), max_value=date(2025, 1, 1)),
        ingangsdatum=datums,
        einddatum=st.none() | datums,
        vervaldag=st.integers(min_value=1, max_value=28),
        indexeren=st.booleans(),
        omschrijving=st.sampled_from(["", "Amira"]),
    ).filter(lambda v: v.einddatum is None or v.einddatum >= v.ingangsdatum),
    max_size=3,
)
eenmalig_st = st.lists(
    st.builds(EenmaligeVordering, datum=datums, bedrag=bedragen, omschrijving=st.just("x")), max_size=3
)
betalingen_st = st.lists(st.builds(Betaling, datum=datums, bedrag=bedragen), max_size=10)
stuitingen_st = st.lists(datums, max_size=4)


@settings(max_examples=150, deadline=None)
@given(
    verplichtingen=verplichtingen_st, eenmalig=eenmalig_st, betalingen=betalingen_st, stuitingen=stuitingen_st
)
def test_fast_allocation_equals_toereken_ontvangst_path(verplichtingen, eenmalig, betalingen, stuitingen):
    rijen = termijnrijen(
        verplichtingen=verplichtingen, eenmalig=eenmalig, peildatum=date(2026, 6, 1), indexatie=INDEXATIE
    )
    vervaldata = [r[0] for r in rijen]
    bedragen_ = [r[3] for r in rijen]
    eindes = verjaringseinden(vervaldata=vervaldata, stuitingen=stuitingen)
    snel = _betalingen_toerekenen(vervaldata, bedragen_, eindes, betalingen, snel=True)
    traag = _betalingen_toerekenen(vervaldata, bedragen_, eindes, betalingen, snel=False)
    assert snel == traag
    assert repr(snel) == repr(traag)  # the same Decimal exponents too


@settings(max_examples=150, deadline=None)
@given(vervaldata=st.lists(datums | st.just(date(2024, 2, 29)), max_size=20), stuitingen=stuitingen_st)
def test_limitation_ends_at_once_equal_one_by_one(vervaldata, stuitingen):
    assert verjaringseinden(vervaldata=vervaldata, stuitingen=stuitingen) == [
        verjaringseinde(vervaldatum=v, stuitingen=stuitingen) for v in vervaldata
    ]


@settings(max_examples=150, deadline=None)
@given(bedrag=bedragen, vastgesteld_op=datums, jaren=st.lists(st.integers(2010, 2030), max_size=6))
def test_indexation_series_equals_indexeer_per_year(bedrag, vastgesteld_op, jaren):
    reeks = IndexatieReeks(bedrag=bedrag, vastgesteld_op=vastgesteld_op, tabel=INDEXATIE)
    for jaar in jaren:
        try:
            verwacht = repr(
                indexeer(bedrag=bedrag, vastgesteld_op=vastgesteld_op, jaar=jaar, tabel=INDEXATIE).bedrag
            )
        except LookupError as fout:
            verwacht = repr(fout.args)
        try:
            gekregen = repr(reeks.bedrag(jaar))
        except LookupError as fout:
            gekregen = repr(fout.args)
        assert gekregen == verwacht


def _schema_referentie(*, verplichtingen, eenmalig, peildatum, indexatie):
    """The schedule by its plain definition: ``indexeer`` per termijn, sorted on (date, kind, input index)."""
    from recht.geld import rond_af
    from recht.termijnen import MAANDEN, SOORT_LABELS, vervaldata

    regels = []
    for i, v in enumerate(verplichtingen):
        basis = rond_af(v.bedrag)
        for d in vervaldata(
            ingangsdatum=v.ingangsdatum, einddatum=v.einddatum, vervaldag=v.vervaldag, peildatum=peildatum
        ):
            stand = indexeer(bedrag=basis, vastgesteld_op=v.vastgesteld_op, jaar=d.year, tabel=indexatie)
            bedrag = stand.bedrag if v.indexeren else basis
            voorlopig = stand.voorlopig if v.indexeren else False
            extra = f" {v.omschrijving}" if v.omschrijving else ""
            oms = f"{SOORT_LABELS.get(v.soort, v.soort)}{extra} {MAANDEN[d.month - 1]} {d.year}"
            regels.append(((d, 0, i), (d, i, oms, bedrag, basis, voorlopig, None)))
    for j, e in enumerate(eenmalig):
        if e.datum <= peildatum:
            regels.append(
                (
                    (e.datum, 1, j),
                    (e.datum, None, e.omschrijving, rond_af(e.bedrag), rond_af(e.bedrag), False, e.uitspraak),
                )
            )
    regels.sort(key=lambda r: r[0])
    return [r for _, r in regels]


@settings(max_examples=150, deadline=None)
@given(verplichtingen=verplichtingen_st, eenmalig=eenmalig_st)
def test_schedule_rows_equal_the_plain_definition(verplichtingen, eenmalig):
    kwargs = {
        "verplichtingen": verplichtingen,
        "eenmalig": eenmalig,
        "peildatum": date(2026, 6, 1),
        "indexatie": INDEXATIE,
    }
    rijen = termijnrijen(**kwargs)
    assert repr(rijen) == repr(_schema_referentie(**kwargs))
    assert [tuple(getattr(t, f) for f in t.__slots__) for t in termijnschema(**kwargs)] == rijen


@settings(max_examples=100, deadline=None)
@given(
    rijen=st.lists(
        st.tuples(datums, datums, st.decimals(min_value=D("0"), max_value=D("500"), places=3) | bedragen),
        max_size=12,
    ),
    betalingen=betalingen_st,
)
def test_hand_made_schema_that_breaks_the_assumptions_takes_the_general_path(rijen, betalingen):
    # unsorted due dates, ends before due dates and amounts in tenths of cents are all possible here
    vervaldata = [r[0] for r in rijen]
    eindes = [r[1] for r in rijen]
    bedragen_ = [r[2] for r in rijen]

    def uitkomst(**kw):  # the result, or the error the definition raises (a sub-cent amount can overpay)
        try:
            return repr(_betalingen_toerekenen(vervaldata, bedragen_, eindes, betalingen, **kw))
        except ValueError as fout:
            return repr((type(fout), fout.args))

    assert uitkomst() == uitkomst(snel=False)


@settings(max_examples=100, deadline=None)
@given(
    waarden=st.tuples(
        datums,
        st.none() | st.integers(0, 3),
        st.text(max_size=5),
        bedragen,
        bedragen,
        bedragen,
        bedragen,
        st.booleans(),
        datums,
        st.lists(st.tuples(datums, bedragen), max_size=2).map(tuple),
    )  # fmt: skip
)
def test_fast_termijnstand_is_the_dataclass_with_the_same_fields(waarden):
    snel = _termijnstand(*waarden)
    gewoon = TermijnStand(*waarden)
    assert type(snel) is TermijnStand
    assert snel == gewoon
    assert repr(snel) == repr(gewoon)
    assert hash(snel) == hash(gewoon)


@settings(max_examples=150, deadline=None)
@given(
    rijen=st.lists(st.tuples(datums, bedragen, st.booleans()), max_size=14),
    betalingen=st.lists(
        st.tuples(datums, bedragen, st.none() | datums.map(lambda d: (d.year, d.month))),
        max_size=8,
    ),
    stuitingen=st.lists(datums, max_size=3),
)
def test_designated_payments_fast_path_equals_the_general_path(rijen, betalingen, stuitingen):
    """Issue 13 item 11: with designations (art. 6:43 lid 1 BW) the in-place path still allocates exactly
    as ``toereken_ontvangst`` does."""
    from recht.achterstand import Betaling

    rijen = sorted(rijen, key=lambda r: r[0])
    vervaldata = [r[0] for r in rijen]
    bedragen_ = [r[1] for r in rijen]
    maanden = [(d.year, d.month) if periodiek else None for d, _, periodiek in rijen]
    eindes = verjaringseinden(vervaldata=vervaldata, stuitingen=stuitingen)
    bet = [Betaling(datum=d, bedrag=b, aanwijzing=a) for d, b, a in betalingen]
    snel = _betalingen_toerekenen(vervaldata, bedragen_, eindes, bet, snel=True, maanden=maanden)
    traag = _betalingen_toerekenen(vervaldata, bedragen_, eindes, bet, snel=False, maanden=maanden)
    assert repr(snel) == repr(traag)
