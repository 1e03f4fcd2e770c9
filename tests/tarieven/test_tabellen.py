from datetime import date
from decimal import Decimal as D

import pytest

from recht import TariefOntbreekt
from tarieven import selectors
from tarieven.models import (
    Bijstandsnorm,
    BtagTarief,
    BtwTarief,
    BvvMaximum,
    ExtraNietWerkdag,
    Indexatie,
    ProvisieTarief,
    WettelijkeRente,
)

pytestmark = pytest.mark.django_db


def test_data_migration_loaded_every_reference_row():
    assert Indexatie.objects.count() == 26  # 2001..2026
    assert WettelijkeRente.objects.count() == 16
    assert BtagTarief.objects.count() == 12 * 3  # 12 handelingen x 2024, 2025, 2026
    assert Bijstandsnorm.objects.count() == 8  # 2025-01, 2025-07, 2026-01, 2026-07 x 2
    assert BvvMaximum.objects.count() == 12  # 2025-07, 2026-01, 2026-07 x 4
    assert ProvisieTarief.objects.count() == 1
    assert BtwTarief.objects.count() == 2
    assert ExtraNietWerkdag.objects.count() == 0


def test_confirmation_follows_the_sources():
    assert Indexatie.objects.get(jaar=2025).bevestigd is True
    assert Indexatie.objects.get(jaar=2026).bevestigd is False  # "nee" in the reference
    enkel = Indexatie.objects.get(jaar=2014)  # single source
    assert enkel.bevestigd is False
    assert "enkelvoudige bron" in enkel.bron
    assert WettelijkeRente.objects.get(vanaf=date(2026, 1, 1)).bevestigd is False
    # two independent sources vs. one
    assert Bijstandsnorm.objects.get(vanaf=date(2025, 1, 1), leefsituatie="gehuwden").bevestigd is True
    assert Bijstandsnorm.objects.get(vanaf=date(2025, 7, 1), leefsituatie="gehuwden").bevestigd is False
    # statute text
    assert BvvMaximum.objects.get(vanaf=date(2026, 1, 1), huishouden="alleenstaande").bevestigd is True


def test_commission_row_is_twelve_percent_from_2000():
    rij = ProvisieTarief.objects.get()
    assert (rij.vanaf, rij.percentage, rij.bron) == (date(2000, 1, 1), D("12.00"), "Algemene voorwaarden")


def test_vat_table_is_19_until_september_2012_and_21_since_october_2012():
    """Issue 13 item 9, Wet OB 1968 art. 9 lid 1: 19% from 1 January 2001, 21% from 1 October 2012."""
    rijen = list(BtwTarief.objects.order_by("vanaf").values_list("vanaf", "percentage", "bevestigd"))
    assert rijen == [(date(2001, 1, 1), D("19.00"), True), (date(2012, 10, 1), D("21.00"), True)]
    assert selectors.provisie_tarief(date(2012, 9, 30)).btw_percentage == D("19.00")
    assert selectors.provisie_tarief(date(2012, 10, 1)).btw_percentage == D("21.00")
    with pytest.raises(TariefOntbreekt, match="btw-tarief"):
        selectors.provisie_tarief(date(2000, 12, 31))


def test_indexatie_tabel_is_year_to_percentage():
    tabel = selectors.indexatie_tabel()
    assert tabel[2022] == D("1.90")
    assert tabel[2026] == D("4.60")
    assert 2026 in selectors.indexatie_onbevestigd()
    assert 2025 not in selectors.indexatie_onbevestigd()


def test_wettelijke_rente_tabel_is_ordered_rows():
    tabel = selectors.wettelijke_rente_tabel()
    assert tabel[0] == (date(1999, 1, 1), D("6.00"))
    assert tabel[-1] == (date(2026, 1, 1), D("4.00"))


def test_provisie_tarief_lookup_and_uncovered_date():
    tarief = selectors.provisie_tarief(date(2026, 11, 22))
    assert (tarief.percentage, tarief.btw_percentage, tarief.bevestigd) == (D("12.00"), D("21.00"), True)
    with pytest.raises(TariefOntbreekt, match="provisietarief"):
        selectors.provisie_tarief(date(1999, 12, 31))


