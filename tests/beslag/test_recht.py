"""The pure beslag law: beslagvrije voet, bailiff deadlines and hours, proportionality (hand-computed)."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recht.beslag_constanten import formule_constanten_op, rekenhuur_op
from recht.beslag_termijnen import bezoek_toets, uiterste_datum
from recht.bvv import Adres, BvvInvoer, BvvTabellen, FormuleInvoer, Huishouden, bvv_bereken, geldig_tot
from recht.fouten import OngeldigeInvoer
from recht.proportionaliteit import eenmalige_handelingen, proportionaliteit_toets

JAN26 = date(2026, 1, 1)
# bvv_maxima.csv and bijstandsnormen.csv, 2026-01-01
MAX26 = {
    Huishouden.ALLEENSTAANDE: D("2191.42"),
    Huishouden.ALLEENSTAANDE_OUDER: D("2526.69"),
    Huishouden.GEHUWDEN_ZONDER_KINDEREN: D("2881.41"),
    Huishouden.GEHUWDEN_MET_KINDEREN: D("3155.31"),
}
NORM_ALLEEN, NORM_GEHUWD = D("1401.50"), D("2002.13")


def tabellen(h: Huishouden) -> BvvTabellen:
    norm = NORM_GEHUWD if h.met_partner else NORM_ALLEEN
    return BvvTabellen(
        maximum=MAX26[h], norm_huishouden=norm, norm_gehuwden=NORM_GEHUWD, rekenhuur=D("932.93")
    )


def termen(uitkomst) -> dict[str, D]:
    return {t.artikel: t.bedrag for t in uitkomst.termen}


# --- Beslagvrije voet ------------------------------------------------------------------------------------


def test_single_at_maximum_with_granted_housing_request_gets_rent_above_rekenhuur_plus_ten_percent():
    # 932.93 × 1.10 = 1026.223 → 1026.22; 1100 − 1026.22 = 73.78; 2191.42 + 73.78 = 2265.20;
    # net 3000 (incl. holiday pay): garnishable 3000 − 2265.20 = 734.80.
    u = bvv_bereken(
        BvvInvoer(
            JAN26, Huishouden.ALLEENSTAANDE, D("3000"), woonkosten=D("1100"), woonkostenverzoek_toegekend=True
        ),
        tabellen(Huishouden.ALLEENSTAANDE),
    )
    assert u.beslagvrije_voet == D("2265.20")
    assert u.beslagruimte == D("734.80")
    assert termen(u) == {"Rv art. 475da lid 1": D("2191.42"), "Rv art. 475da lid 5–6": D("73.78")}


def test_housing_costs_without_a_granted_request_do_not_raise_the_bvv():
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, D("3000"), woonkosten=D("1100")),
        tabellen(Huishouden.ALLEENSTAANDE),
    )
    assert u.beslagvrije_voet == D("2191.42")


def test_couple_with_children_is_reduced_by_spouse_income_then_own_side_income():
    # 3155.31; half = 1577.655 → 1577.66 ≥ 1400 so the full 1400 counts: 3155.31 − 1400 = 1755.31; − 200 = 1555.31.
    u = bvv_bereken(
        BvvInvoer(
            JAN26,
            Huishouden.GEHUWDEN_MET_KINDEREN,
            D("2500"),
            partner_inkomen=D("1400"),
            eigen_overig_inkomen=D("200"),
        ),
        tabellen(Huishouden.GEHUWDEN_MET_KINDEREN),
    )
    assert u.beslagvrije_voet == D("1555.31")
    assert [t.bedrag for t in u.termen] == [D("3155.31"), D("-1400.00"), D("-200.00")]
    assert u.beslagruimte == D("944.69")  # 2500 − 1555.31


def test_spouse_income_reduces_the_bvv_by_at_most_half():
    # couple without children 2881.41; half = 1440.705 → 1440.71 < 2000; 2881.41 − 1440.71 = 1440.70.
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.GEHUWDEN_ZONDER_KINDEREN, partner_inkomen=D("2000")),
        tabellen(Huishouden.GEHUWDEN_ZONDER_KINDEREN),
    )
    assert u.beslagvrije_voet == D("1440.70")
    assert termen(u)["Rv art. 475db"] == D("-1440.71")
    assert u.beslagruimte is None  # no income given


def test_single_parent_with_low_income_is_capped_at_95_percent_of_income():
    # max 2526.69 > 1250 × 0.95 = 1187.50 → BVV 1187.50, garnishable 1250 − 1187.50 = 62.50.
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE_OUDER, D("1250")), tabellen(Huishouden.ALLEENSTAANDE_OUDER)
    )
    assert u.beslagvrije_voet == D("1187.50")
    assert u.beslagruimte == D("62.50")
    assert termen(u)["Rv art. 475dc lid 1"] == D("-1339.19")  # 1187.50 − 2526.69


def test_income_without_holiday_pay_gets_eight_percent_added_before_the_cap_and_says_so():
    # 1250 × 1.08 = 1350; × 0.95 = 1282.50; garnishable 67.50. The 8% is an assumption: niet bevestigd.
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE_OUDER, D("1250"), vakantiegeld_inbegrepen=False),
        tabellen(Huishouden.ALLEENSTAANDE_OUDER),
    )
    assert u.inkomen_incl_vakantiegeld == D("1350.00")
    assert u.beslagvrije_voet == D("1282.50")
    assert u.niet_bevestigd


def test_no_address_in_brp_is_47_5_percent_of_the_couple_norm():
    # 2002.13 × 0.475 = 951.01175 → 951.01
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, adres=Adres.GEEN), tabellen(Huishouden.ALLEENSTAANDE)
    )
    assert u.beslagvrije_voet == D("951.01")
    assert termen(u) == {"Rv art. 475da lid 4": D("951.01")}


def test_debtor_abroad_is_refused_with_reason():
    with pytest.raises(OngeldigeInvoer) as fout:
        bvv_bereken(
            BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, adres=Adres.BUITENLAND),
            tabellen(Huishouden.ALLEENSTAANDE),
        )
    assert fout.value.veld == "adres"
    assert "landenfactor" in fout.value.bericht


# Rv art. 475da lid 2 onderdeel a, worked example of issue 13: a single debtor with € 45,000 taxable income on
# 1 March 2026. Statute numbers (constanten.FORMULE, texts 2026-01-01): E = 13.730% (Wzt art. 2 lid 3),
# F = 27% (Wht art. 21 lid 2 a), H = 932.93 (Wht art. 13 lid 1 a), J = 252.49 − 1.82 + 12 = 262.67 (Wht art. 16,
# 17 lid 2–3), eigen deel 47 (Participatiewet art. 23 lid 2 a). A = 1401.50 (bijstandsnormen.csv 2026-01-01).
# D, the standard premium and the minimum-inkomensijkpunt are set by ministerial regulation and are not in the
# statute texts: the example takes D = 28,000, standaardpremie = 2,100 per year, ijkpunt = 20,000 as inputs.
VOORBEELD_45K = FormuleInvoer(
    toetsingsinkomen_jaar=D("45000"),
    drempelinkomen=D("28000"),
    standaardpremie_jaar=D("2100"),
    minimum_inkomensijkpunt=D("20000"),
)


def formule_tabellen(h: Huishouden) -> BvvTabellen:
    from dataclasses import replace

    return replace(tabellen(h), formule=formule_constanten_op(date(2026, 3, 1)))


def test_single_with_45000_taxable_income_is_protected_about_180_less_than_the_maximum():
    # 95% × A        = 0.95 × 1401.50 = 1331.425                                   → 1331.43
    # zorgterm       = ((45000 − 28000) / 12) × 13.730% = 1416.67 × 0.1373 = 194.51,
    #                  capped by lid 3 at 2100 / 12 − 47 = 128.00                    →  128.00
    # woonterm       = I × F / 12 = (45000 − 20000) × 27% / 12 = 562.50,
    #                  H − J = 932.93 − 262.67 = 670.26 is more, so                 →  562.50
    # formula        = 1331.43 + 128.00 + 562.50 = 2021.93 < lid 1 maximum 2191.42
    # difference     = 2191.42 − 2021.93 = 169.49 a month less protected ("about € 180").
    u = bvv_bereken(
        BvvInvoer(date(2026, 3, 1), Huishouden.ALLEENSTAANDE, formule=VOORBEELD_45K),
        formule_tabellen(Huishouden.ALLEENSTAANDE),
    )
    assert [t.bedrag for t in u.termen] == [D("1331.43"), D("128.00"), D("562.50")]
    assert [t.artikel for t in u.termen] == [
        "Rv art. 475da lid 2 onderdeel a; Participatiewet art. 21 onderdeel a",
        "Rv art. 475da lid 2 onderdeel a; lid 3",
        "Rv art. 475da lid 2 onderdeel a",
    ]
    assert u.beslagvrije_voet == D("2021.93")
    assert MAX26[Huishouden.ALLEENSTAANDE] - u.beslagvrije_voet == D("169.49")
    assert "194.51" in u.termen[1].toelichting and "670.26" in u.termen[2].toelichting


def test_formula_above_the_maximum_gives_the_maximum_of_lid_1():
    # € 90,000: zorg capped at 128.00; woonterm (90000 − 20000) × 27% / 12 = 1575 > H − J = 670.26 → 670.26;
    # 1331.43 + 128.00 + 670.26 = 2129.69 < 2191.42: still the formula. With a standard premium of 3,000 the cap is
    # 3000 / 12 − 47 = 203.00 and 1331.43 + 203.00 + 670.26 = 2204.69 ≥ 2191.42: the maximum (lid 1 is a ceiling).
    from dataclasses import replace

    hoog = replace(VOORBEELD_45K, toetsingsinkomen_jaar=D("90000"))
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, formule=hoog), formule_tabellen(Huishouden.ALLEENSTAANDE)
    )
    assert u.beslagvrije_voet == D("2129.69")
    hoog = replace(hoog, standaardpremie_jaar=D("3000"))
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, formule=hoog), formule_tabellen(Huishouden.ALLEENSTAANDE)
    )
    assert u.beslagvrije_voet == D("2191.42")
    assert [t.artikel for t in u.termen] == ["Rv art. 475da lid 1"]
    assert any("2204.69" in m for m in u.meldingen)


def test_couple_with_children_adds_the_child_term_with_l():
    # Rv art. 475da lid 2 onderdeel d, 2026-01: 95% × B = 0.95 × 2002.13 = 1902.0235 → 1902.02;
    # zorg ((40000 − 28000) / 12) × 13.730% = 137.30, cap 2100 / 12 − 106 = 69.00 → 69.00;
    # woon (40000 − 30000) × 22% / 12 = 183.33 (H − J = 932.93 − 260.86 = 672.07) → 183.33;
    # kind ((40000 − (28000 + 6000)) / 12) × 6.75% = 500 × 0.0675 = 33.75 (K and L are inputs);
    # 1902.02 + 69.00 + 183.33 + 33.75 = 2188.10 < 3155.31.
    f = FormuleInvoer(D("40000"), D("28000"), D("2100"), D("30000"), D("6.75"), D("6000"))
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.GEHUWDEN_MET_KINDEREN, formule=f),
        formule_tabellen(Huishouden.GEHUWDEN_MET_KINDEREN),
    )
    assert [t.bedrag for t in u.termen] == [D("1902.02"), D("69.00"), D("183.33"), D("33.75")]
    assert u.beslagvrije_voet == D("2188.10")


def test_unknown_regulation_amount_uses_the_ceiling_and_says_which():
    from dataclasses import replace

    zonder = replace(VOORBEELD_45K, minimum_inkomensijkpunt=None)
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, formule=zonder), formule_tabellen(Huishouden.ALLEENSTAANDE)
    )
    assert u.beslagvrije_voet == D("2191.42")
    assert any("minimum-inkomensijkpunt" in m and "maximum van lid 1" in m for m in u.meldingen)
    # a single parent also needs K
    u = bvv_bereken(
        BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE_OUDER, formule=VOORBEELD_45K),
        formule_tabellen(Huishouden.ALLEENSTAANDE_OUDER),
    )
    assert u.beslagvrije_voet == D("2526.69")
    assert any("percentage K" in m for m in u.meldingen)


def test_without_taxable_income_the_answer_says_the_ceiling_was_used_and_why():
    u = bvv_bereken(BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE), formule_tabellen(Huishouden.ALLEENSTAANDE))
    assert u.beslagvrije_voet == D("2191.42")
    assert any("toetsingsinkomen" in m and "maximum" in m for m in u.meldingen)


# Rv art. 475da lid 5, last sentence: for a married debtor the housing increase only as far as the spouse's
# non-garnished income cannot pay it. Couple without children, January 2026, housing € 1,500:
#   increase = 1500 − (932.93 × 1.10 = 1026.22) = 473.78.
def test_housing_increase_for_a_couple_is_paid_first_by_the_partners_income():
    # partner earns 3000: 475db deducts min(3000, 2881.41 / 2 = 1440.71) = 1440.71; the 1559.29 left pays all of
    # the 473.78, so no increase: 2881.41 − 1440.71 = 1440.70 (issue 13 item 3; before: 1677.59).
    u = bvv_bereken(
        BvvInvoer(
            JAN26,
            Huishouden.GEHUWDEN_ZONDER_KINDEREN,
            partner_inkomen=D("3000"),
            woonkosten=D("1500"),
            woonkostenverzoek_toegekend=True,
        ),
        tabellen(Huishouden.GEHUWDEN_ZONDER_KINDEREN),
    )
    assert u.beslagvrije_voet == D("1440.70")
    assert termen(u)["Rv art. 475da lid 5–6"] == D("0.00")


def test_housing_increase_for_a_couple_covers_what_the_partner_cannot():
    # partner earns 1500: 475db deducts 1440.71, 59.29 is left for housing; increase 473.78 − 59.29 = 414.49;
    # 2881.41 + 414.49 − 1440.71 = 1855.19.
    u = bvv_bereken(
        BvvInvoer(
            JAN26,
            Huishouden.GEHUWDEN_ZONDER_KINDEREN,
            partner_inkomen=D("1500"),
            woonkosten=D("1500"),
            woonkostenverzoek_toegekend=True,
        ),
        tabellen(Huishouden.GEHUWDEN_ZONDER_KINDEREN),
    )
    assert termen(u)["Rv art. 475da lid 5–6"] == D("414.49")
    assert u.beslagvrije_voet == D("1855.19")


def test_stale_table_row_is_named_in_the_answer():
    from dataclasses import replace

    t = replace(tabellen(Huishouden.ALLEENSTAANDE), verouderd=(("maximum", "geen rij voor 01-07-2026"),))
    u = bvv_bereken(BvvInvoer(date(2026, 8, 1), Huishouden.ALLEENSTAANDE), t)
    assert "geen rij voor 01-07-2026" in u.meldingen
    # lid 4 uses the couple norm, not the maximum: no message about the maximum there
    u = bvv_bereken(BvvInvoer(date(2026, 8, 1), Huishouden.ALLEENSTAANDE, adres=Adres.GEEN), t)
    assert "geen rij voor 01-07-2026" not in u.meldingen


def test_without_formula_inputs_the_maximum_is_used_and_confirmed():
    u = bvv_bereken(BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, D("3000")), tabellen(Huishouden.ALLEENSTAANDE))
    assert u.beslagvrije_voet == D("2191.42") and not u.niet_bevestigd
    assert any("maximum" in m for m in u.meldingen)


def test_partner_income_for_a_single_is_refused():
    with pytest.raises(OngeldigeInvoer) as fout:
        bvv_bereken(
            BvvInvoer(JAN26, Huishouden.ALLEENSTAANDE, partner_inkomen=D("10")),
            tabellen(Huishouden.ALLEENSTAANDE),
        )
    assert fout.value.veld == "partner_inkomen"


def test_determination_holds_twelve_months():
    assert geldig_tot(date(2026, 3, 15)) == date(2027, 3, 14)
    assert geldig_tot(date(2024, 2, 29)) == date(2025, 2, 28)


def test_rekenhuur_is_only_known_from_2026():
    assert rekenhuur_op(date(2026, 6, 1)).waarde == D("932.93")
    with pytest.raises(OngeldigeInvoer):
        rekenhuur_op(date(2025, 12, 31))


@given(
    huishouden=st.sampled_from(list(Huishouden)),
    c=st.decimals(min_value=0, max_value=250000, places=2),
    d=st.decimals(min_value=0, max_value=60000, places=2),
    premie=st.decimals(min_value=0, max_value=5000, places=2),
    ijkpunt=st.decimals(min_value=0, max_value=40000, places=2),
    k=st.decimals(min_value=0, max_value=20, places=3),
    l_=st.decimals(min_value=0, max_value=20000, places=2),
)
def test_lid_2_never_exceeds_the_lid_1_ceiling_and_never_goes_below_zero(
    huishouden, c, d, premie, ijkpunt, k, l_
):
    # Rv art. 475da lid 2 "met inachtneming van het eerste lid": the formula is capped by the maximum; every term
    # is at least zero (D is C when C is lower; I is not taken below zero) and the housing term at most H − J.
    f = FormuleInvoer(c, d, premie, ijkpunt, k, l_)
    u = bvv_bereken(BvvInvoer(JAN26, huishouden, formule=f), formule_tabellen(huishouden))
    assert D("0") <= u.beslagvrije_voet <= MAX26[huishouden]
    assert all(t.bedrag >= 0 for t in u.termen)


@given(
    partner=st.decimals(min_value=0, max_value=6000, places=2),
    woonkosten=st.decimals(min_value=0, max_value=4000, places=2),
)
def test_partner_income_never_raises_the_bvv_of_a_couple_with_housing_costs(partner, woonkosten):
    # Rv 475db and 475da lid 5, last sentence: a partner who earns more never leaves the debtor more protected.
    def bvv(p):
        return bvv_bereken(
            BvvInvoer(
                JAN26,
                Huishouden.GEHUWDEN_ZONDER_KINDEREN,
                partner_inkomen=p,
                woonkosten=woonkosten,
                woonkostenverzoek_toegekend=True,
            ),
            tabellen(Huishouden.GEHUWDEN_ZONDER_KINDEREN),
        ).beslagvrije_voet

    assert bvv(partner + D("0.01")) <= bvv(partner)


@given(
    inkomen=st.decimals(min_value=0, max_value=20000, places=2),
    partner=st.decimals(min_value=0, max_value=5000, places=2),
    eigen=st.decimals(min_value=0, max_value=5000, places=2),
)
def test_bvv_and_garnishable_amount_never_exceed_the_income_and_never_go_negative(inkomen, partner, eigen):
    u = bvv_bereken(
        BvvInvoer(
            JAN26,
            Huishouden.GEHUWDEN_MET_KINDEREN,
            inkomen,
            partner_inkomen=partner,
            eigen_overig_inkomen=eigen,
        ),
        tabellen(Huishouden.GEHUWDEN_MET_KINDEREN),
    )
    maximum = MAX26[Huishouden.GEHUWDEN_MET_KINDEREN]
    grens = (inkomen * D("0.95")).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert D(0) <= u.beslagvrije_voet <= min(maximum, grens)
    assert u.beslagruimte + u.beslagvrije_voet == inkomen
    # the spouse's income takes at most half (1577.66); only own income and the income cap go further
    ondergrens = max(D(0), min(maximum - D("1577.66") - eigen, grens))
    assert u.beslagvrije_voet >= ondergrens


# --- Deadlines (Algemene termijnenwet) --------------------------------------------------------------------


def test_order_to_pay_after_betekening_on_friday_1_may_2026_ends_monday_4_may():
    # Fri 1 May + 2 days = Sun 3 May: not a working day → next working day Mon 4 May (5 May is the holiday).
    assert uiterste_datum("bevel", date(2026, 5, 1)) == date(2026, 5, 4)


def test_order_to_pay_ending_on_bevrijdingsdag_moves_to_6_may():
    # Sun 3 May + 2 = Tue 5 May (Atw holiday every year) → Wed 6 May 2026
    assert uiterste_datum("bevel", date(2026, 5, 3)) == date(2026, 5, 6)


def test_overbetekening_ending_on_hemelvaart_moves_to_friday():
    # beslag Wed 6 May 2026 + 8 days = Thu 14 May (Hemelvaartsdag) → Fri 15 May 2026
    assert uiterste_datum("overbetekening", date(2026, 5, 6)) == date(2026, 5, 15)


def test_overbetekening_over_an_ordinary_week():
    # Mon 19 Jan 2026 + 8 = Tue 27 Jan 2026 (a working day)
    assert uiterste_datum("overbetekening", date(2026, 1, 19)) == date(2026, 1, 27)


def test_derdenverklaring_four_weeks_ending_on_tweede_pinksterdag_moves_to_tuesday():
    # Mon 27 Apr 2026 (Koningsdag) + 28 = Mon 25 May 2026 = Tweede Pinksterdag → Tue 26 May
    assert uiterste_datum("derdenverklaring", date(2026, 4, 27)) == date(2026, 5, 26)


def test_derdenverklaring_ending_on_saturday_moves_to_monday():
    # Sat 7 Feb 2026 is 28 days after Sat 10 Jan 2026 → Mon 9 Feb
    assert uiterste_datum("derdenverklaring", date(2026, 1, 10)) == date(2026, 2, 9)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 8, 10, 0),
        datetime(2026, 3, 9, 6, 59),
        datetime(2026, 3, 9, 20, 1),
        datetime(2026, 4, 6, 10, 0),
        datetime(2026, 5, 5, 10, 0),  # Tuesday; not a lustrum year, still "de vijfde mei" (Atw art. 3)
        datetime(2027, 5, 5, 10, 0),  # Wednesday
    ],
    ids=["sunday", "06:59", "20:01", "tweede-paasdag", "5-mei-2026", "5-mei-2027"],
)
def test_visit_outside_bailiff_hours_is_refused(moment):
    with pytest.raises(OngeldigeInvoer) as fout:
        bezoek_toets(moment)
    assert fout.value.veld == "gepland_op"


def test_visit_on_a_decree_day_is_refused():
    # Atw art. 3 lid 3: a day the government declares equal to a holiday counts for Rv art. 64 as well.
    besluitdag = date(2026, 3, 12)
    with pytest.raises(OngeldigeInvoer):
        bezoek_toets(datetime(2026, 3, 12, 13, 30), extra=frozenset({besluitdag}))


def test_derdenverklaring_honours_a_decree_day():
    # Rv art. 476a, 4 weeks from Tue 10 Feb 2026 = Tue 10 Mar 2026; a decree day on 10 March moves it to Wed 11.
    assert uiterste_datum("derdenverklaring", date(2026, 2, 10)) == date(2026, 3, 10)
    assert uiterste_datum(
        "derdenverklaring", date(2026, 2, 10), extra=frozenset({date(2026, 3, 10)})
    ) == date(2026, 3, 11)


@pytest.mark.parametrize(
    "moment", [datetime(2026, 3, 9, 7, 0), datetime(2026, 3, 14, 20, 0), datetime(2026, 3, 12, 13, 30)]
)
def test_visit_within_hours_monday_to_saturday_is_allowed(moment):
    bezoek_toets(moment)  # raises nothing
    assert moment.weekday() < 6


# --- Proportionality ----------------------------------------------------------------------------------

TARIEVEN26 = {
    "betekening_titel": D("136.71"),
    "overige_betekening": D("90.11"),
    "alimentatiebeslag_479b": D("159.71"),  # Btag 2(1)(k): an income garnishment for alimony (Rv 479b)
    "derdenbeslag_eenmalig": D("260.68"),
    "inning_enkelvoudig_per_maand": D("15.80"),
    "beslag_roerende_zaken": D("164.86"),
}


def test_loonbeslag_costs_above_yield_warns():
    # costs 159.71 (Btag 2(1)(k), 2026) + 90.11 + 12 × 15.80 (189.60) = 439.42; yield min(2000, 30 × 12 = 360)
    # = 360 → warn
    p = proportionaliteit_toets(
        stap="loonbeslag",
        tarieven=TARIEVEN26,
        achterstand=D("2000"),
        beslagruimte_per_maand=D("30"),
        maanden=12,
    )
    assert p.kosten == D("439.42")
    assert p.verwachte_opbrengst == D("360.00")
    assert p.waarschuwing
    assert "3:13" in p.toelichting


def test_loonbeslag_with_ample_garnishable_room_does_not_warn():
    # yield min(2000, 734.80 × 12) = 2000 > 439.42
    p = proportionaliteit_toets(
        stap="loonbeslag", tarieven=TARIEVEN26, achterstand=D("2000"), beslagruimte_per_maand=D("734.80")
    )
    assert p.verwachte_opbrengst == D("2000") and not p.waarschuwing


def test_bankbeslag_on_small_arrears_warns():
    # costs 260.68 + 90.11 = 350.79; yield min(150, 5000) = 150
    p = proportionaliteit_toets(
        stap="bankbeslag", tarieven=TARIEVEN26, achterstand=D("150"), verwacht_saldo=D("5000")
    )
    assert p.kosten == D("350.79") and p.waarschuwing


@given(
    achterstand=st.decimals(min_value=0, max_value=50000, places=2),
    ruimte=st.decimals(min_value=0, max_value=3000, places=2),
    maanden=st.integers(min_value=1, max_value=36),
)
def test_proportionality_warns_exactly_when_costs_exceed_the_capped_yield(achterstand, ruimte, maanden):
    p = proportionaliteit_toets(
        stap="loonbeslag",
        tarieven=TARIEVEN26,
        achterstand=achterstand,
        beslagruimte_per_maand=ruimte,
        maanden=maanden,
    )
    assert p.verwachte_opbrengst == min(achterstand, ruimte * maanden)
    assert p.kosten == D("159.71") + D("90.11") + D("15.80") * maanden
    assert p.waarschuwing == (p.kosten > p.verwachte_opbrengst)


def test_the_lid_2_amounts_on_the_forms_take_dutch_input_like_every_other_amount():
    """Issue 14 item 2: amounts are typed the Dutch way everywhere, the lid 2 fields of the BVV forms too."""
    from staf.beslag.forms import BvvRekenForm

    form = BvvRekenForm(
        data={
            "datum": "2026-03-01",
            "huishouden": "alleenstaande",
            "adres": "nl",
            "toetsingsinkomen_jaar": "45.000,00",
            "minimum_inkomensijkpunt": "20000",
            "standaardpremie_jaar": "€ 2.119",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["toetsingsinkomen_jaar"] == D("45000.00")
    assert form.cleaned_data["standaardpremie_jaar"] == D("2119.00")
    assert form.cleaned_data["drempelinkomen"] is None  # empty: the table row is used


def test_one_off_handelingen_of_a_step_leave_out_the_monthly_collection():
    # Alimony wage garnishment: Btag 2(1)(k) and serving it on the debtor; the monthly collection is not once
    assert eenmalige_handelingen("loonbeslag") == ("alimentatiebeslag_479b", "overige_betekening")
    assert eenmalige_handelingen("bankbeslag") == ("derdenbeslag_eenmalig", "overige_betekening")
    assert eenmalige_handelingen("betekening_titel") == ("betekening_titel",)
    assert eenmalige_handelingen("beslag_roerende_zaken") == ("beslag_roerende_zaken",)
