from datetime import date
from decimal import Decimal as D

import pytest

from recht import OngeldigeInvoer, TariefOntbreekt
from recht.termijnen import EenmaligeVordering, Verplichting, termijnschema, vervaldata
from tests.recht.tabellen import INDEXATIE


def verplichting(**kw) -> Verplichting:
    basis = {
        "soort": "kinderalimentatie",
        "bedrag": D("300.00"),
        "vastgesteld_op": date(2024, 6, 15),
        "ingangsdatum": date(2024, 11, 1),
        "einddatum": None,
        "vervaldag": 1,
        "indexeren": True,
    }
    return Verplichting(**{**basis, **kw})


def test_due_dates_start_on_first_due_day_on_or_after_start_without_pro_rata():
    # start 15 Jan, due day 10: 10 Jan is before the start, so the first termijn is 10 Feb.
    assert vervaldata(
        ingangsdatum=date(2026, 1, 15), einddatum=None, vervaldag=10, peildatum=date(2026, 4, 9)
    ) == [date(2026, 2, 10), date(2026, 3, 10)]


def test_due_dates_stop_at_the_earlier_of_end_date_and_peildatum():
    # ends 20 Dec 2025 → last due 1 Dec 2025; peildatum later does not add termijnen
    assert vervaldata(
        ingangsdatum=date(2025, 10, 1), einddatum=date(2025, 12, 20), vervaldag=1, peildatum=date(2026, 6, 1)
    ) == [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)]
    # due on the peildatum itself counts
    assert vervaldata(
        ingangsdatum=date(2025, 12, 1), einddatum=None, vervaldag=1, peildatum=date(2026, 1, 1)
    ) == [date(2025, 12, 1), date(2026, 1, 1)]


def test_indexed_termijnen_change_on_first_january():
    schema = termijnschema(
        verplichtingen=[verplichting()], eenmalig=[], peildatum=date(2025, 2, 1), indexatie=INDEXATIE
    )
    # 2024: 300.00 as set; 2025: 300.00 x 1.065 = 319.50
    assert [(t.vervaldatum, t.bedrag, t.basisbedrag) for t in schema] == [
        (date(2024, 11, 1), D("300.00"), D("300.00")),
        (date(2024, 12, 1), D("300.00"), D("300.00")),
        (date(2025, 1, 1), D("319.50"), D("300.00")),
        (date(2025, 2, 1), D("319.50"), D("300.00")),
    ]
    assert schema[2].omschrijving == "Kinderalimentatie januari 2025"


def test_not_indexed_when_title_excludes_it():
    schema = termijnschema(
        verplichtingen=[verplichting(indexeren=False)], eenmalig=[], peildatum=date(2025, 1, 1), indexatie={}
    )
    assert {t.bedrag for t in schema} == {D("300.00")}


def test_order_is_due_date_then_obligations_then_one_off_items():
    schema = termijnschema(
        verplichtingen=[
            verplichting(soort="partneralimentatie", bedrag=D("500"), indexeren=False),
            verplichting(bedrag=D("200"), indexeren=False),
        ],
        eenmalig=[
            EenmaligeVordering(datum=date(2024, 11, 1), bedrag=D("75.50"), omschrijving="Schoolreis"),
            EenmaligeVordering(datum=date(2024, 10, 15), bedrag=D("20"), omschrijving="Zwemles"),
            EenmaligeVordering(datum=date(2024, 12, 2), bedrag=D("99"), omschrijving="Na peildatum"),
        ],
        peildatum=date(2024, 12, 1),
        indexatie={},
    )
    assert [(t.vervaldatum, t.verplichting, t.omschrijving) for t in schema] == [
        (date(2024, 10, 15), None, "Zwemles"),
        (date(2024, 11, 1), 0, "Partneralimentatie november 2024"),
        (date(2024, 11, 1), 1, "Kinderalimentatie november 2024"),
        (date(2024, 11, 1), None, "Schoolreis"),
        (date(2024, 12, 1), 0, "Partneralimentatie december 2024"),
        (date(2024, 12, 1), 1, "Kinderalimentatie december 2024"),
    ]


def test_indexed_termijn_in_a_gap_of_the_table_raises():
    tabel = {j: p for j, p in INDEXATIE.items() if j != 2025}
    with pytest.raises(TariefOntbreekt, match="2025"):
        termijnschema(
            verplichtingen=[verplichting()], eenmalig=[], peildatum=date(2026, 1, 1), indexatie=tabel
        )


def test_indexed_termijn_after_the_last_published_year_is_provisional():
    """Issue 13 item 6: the termijn of January 2027 has the 2026 amount, marked provisional."""
    schema = termijnschema(
        verplichtingen=[verplichting()], eenmalig=[], peildatum=date(2027, 1, 1), indexatie=INDEXATIE
    )
    dec, jan = schema[-2], schema[-1]
    assert (dec.vervaldatum, dec.voorlopig) == (date(2026, 12, 1), False)
    assert (jan.vervaldatum, jan.bedrag, jan.voorlopig) == (date(2027, 1, 1), dec.bedrag, True)


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"vervaldag": 29}, "vervaldag"),
        ({"vervaldag": 0}, "vervaldag"),
        ({"bedrag": D("-1")}, "bedrag"),
        ({"einddatum": date(2024, 10, 31)}, "einddatum"),
    ],
)
def test_invalid_obligation_is_rejected_with_the_field(wijziging, veld):
    with pytest.raises(OngeldigeInvoer) as fout:
        termijnschema(
            verplichtingen=[verplichting(**wijziging)],
            eenmalig=[],
            peildatum=date(2025, 1, 1),
            indexatie=INDEXATIE,
        )
    assert fout.value.veld == veld


def test_only_years_whose_termijnen_are_provisional_are_named():
    """Table to 2025, amount set in March 2026: its first indexation is 1 January 2027 (art. 1:402a BW), so
    the 2026 termijnen rest on no missing percentage and only 2027 is named provisional."""
    from recht.achterstand import achterstand_bereken

    tabel = {j: p for j, p in INDEXATIE.items() if j <= 2025}
    uit = achterstand_bereken(
        peildatum=date(2027, 2, 1),
        verplichtingen=[verplichting(vastgesteld_op=date(2026, 3, 15), ingangsdatum=date(2026, 4, 1))],
        betalingen=[],
        indexatie=tabel,
    )
    assert uit.voorlopige_jaren == (2027,)