def test_geldig_tot_ends_a_row():
    ProvisieTarief.objects.update(geldig_tot=date(2030, 12, 31))
    assert selectors.provisie_tarief(date(2030, 12, 31)).percentage == D("12.00")
    with pytest.raises(TariefOntbreekt):
        selectors.provisie_tarief(date(2031, 1, 1))


def test_btag_tarief_per_year_and_missing_year():
    assert selectors.btag_tarief("betekening_titel", date(2026, 3, 1)).bedrag == D("136.71")
    assert selectors.btag_tarief("betekening_titel", date(2025, 12, 31)).bedrag == D("130.00")
    with pytest.raises(TariefOntbreekt, match="2023"):
        selectors.btag_tarief("betekening_titel", date(2023, 6, 1))
    with pytest.raises(TariefOntbreekt):
        selectors.btag_tarief("bestaat_niet", date(2026, 1, 1))


def test_bvv_maximum_changes_on_first_january_and_is_uncovered_before_the_first_row():
    assert selectors.bvv_maximum("alleenstaande", date(2025, 12, 31)).bedrag == D("2093.67")
    assert selectors.bvv_maximum("alleenstaande", date(2026, 1, 1)).bedrag == D("2191.42")
    with pytest.raises(TariefOntbreekt, match="beslagvrije voet"):
        selectors.bvv_maximum("alleenstaande", date(2025, 6, 30))


def test_bijstandsnorm_lookup():
    waarde = selectors.bijstandsnorm("gehuwden", date(2026, 2, 1))
    assert waarde.bedrag == D("2002.13")
    assert waarde.bevestigd is True
    with pytest.raises(TariefOntbreekt):
        selectors.bijstandsnorm("gehuwden", date(2024, 12, 31))


def test_extra_niet_werkdagen_as_frozenset():
    ExtraNietWerkdag.objects.create(
        datum=date(2026, 6, 10), omschrijving="Test", bron="Stcrt.", bevestigd=True
    )
    assert selectors.extra_niet_werkdagen() == frozenset({date(2026, 6, 10)})


# Issue 13 item 1: the figures in force from 1 July 2026, checked against the statute texts valid from that day
# (Rv art. 475da lid 1, BWBR0001827; Participatiewet art. 21, BWBR0015703).
@pytest.mark.parametrize(
    ("huishouden", "bedrag"),
    [
        ("alleenstaande", "2208.48"),
        ("alleenstaande_ouder", "2543.75"),
        ("gehuwden_zonder_kinderen", "2905.79"),
        ("gehuwden_met_kinderen", "3179.68"),
    ],
)
def test_bvv_maxima_from_1_july_2026_are_the_statute_figures_and_confirmed(huishouden, bedrag):
    assert selectors.bvv_maximum(huishouden, date(2026, 6, 30)).vanaf == date(2026, 1, 1)
    rij = selectors.bvv_maximum(huishouden, date(2026, 7, 1))
    assert (rij.bedrag, rij.vanaf, rij.bevestigd) == (D(bedrag), date(2026, 7, 1), True)
    assert "475da lid 1 tekst 2026-07-01" in rij.bron and ";" in rij.bron  # statute text; issue 13 audit


def test_participatiewet_norms_from_1_july_2026():
    gehuwden = selectors.bijstandsnorm("gehuwden", date(2026, 12, 2))
    assert (gehuwden.bedrag, gehuwden.bevestigd) == (D("2027.79"), True)  # statute text and the audit agree
    alleen = selectors.bijstandsnorm("alleenstaande_of_alleenstaande_ouder", date(2026, 12, 2))
    assert (alleen.bedrag, alleen.bevestigd) == (D("1419.46"), False)  # only the statute text: one source


def test_halfjaar_begin_is_first_january_or_first_july():
    assert selectors.halfjaar_begin(date(2026, 6, 30)) == date(2026, 1, 1)
    assert selectors.halfjaar_begin(date(2026, 7, 1)) == date(2026, 7, 1)
    assert selectors.halfjaar_begin(date(2026, 12, 31)) == date(2026, 7, 1)
