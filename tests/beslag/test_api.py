"""The public beslag calculators: Btag tariff per year and the beslagvrije voet, with bad input."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

BTAG = "/api/v1/rekenhulp/btag/"
BVV = "/api/v1/rekenhulp/beslagvrije-voet/"


@pytest.fixture(autouse=True)
def _lege_throttle():
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def test_btag_wage_garnishment_2026(api):
    r = api.post(BTAG, {"handeling": "derdenbeslag_periodiek", "datum": "2026-03-01"}, format="json")
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("bedrag", "artikel", "jaar")} == {
        "bedrag": "184.91",
        "artikel": "2(1)(j)",
        "jaar": 2026,
    }


@pytest.mark.parametrize(
    ("datum", "bedrag", "jaar"),
    [("2024-12-31", "122.34", 2024), ("2025-01-01", "130.00", 2025), ("2026-07-15", "136.71", 2026)],
)
def test_btag_betekening_titel_follows_the_year_of_the_date(api, datum, bedrag, jaar):
    r = api.post(BTAG, {"handeling": "betekening_titel", "datum": datum}, format="json")
    assert r.status_code == 200
    assert (r.json()["bedrag"], r.json()["jaar"], r.json()["artikel"]) == (bedrag, jaar, "2(1)(b)")


def test_btag_unknown_handeling_is_a_400_on_that_field(api):
    r = api.post(BTAG, {"handeling": "gijzeling", "datum": "2026-03-01"}, format="json")
    assert r.status_code == 400
    assert "Onbekende handeling" in r.json()["handeling"][0]


def test_btag_year_without_tariff_is_a_400_on_the_date(api):
    r = api.post(BTAG, {"handeling": "betekening_titel", "datum": "2023-06-01"}, format="json")
    assert r.status_code == 400
    assert "2023" in r.json()["datum"][0]


def test_btag_bad_date_and_unknown_field_get_dutch_messages(api):
    r = api.post(BTAG, {"handeling": "betekening_titel", "datum": "1-3-2026", "extra": 1}, format="json")
    assert r.status_code == 400
    assert "JJJJ-MM-DD" in r.json()["datum"][0]
    assert r.json()["extra"] == ["Onbekend veld."]


def test_bvv_single_with_housing_request_names_each_term_and_article(api):
    r = api.post(
        BVV,
        {
            "datum": "2026-01-01",
            "huishouden": "alleenstaande",
            "netto_inkomen": "3000.00",
            "woonkosten": "1100.00",
            "woonkostenverzoek_toegekend": True,
        },
        format="json",
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["beslagvrije_voet"] == "2265.20"
    assert body["beslagruimte"] == "734.80"
    assert [(t["artikel"], t["bedrag"]) for t in body["termen"]] == [
        ("Rv art. 475da lid 1", "2191.42"),
        ("Rv art. 475da lid 5–6", "73.78"),
    ]
    # 932.93 is the amount of Wet op de huurtoeslag art. 13 lid 1 a (statute text 2026-01-01): confirmed
    assert body["termen"][1]["niet_bevestigd"] is False
    assert "1100.00 − (932.93 × 1,10 = 1026.22)" in body["termen"][1]["toelichting"]
    # the lid 1 term names the table row it came from
    assert "Rv art. 475da lid 1 tekst 2026-01-01" in body["termen"][0]["toelichting"]
    assert body["geldig_tot"] == "2026-12-31"


def test_bvv_couple_with_children_and_partner_income(api):
    r = api.post(
        BVV,
        {
            "datum": "2026-02-01",
            "huishouden": "gehuwden_met_kinderen",
            "partner_inkomen": "1400.00",
            "eigen_overig_inkomen": "200.00",
        },
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["beslagvrije_voet"] == "1555.31"  # 3155.31 − 1400 − 200
    assert r.json()["beslagruimte"] is None


def test_bvv_single_parent_income_cap(api):
    r = api.post(
        BVV,
        {"datum": "2026-01-01", "huishouden": "alleenstaande_ouder", "netto_inkomen": "1250"},
        format="json",
    )
    assert (r.json()["beslagvrije_voet"], r.json()["beslagruimte"]) == ("1187.50", "62.50")


def test_bvv_no_address_uses_couple_norm(api):
    r = api.post(BVV, {"datum": "2026-01-01", "huishouden": "alleenstaande", "adres": "geen"}, format="json")
    assert r.json()["beslagvrije_voet"] == "951.01"
    assert r.json()["termen"][0]["artikel"] == "Rv art. 475da lid 4"


def test_bvv_2025_table_maximum_applies_to_a_date_in_the_second_half_of_2025(api):
    r = api.post(BVV, {"datum": "2025-09-01", "huishouden": "alleenstaande"}, format="json")
    assert r.json()["beslagvrije_voet"] == "2093.67"


def test_bvv_abroad_and_bad_input_are_400_with_dutch_messages(api):
    r = api.post(
        BVV, {"datum": "2026-01-01", "huishouden": "alleenstaande", "adres": "buitenland"}, format="json"
    )
    assert r.status_code == 400 and "landenfactor" in r.json()["adres"][0]
    r = api.post(BVV, {"datum": "2026-01-01", "huishouden": "kat", "netto_inkomen": "-5"}, format="json")
    assert r.status_code == 400
    assert "geen geldige keuze" in r.json()["huishouden"][0]
    assert r.json()["netto_inkomen"] == ["Het bedrag mag niet negatief zijn."]
    r = api.post(BVV, {"datum": "2020-01-01", "huishouden": "alleenstaande"}, format="json")
    assert r.status_code == 400 and "datum" in r.json()


def test_bvv_housing_request_before_2026_is_refused(api):
    r = api.post(
        BVV,
        {
            "datum": "2025-09-01",
            "huishouden": "alleenstaande",
            "woonkosten": "1100",
            "woonkostenverzoek_toegekend": True,
        },
        format="json",
    )
    assert r.status_code == 400 and "rekenhuur" in r.json()["datum"][0]


def test_calculators_are_throttled(api, settings):
    from staf.beslag.api import BtagView

    BtagView.throttle_classes[0].THROTTLE_RATES = {"rekenhulp": "2/min"}
    try:
        codes = [
            api.post(
                BTAG, {"handeling": "betekening_titel", "datum": "2026-01-01"}, format="json"
            ).status_code
            for _ in range(3)
        ]
    finally:
        BtagView.throttle_classes[0].THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert codes == [200, 200, 429]


# Issue 13 item 1: on a date after 1 July 2026 the figures in force from that day.
@pytest.mark.parametrize(
    ("huishouden", "bedrag"),
    [
        ("alleenstaande", "2208.48"),
        ("alleenstaande_ouder", "2543.75"),
        ("gehuwden_zonder_kinderen", "2905.79"),
        ("gehuwden_met_kinderen", "3179.68"),
    ],
)
def test_bvv_after_1_july_2026_uses_the_july_maxima(api, huishouden, bedrag):
    r = api.post(BVV, {"datum": "2026-12-02", "huishouden": huishouden}, format="json")
    assert r.status_code == 200
    assert r.json()["beslagvrije_voet"] == bedrag  # was the January figure (2191.42 … 3155.31)
    assert not any("nog geen rij" in m for m in r.json()["meldingen"])


def test_bvv_without_brp_address_after_1_july_2026_is_475_permille_of_the_july_couple_norm(api):
    # Rv art. 475da lid 4: 47.5% × 2027.79 (Participatiewet art. 21 b, 1 July 2026) = 963.20025 → 963.20
    r = api.post(BVV, {"datum": "2026-12-02", "huishouden": "alleenstaande", "adres": "geen"}, format="json")
    assert r.json()["beslagvrije_voet"] == "963.20"  # was 951.01


def test_bvv_in_a_half_year_without_rows_says_so(api):
    # 1 January 2027: no row for that half-year yet; the July 2026 row is used and every answer says so.
    r = api.post(BVV, {"datum": "2027-01-15", "huishouden": "alleenstaande"}, format="json")
    body = r.json()
    assert body["beslagvrije_voet"] == "2208.48"
    assert any("maximale beslagvrije voet" in m and "01-01-2027" in m for m in body["meldingen"])
    r = api.post(BVV, {"datum": "2027-01-15", "huishouden": "alleenstaande", "adres": "geen"}, format="json")
    assert any("bijstandsnormen" in m and "01-01-2027" in m for m in r.json()["meldingen"])


def test_bvv_lid_2_formula_through_the_api(api):
    # Same worked example as tests/beslag/test_recht.py (single, € 45,000, March 2026): 2021.93.
    r = api.post(
        BVV,
        {
            "datum": "2026-03-01",
            "huishouden": "alleenstaande",
            "toetsingsinkomen_jaar": "45000.00",
            "drempelinkomen": "28000.00",
            "standaardpremie_jaar": "2100.00",
            "minimum_inkomensijkpunt": "20000.00",
        },
        format="json",
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["beslagvrije_voet"] == "2021.93"
    assert [t["bedrag"] for t in body["termen"]] == ["1331.43", "128.00", "562.50"]
    # only the income: D and the standard premium now come from the table (regelingsbedragen 2026), but there is
    # no row for the minimum-inkomensijkpunt, so the ceiling, and the answer says that one is missing
    r = api.post(
        BVV,
        {"datum": "2026-03-01", "huishouden": "alleenstaande", "toetsingsinkomen_jaar": "45000.00"},
        format="json",
    )
    assert r.json()["beslagvrije_voet"] == "2191.42"
    [reden] = [m for m in r.json()["meldingen"] if "maximum van lid 1" in m]
    assert "minimum-inkomensijkpunt" in reden and "drempelinkomen D" not in reden


def test_bvv_names_only_the_unconfirmed_values_it_used(api):
    # From 1 July 2026 the single norm 1419.46 has one source (the statute text) and is unconfirmed. An answer at
    # the lid 1 maximum does not use it; the lid 2 formula (95% × A) does.
    r = api.post(BVV, {"datum": "2026-12-02", "huishouden": "alleenstaande"}, format="json")
    assert "onbevestigd" not in r.json()
    r = api.post(
        BVV,
        {
            "datum": "2026-12-02",
            "huishouden": "alleenstaande",
            "toetsingsinkomen_jaar": "45000.00",
            "drempelinkomen": "28000.00",
            "standaardpremie_jaar": "2100.00",
            "minimum_inkomensijkpunt": "20000.00",
        },
        format="json",
    )
    # 0.95 × 1419.46 = 1348.487 → 1348.49; + 128.00 + 562.50 = 2038.99 < 2208.48
    assert r.json()["beslagvrije_voet"] == "2038.99"
    assert any("Participatiewet art. 21 onderdeel a" in b for b in r.json()["onbevestigd"])
