from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tarieven.models import ExtraNietWerkdag, Indexatie, ProvisieTarief

pytestmark = pytest.mark.django_db

WERKDAGEN = "/api/v1/rekenhulp/werkdagen/"
INDEXERING = "/api/v1/rekenhulp/indexering/"
PROVISIE = "/api/v1/rekenhulp/provisie/"
ACHTERSTAND = "/api/v1/rekenhulp/achterstand/"


@pytest.fixture
def api():
    cache.clear()  # the throttle counts in the cache
    return APIClient()


def post(api, url, data):
    return api.post(url, data, format="json")


# --- werkdagen ---------------------------------------------------------------------------------------------


def test_werkdagen_over_easter(api):
    # Thu 2 Apr 2026: Fri 3 (Goede Vrijdag), weekend, Mon 6 (Tweede Paasdag) do not count → Tue 7, Wed 8
    r = post(api, WERKDAGEN, {"datum": "2026-04-02", "werkdagen": 2})
    assert r.status_code == 200
    assert r.json() == {"datum": "2026-04-08"}


def test_werkdagen_zero_on_a_holiday_gives_next_working_day(api):
    assert post(api, WERKDAGEN, {"datum": "2026-04-27", "werkdagen": 0}).json() == {"datum": "2026-04-28"}
    assert post(api, WERKDAGEN, {"datum": "2026-04-28", "werkdagen": 0}).json() == {"datum": "2026-04-28"}


def test_werkdagen_five_may_in_non_lustrum_year(api):
    # Mon 4 May 2026 + 1: Tue 5 May is not a working day → Wed 6 May
    assert post(api, WERKDAGEN, {"datum": "2026-05-04", "werkdagen": 1}).json() == {"datum": "2026-05-06"}


def test_werkdagen_uses_days_added_by_decree_and_flags_unconfirmed(api):
    ExtraNietWerkdag.objects.create(
        datum=date(2026, 6, 10), omschrijving="Rouwdag", bron="Stcrt.", bevestigd=False
    )
    uit = post(api, WERKDAGEN, {"datum": "2026-06-09", "werkdagen": 1}).json()
    assert uit["datum"] == "2026-06-11"
    assert "2026-06-10" in uit["onbevestigd"][0]


def test_provisie_in_2005_carries_19_percent_vat(api):
    """Issue 13 item 9. Wet OB 1968 art. 9 lid 1: the general rate was 19% from 1 January 2001 to
    30 September 2012. 1,000.00 collected on 1 June 2005: commission 1,000.00 x 12% = 120.00 (incl. VAT);
    VAT 120.00 x 19/119 = 19.1596… → 19.16; to the client 1,000.00 - 120.00 = 880.00."""
    uit = post(api, PROVISIE, {"bedrag": "1000.00", "datum": "2005-06-01"}).json()
    assert uit == {
        "provisie": "120.00",
        "waarvan_btw": "19.16",
        "btw_percentage": "19.00",
        "naar_client": "880.00",
    }


@pytest.mark.parametrize(
    ("datum", "btw"),
    [
        # 120.00 x 19/119 = 19.1596… → 19.16 on the last day of 19%; 120.00 x 21/121 = 20.8264… → 20.83
        ("2012-09-30", "19.16"),
        ("2012-10-01", "20.83"),
        ("2001-01-01", "19.16"),
    ],
)
def test_provisie_vat_switches_on_1_october_2012(api, datum, btw):
    uit = post(api, PROVISIE, {"bedrag": "1000.00", "datum": datum}).json()
    assert (uit["provisie"], uit["waarvan_btw"]) == ("120.00", btw)


def test_provisie_before_the_first_vat_row_is_a_clear_error(api):
    """2000-06-01: a commission row exists (from 2000-01-01), but no VAT row (the table starts in 2001)."""
    r = post(api, PROVISIE, {"bedrag": "1000.00", "datum": "2000-06-01"})
    assert r.status_code == 400
    assert "btw-tarief" in str(r.json())


@pytest.mark.parametrize(
    ("data", "veld"),
    [
        ({"datum": "2026-04-02"}, "werkdagen"),
        ({"werkdagen": 2}, "datum"),
        ({"datum": "2-4-2026", "werkdagen": 2}, "datum"),
        ({"datum": "2026-02-30", "werkdagen": 2}, "datum"),
        ({"datum": "2026-04-02", "werkdagen": -1}, "werkdagen"),
        ({"datum": "2026-04-02", "werkdagen": "twee"}, "werkdagen"),
        ({"datum": "2026-04-02", "werkdagen": 2, "land": "NL"}, "land"),
        ({"datum": "1900-01-01", "werkdagen": 2}, "datum"),
    ],
)
def test_werkdagen_bad_input_answers_400_per_field(api, data, veld):
    r = post(api, WERKDAGEN, data)
    assert r.status_code == 400
    assert veld in r.json()
    assert isinstance(r.json()[veld], list)


