import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    cache.clear()
    return Client()


@pytest.mark.parametrize("pad", ["/rekenhulp/", "/rekenhulp/werkdagen/", "/rekenhulp/indexering/",
                                 "/rekenhulp/provisie/", "/rekenhulp/achterstand/"])  # fmt: skip
def test_pages_show_without_login_and_without_inline_script_or_style(web, pad):
    r = web.get(pad)
    assert r.status_code == 200
    html = r.content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "onclick" not in html


def test_werkdagen_page_shows_result(web):
    r = web.post("/rekenhulp/werkdagen/", {"datum": "2026-04-02", "werkdagen": "2"})
    assert r.status_code == 200
    assert "2026-04-08" in r.content.decode()


def test_werkdagen_page_shows_error_at_the_field(web):
    r = web.post("/rekenhulp/werkdagen/", {"datum": "geen datum", "werkdagen": "-1"})
    assert r.status_code == 400
    assert r.context["form"].errors.keys() == {"datum", "werkdagen"}
    assert "is-invalid" in r.content.decode()


def test_indexering_page_shows_steps_and_unconfirmed_warning(web):
    r = web.post(
        "/rekenhulp/indexering/", {"bedrag": "500.00", "vastgesteld_op": "2021-06-15", "jaar": "2026"}
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "€ 623,26" in html  # see test_rekenhulp_api for the arithmetic
    assert "€ 509,50" in html
    assert "niet bevestigd" in html


def test_indexering_page_year_not_yet_published_is_shown_as_provisional(web):
    """Issue 13 item 6: 500.00 x 1.046 = 523.00 for 2026; 2027 not published: 523.00, voorlopig."""
    r = web.post(
        "/rekenhulp/indexering/", {"bedrag": "500.00", "vastgesteld_op": "2025-06-15", "jaar": "2027"}
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "€ 523,00" in html
    assert "Voorlopig:" in html and "2027 is nog niet vastgesteld" in html


def test_achterstand_page_year_not_yet_published_is_shown_as_provisional(web):
    r = web.post("/rekenhulp/achterstand/", {**ACHTERSTAND, "peildatum": "2027-02-01"})
    assert r.status_code == 200, r.context["form"].errors
    html = r.content.decode()
    assert "Voorlopig:" in html and "(voorlopig)" in html


def test_provisie_page(web):
    r = web.post("/rekenhulp/provisie/", {"bedrag": "450.00", "datum": "2026-11-22"})
    html = r.content.decode()
    assert "€ 54,00" in html
    assert "€ 9,37" in html
    assert "€ 396,00" in html


def test_provisie_page_rejects_negative_amount_in_dutch(web):
    r = web.post("/rekenhulp/provisie/", {"bedrag": "-1", "datum": "2026-11-22"})
    assert r.status_code == 400
    assert r.context["form"].errors["bedrag"] == ["Het bedrag mag niet negatief zijn."]


ACHTERSTAND = {
    "peildatum": "2025-03-15",
    "soort": "kinderalimentatie",
    "bedrag": "300.00",
    "vastgesteld_op": "2024-06-15",
    "ingangsdatum": "2024-11-01",
    "einddatum": "",
    "vervaldag": "1",
    "indexeren": "on",
    "betalingen": "2024-11-03 300.00\n2024-12-02 300\n2025-01-05 300,00\n\n2025-02-03 300.00\n2025-03-02 300.00\n",
    "eenmalig": "2025-03-10 75.00 Schoolreis naar Texel",
    "stuitingen": "",
}


def test_achterstand_page_same_figures_as_the_api(web):
    # See test_rekenhulp_api.test_achterstand_worked_example for the arithmetic.
    r = web.post("/rekenhulp/achterstand/", ACHTERSTAND)
    html = r.content.decode()
    assert r.status_code == 200, r.context["form"].errors
    assert "€ 1.633,50" in html
    assert "€ 133,50" in html
    assert "€ 19,50" in html
    assert "Schoolreis naar Texel" in html


@pytest.mark.parametrize(
    ("wijziging", "veld"),
    [
        ({"betalingen": "2024-11-03"}, "betalingen"),
        ({"betalingen": "03-11-2024 300"}, "betalingen"),
        ({"betalingen": "2024-11-03 -300"}, "betalingen"),
        ({"betalingen": "2024-11-03 3.001"}, "betalingen"),
        ({"eenmalig": "2025-03-10"}, "eenmalig"),
        ({"stuitingen": "morgen"}, "stuitingen"),
        ({"vervaldag": "29"}, "vervaldag"),
        ({"einddatum": "2024-10-01"}, "einddatum"),
    ],
)
def test_achterstand_page_errors_per_field(web, wijziging, veld):
    r = web.post("/rekenhulp/achterstand/", {**ACHTERSTAND, **wijziging})
    assert r.status_code == 400
    assert veld in r.context["form"].errors


def test_pages_are_throttled_per_ip(web, monkeypatch):
    from staf.tarieven.api import RekenhulpThrottle

    monkeypatch.setattr(RekenhulpThrottle, "THROTTLE_RATES", {"rekenhulp": "2/min"})
    codes = [web.post("/rekenhulp/werkdagen/", {"datum": "2026-04-02", "werkdagen": "1"}).status_code
             for _ in range(3)]  # fmt: skip
    assert codes == [200, 200, 429]
    cache.clear()