def test_unknown_field_message_is_dutch(api):
    r = post(api, WERKDAGEN, {"datum": "2026-04-02", "werkdagen": 2, "extra": 1})
    assert r.json() == {"extra": ["Onbekend veld."]}


def test_calculators_only_accept_post(api):
    assert api.get(WERKDAGEN).status_code == 405


def test_calculator_needs_no_login_and_no_csrf(api):
    strict = APIClient(enforce_csrf_checks=True)
    assert strict.post(WERKDAGEN, {"datum": "2026-04-02", "werkdagen": 2}, format="json").status_code == 200


def test_calculators_are_throttled_per_ip(api, monkeypatch):
    from staf.tarieven.api import RekenhulpThrottle

    monkeypatch.setattr(RekenhulpThrottle, "THROTTLE_RATES", {"rekenhulp": "3/min"})
    codes = [post(api, WERKDAGEN, {"datum": "2026-04-02", "werkdagen": 1}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # another address has its own budget
    other = APIClient(REMOTE_ADDR="10.1.2.3")
    assert post(other, WERKDAGEN, {"datum": "2026-04-02", "werkdagen": 1}).status_code == 200
    cache.clear()


# --- indexering --------------------------------------------------------------------------------------------


def test_indexering_worked_example(api):
    r = post(api, INDEXERING, {"bedrag": "500.00", "vastgesteld_op": "2021-06-15", "jaar": 2026})
    assert r.status_code == 200
    uit = r.json()
    # 500.00 x 1.019 = 509.50; x 1.034 = 526.823 → 526.82; x 1.062 = 559.48284 → 559.48;
    # x 1.065 = 595.8462 → 595.85; x 1.046 = 623.2591 → 623.26
    assert uit["bedrag"] == "623.26"
    assert [(s["jaar"], s["percentage"], s["bedrag"]) for s in uit["stappen"]] == [
        (2022, "1.9", "509.50"),
        (2023, "3.4", "526.82"),
        (2024, "6.2", "559.48"),
        (2025, "6.5", "595.85"),
        (2026, "4.6", "623.26"),
    ]
    # 2026 is not confirmed in the reference table: the answer says so
    assert [s["bevestigd"] for s in uit["stappen"]] == [True, True, True, True, False]
    assert "2026" in uit["onbevestigd"][0]


def test_indexering_same_year_has_no_steps(api):
    uit = post(api, INDEXERING, {"bedrag": "500", "vastgesteld_op": "2026-01-01", "jaar": 2026}).json()
    assert uit == {"bedrag": "500.00", "stappen": []}


def test_indexering_year_not_yet_published_is_provisional(api):
    """Issue 13 item 6: 2027 has no percentage yet. 500.00 set mid-2025: 2026 x 1.046 = 523.00; 2027 stays
    523.00, provisional (art. 1:402a lid 1 BW: the Minister sets it; we do not guess it)."""
    r = post(api, INDEXERING, {"bedrag": "500.00", "vastgesteld_op": "2025-06-15", "jaar": 2027})
    assert r.status_code == 200, r.json()
    uit = r.json()
    assert uit["bedrag"] == "523.00"
    assert [(s["jaar"], s["percentage"], s["bedrag"], s["voorlopig"]) for s in uit["stappen"]] == [
        (2026, "4.6", "523.00", False),
        (2027, "0", "523.00", True),
    ]
    assert "2027" in uit["voorlopig"][0] and "voorlopig" in uit["voorlopig"][0]


def test_indexering_gap_in_the_table_is_400_on_jaar(api):
    Indexatie.objects.filter(jaar=2025).delete()
    r = post(api, INDEXERING, {"bedrag": "500.00", "vastgesteld_op": "2024-06-15", "jaar": 2026})
    assert r.status_code == 400
    assert "2025" in r.json()["jaar"][0]


def test_indexering_after_beheerder_confirms_no_warning(api):
    Indexatie.objects.filter(jaar=2026).update(bevestigd=True)
    uit = post(api, INDEXERING, {"bedrag": "500.00", "vastgesteld_op": "2025-06-15", "jaar": 2026}).json()
    assert "onbevestigd" not in uit
    assert uit["bedrag"] == "523.00"  # 500.00 x 1.046


@pytest.mark.parametrize(
    ("data", "veld"),
    [
        ({"bedrag": "-1.00", "vastgesteld_op": "2021-06-15", "jaar": 2026}, "bedrag"),
        ({"bedrag": "1.001", "vastgesteld_op": "2021-06-15", "jaar": 2026}, "bedrag"),
        ({"bedrag": "abc", "vastgesteld_op": "2021-06-15", "jaar": 2026}, "bedrag"),
        ({"bedrag": "500.00", "vastgesteld_op": "15-06-2021", "jaar": 2026}, "vastgesteld_op"),
        ({"bedrag": "500.00", "vastgesteld_op": "2021-06-15"}, "jaar"),
        ({"bedrag": "500.00", "vastgesteld_op": "2021-06-15", "jaar": 3000}, "jaar"),
        ({"bedrag": "500.00", "vastgesteld_op": "2021-06-15", "jaar": 2026, "x": 1}, "x"),
        ({"bedrag": "500.00", "vastgesteld_op": "1960-01-01", "jaar": 2026}, "vastgesteld_op"),
    ],
)
def test_indexering_bad_input_answers_400_per_field(api, data, veld):
    r = post(api, INDEXERING, data)
    assert r.status_code == 400
    assert veld in r.json()


def test_negative_amount_message_is_dutch(api):
    r = post(api, INDEXERING, {"bedrag": "-1.00", "vastgesteld_op": "2021-06-15", "jaar": 2026})
    assert r.json() == {"bedrag": ["Het bedrag mag niet negatief zijn."]}


# --- provisie ----------------------------------------------------------------------------------------------


def test_provisie_worked_example(api):
    # 450.00 x 12% = 54.00; 54.00 x 21/121 = 9.3719 → 9.37; 450.00 - 54.00 = 396.00
    r = post(api, PROVISIE, {"bedrag": "450.00", "datum": "2026-11-22"})
    assert r.status_code == 200
    assert r.json() == {
        "provisie": "54.00",
        "waarvan_btw": "9.37",
        "btw_percentage": "21.00",
        "naar_client": "396.00",
    }


def test_provisie_uses_rate_in_force_on_the_date(api):
    ProvisieTarief.objects.create(
        vanaf=date(2027, 1, 1), percentage=15, bron="Nieuwe voorwaarden", bevestigd=False
    )
    # 450.00 x 15% = 67.50; 67.50 x 21/121 = 11.7149 → 11.71; 450.00 - 67.50 = 382.50
    uit = post(api, PROVISIE, {"bedrag": "450.00", "datum": "2027-01-01"}).json()
    assert (uit["provisie"], uit["waarvan_btw"], uit["naar_client"]) == ("67.50", "11.71", "382.50")
    assert "niet bevestigd" in uit["onbevestigd"][0]
    assert post(api, PROVISIE, {"bedrag": "450.00", "datum": "2026-12-31"}).json()["provisie"] == "54.00"


@pytest.mark.parametrize(
    ("data", "veld"),
    [
        ({"bedrag": "-450.00", "datum": "2026-11-22"}, "bedrag"),
        ({"datum": "2026-11-22"}, "bedrag"),
        ({"bedrag": "450.00"}, "datum"),
        ({"bedrag": "450.00", "datum": "1999-12-31"}, "datum"),  # before the first commission row
        ({"bedrag": "450.00", "datum": "2026-11-22T10:00:00"}, "datum"),
        ({"bedrag": "450.00", "datum": "2026-11-22", "percentage": "10"}, "percentage"),
    ],
)
def test_provisie_bad_input_answers_400_per_field(api, data, veld):
    r = post(api, PROVISIE, data)
    assert r.status_code == 400
    assert veld in r.json()


def test_provisie_date_without_table_row_says_so(api):
    r = post(api, PROVISIE, {"bedrag": "450.00", "datum": "1999-12-31"})
    assert "provisietarief" in r.json()["datum"][0]


# --- achterstand -------------------------------------------------------------------------------------------


def kind(**kw):
    basis = {
        "soort": "kinderalimentatie",
        "bedrag": "300.00",
        "vastgesteld_op": "2024-06-15",
        "ingangsdatum": "2024-11-01",
        "einddatum": None,
        "vervaldag": 1,
        "indexeren": True,
    }
    return {**basis, **kw}


def test_achterstand_worked_example(api):
    # Nov, Dec 2024 300.00; Jan, Feb, Mar 2025 300.00 x 1.065 = 319.50; owed 600.00 + 958.50 = 1558.50.
    # Five payments of 300.00 (given out of order): Jan keeps 19.50 open until 3 Feb, Feb 39.00 until 2 Mar,
    # March ends with 58.50 open, of which min(58.50, 319.50 - 300.00) = 19.50 indexation.
    # One-off "Schoolreis" 75.00 on 10 Mar 2025 stays open: open 58.50 + 75.00 = 133.50.
    data = {
        "peildatum": "2025-03-15",
        "verplichtingen": [kind()],
        "betalingen": [
            {"datum": d, "bedrag": "300.00"}
            for d in ["2025-03-02", "2024-11-03", "2024-12-02", "2025-01-05", "2025-02-03"]
        ],
        "eenmalig": [{"datum": "2025-03-10", "bedrag": "75.00", "omschrijving": "Schoolreis"}],
        "stuitingen": [],
    }
    r = post(api, ACHTERSTAND, data)
    assert r.status_code == 200, r.json()
    uit = r.json()
    assert [
        (t["vervaldatum"], t["verplichting"], t["bedrag"], t["betaald"], t["open"]) for t in uit["termijnen"]
    ] == [
        ("2024-11-01", 0, "300.00", "300.00", "0.00"),
        ("2024-12-01", 0, "300.00", "300.00", "0.00"),
        ("2025-01-01", 0, "319.50", "319.50", "0.00"),
        ("2025-02-01", 0, "319.50", "319.50", "0.00"),
        ("2025-03-01", 0, "319.50", "261.00", "58.50"),
        ("2025-03-10", None, "75.00", "0.00", "75.00"),
    ]
    assert uit["termijnen"][0]["omschrijving"] == "Kinderalimentatie november 2024"
    assert uit["termijnen"][-1]["omschrijving"] == "Schoolreis"
    assert uit["totaal"] == {
        "verschuldigd": "1633.50",
        "betaald": "1500.00",
        "open": "133.50",
        "verjaard": "0.00",
        "teveel_betaald": "0.00",
        "waarvan_indexering": "19.50",
    }
    assert "onbevestigd" not in uit  # only 2025 indexation was used, which is confirmed


def test_achterstand_stuiting_saves_a_termijn_and_barred_ones_are_separate(api):
    oud = kind(
        soort="partneralimentatie", bedrag="100.00", vastgesteld_op="2019-12-01", ingangsdatum="2020-01-01",
        einddatum="2020-03-31", indexeren=False,
    )  # fmt: skip
    # Jan 2020 ended 2025-01-01 before the stuiting of 2025-01-20 → barred; Feb and Mar saved until 2030.
    uit = post(
        api, ACHTERSTAND, {"peildatum": "2025-06-01", "verplichtingen": [oud], "stuitingen": ["2025-01-20"]}
    ).json()
    assert [t["verjaard"] for t in uit["termijnen"]] == [True, False, False]
    assert (uit["totaal"]["open"], uit["totaal"]["verjaard"]) == ("200.00", "100.00")


def test_achterstand_payment_exceeding_everything(api):
    uit = post(
        api,
        ACHTERSTAND,
        {
            "peildatum": "2024-12-31",
            "verplichtingen": [kind()],
            "betalingen": [{"datum": "2024-12-20", "bedrag": "1000.00"}],
        },
    ).json()
    # owed Nov + Dec = 600.00 → 400.00 too much
    assert uit["totaal"]["teveel_betaald"] == "400.00"
    assert uit["totaal"]["open"] == "0.00"


def test_achterstand_flags_unconfirmed_indexation_used(api):
    uit = post(api, ACHTERSTAND, {"peildatum": "2026-01-15", "verplichtingen": [kind()]}).json()
    # January 2026 = 300.00 x 1.065 = 319.50 x 1.046 = 334.197 → 334.20 uses the unconfirmed 2026 percentage
    assert uit["termijnen"][-1]["bedrag"] == "334.20"
    assert "2026" in uit["onbevestigd"][0]


def test_achterstand_year_not_yet_published_is_provisional_per_termijn(api):
    """Issue 13 item 6. Nov 2024 300.00 set mid-2024; 2025: 300.00 x 1.065 = 319.50; 2026: x 1.046 =
    334.197 → 334.20; 2027 not published: 334.20 again, each 2027 termijn ``voorlopig``."""
    r = post(api, ACHTERSTAND, {"peildatum": "2027-02-01", "verplichtingen": [kind()]})
    assert r.status_code == 200, r.json()
    uit = r.json()
    per_termijn = [(t["vervaldatum"], t["bedrag"], t["voorlopig"]) for t in uit["termijnen"]]
    assert per_termijn[-3:] == [
        ("2026-12-01", "334.20", False),
        ("2027-01-01", "334.20", True),
        ("2027-02-01", "334.20", True),
    ]
    assert not any(v for _, _, v in per_termijn[:-2])
    assert len(uit["voorlopig"]) == 1 and "2027" in uit["voorlopig"][0]
    # the beheerder enters 2027 (3.0%): 334.20 x 1.03 = 344.226 → 344.23, nothing provisional any more
    Indexatie.objects.create(jaar=2027, percentage="3.0", bron="test", bevestigd=True)
    uit = post(api, ACHTERSTAND, {"peildatum": "2027-02-01", "verplichtingen": [kind()]}).json()
    assert [(t["bedrag"], t["voorlopig"]) for t in uit["termijnen"][-2:]] == [("344.23", False)] * 2
    assert "voorlopig" not in uit


def test_achterstand_ignores_payments_after_the_peildatum(api):
    """Issue 13 item 7: a payment dated after ``peildatum`` is not part of the arrears on that date, as a
    one-off claim after it is not. Nov + Dec 2024 = 600.00 owed on 31 Dec; the 300.00 of 2 Jan 2025 is
    later: open 600.00, paid 0.00 (the old code answered open 300.00)."""
    uit = post(
        api,
        ACHTERSTAND,
        {
            "peildatum": "2024-12-31",
            "verplichtingen": [kind()],
            "betalingen": [{"datum": "2025-01-02", "bedrag": "300.00"}],
        },
    ).json()
    assert (uit["totaal"]["open"], uit["totaal"]["betaald"]) == ("600.00", "0.00")


def test_achterstand_payment_designating_a_month_pays_it_first(api):
    """Issue 13 item 11, art. 6:43 lid 1 BW. Nov and Dec 2024 open (300.00 each); 300.00 on 20 Dec
    "alimentatie december 2024" pays December, not the older November (art. 6:43 lid 2 would)."""
    uit = post(
        api,
        ACHTERSTAND,
        {
            "peildatum": "2024-12-31",
            "verplichtingen": [kind()],
            "betalingen": [
                {"datum": "2024-12-20", "bedrag": "300.00", "omschrijving": "alimentatie december 2024"}
            ],
        },
    ).json()
    assert [(t["vervaldatum"], t["open"]) for t in uit["termijnen"]] == [
        ("2024-11-01", "300.00"),
        ("2024-12-01", "0.00"),
    ]


def test_achterstand_one_off_under_a_court_decision_is_barred_after_20_years(api):
    """Issue 13 item 8. One-off 500.00 due 1 March 2015. Under a decision of 1 Feb 2015: 20 years from the
    decision's day or the later due date (art. 3:324 lid 1 BW) → open until 1 March 2035. Without a decision
    (agreement, art. 3:307 lid 1 BW): barred after 1 March 2020. Peildatum 1 June 2025."""
    eenmalig = {"datum": "2015-03-01", "bedrag": "500.00", "omschrijving": "Beugel"}
    data = {"peildatum": "2025-06-01", "verplichtingen": []}
    zonder = post(api, ACHTERSTAND, {**data, "eenmalig": [eenmalig]}).json()
    met = post(api, ACHTERSTAND, {**data, "eenmalig": [{**eenmalig, "uitspraak": "2015-02-01"}]}).json()
    assert (zonder["termijnen"][0]["verjaard"], zonder["termijnen"][0]["verjaringseinde"]) == (
        True,
        "2020-03-01",
    )
    assert (met["termijnen"][0]["verjaard"], met["termijnen"][0]["verjaringseinde"]) == (False, "2035-03-01")
    assert (met["totaal"]["open"], zonder["totaal"]["verjaard"]) == ("500.00", "500.00")


@pytest.mark.parametrize(
    ("data", "pad"),
    [
        ({"verplichtingen": [kind()]}, ("peildatum",)),
        ({"peildatum": "2025-01-01"}, ("verplichtingen",)),
        ({"peildatum": "2025-01-01", "verplichtingen": [kind()], "onbekend": 1}, ("onbekend",)),
        ({"peildatum": "2025-01-01", "verplichtingen": [kind(kleur="rood")]}, ("verplichtingen", 0, "kleur")),
        ({"peildatum": "2025-01-01", "verplichtingen": [kind(bedrag="-5")]}, ("verplichtingen", 0, "bedrag")),
        (
            {"peildatum": "2025-01-01", "verplichtingen": [kind(vervaldag=29)]},
            ("verplichtingen", 0, "vervaldag"),
        ),
        (
            {"peildatum": "2025-01-01", "verplichtingen": [kind(vervaldag=0)]},
            ("verplichtingen", 0, "vervaldag"),
        ),
        (
            {"peildatum": "2025-01-01", "verplichtingen": [kind(einddatum="2024-10-31")]},
            ("verplichtingen", 0, "einddatum"),
        ),
        ({"peildatum": "2025-01-01", "verplichtingen": [kind(soort="huur")]}, ("verplichtingen", 0, "soort")),
        (
            {"peildatum": "2025-01-01", "verplichtingen": [kind(indexeren="misschien")]},
            ("verplichtingen", 0, "indexeren"),
        ),
        (
            {
                "peildatum": "2025-01-01",
                "verplichtingen": [kind()],
                "betalingen": [{"datum": "2024-12-01", "bedrag": "-1"}],
            },
            ("betalingen", 0, "bedrag"),
        ),
        (
            {"peildatum": "2025-01-01", "verplichtingen": [kind()], "betalingen": [{"datum": "2024-12-01"}]},
            ("betalingen", 0, "bedrag"),
        ),
        (
            {
                "peildatum": "2025-01-01",
                "verplichtingen": [kind()],
                "eenmalig": [{"datum": "2024-12-01", "bedrag": "-3", "omschrijving": "x"}],
            },
            ("eenmalig", 0, "bedrag"),
        ),
        (
            {"peildatum": "2025-01-01", "verplichtingen": [kind()], "stuitingen": ["gisteren"]},
            ("stuitingen", "0"),
        ),
        (
            {
                "peildatum": "2025-01-01",
                "verplichtingen": [kind(ingangsdatum="1970-01-01", einddatum=None)] * 10,
            },
            ("verplichtingen",),
        ),
    ],
)
def test_achterstand_bad_input_answers_400_with_message_at_the_field(api, data, pad):
    r = post(api, ACHTERSTAND, data)
    assert r.status_code == 400
    fout = r.json()
    for stap in pad:
        fout = fout[stap]
    assert fout  # a non-empty message (list) at exactly that field


def test_achterstand_body_that_is_not_an_object_is_400(api):
    assert api.post(ACHTERSTAND, [1, 2], format="json").status_code == 400


def test_schema_documents_the_calculators(api):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for pad in (WERKDAGEN, INDEXERING, PROVISIE, ACHTERSTAND):
        assert "post" in schema["paths"][pad]


def test_calculators_take_json_only(api):
    r = api.post(WERKDAGEN, {"datum": "2026-04-02", "werkdagen": "2"})  # form-encoded
    assert r.status_code == 415


# --- hostile bodies (issue 12 item 14) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        WERKDAGEN,
        INDEXERING,
        PROVISIE,
        ACHTERSTAND,
        "/api/v1/rekenhulp/btag/",
        "/api/v1/rekenhulp/beslagvrije-voet/",
    ],
)
def test_deeply_nested_json_gets_400_with_a_message(api, url):
    """2 KB of ``[`` exceeded Python's recursion limit in the JSON parser: a 500 before this fix."""
    api.raise_request_exception = False
    r = api.post(url, "[" * 2048, content_type="application/json")
    assert r.status_code == 400
    assert "te diep genest" in r.json()["detail"]


def test_json_nested_beyond_the_bound_but_within_the_recursion_limit_gets_400(api):
    r = api.post(WERKDAGEN, '{"datum": ' + "[" * 40 + "]" * 40 + "}", content_type="application/json")
    assert r.status_code == 400
    assert "hoogstens 32 niveaus" in r.json()["detail"]


def test_the_depth_bound_leaves_ordinary_nesting_alone():
    from nlai.parsers import json_diepte

    assert json_diepte(1) == 0
    assert json_diepte({"termijnen": [{"bedrag": "1.00"}]}) == 3
    assert json_diepte([[[]], []]) == 2
