"""The yearly regulation amounts of the BVV formula (Rv art. 475da lid 2) as table data (issue 13 item 2).

The rows (tarieven/data/bvv_regelingsbedragen.csv, loaded by tarieven migration 0006), berekeningsjaar 2026:
- D, drempelinkomen (Wet op de zorgtoeslag art. 1 lid 1 f): 108% × 12 × € 2,294.40 (Wml art. 8 lid 1 b,
  January 2026) = 1.08 × 27,532.80 = 29,735.424 — confirmed (two sources for € 2,294.40);
- standaardpremie (Wzt art. 4, Regeling standaardpremie 2026 art. 1): € 2,119 — one source, "niet bevestigd";
- K (Wet op het kindgebonden budget art. 2 lid 7, art. 3 lid 5 a): 7.60% — confirmed;
- L (Wkgb art. 2 lid 8): € 9,405 — one source, "niet bevestigd";
- the minimum-inkomensijkpunt (Wet op de huurtoeslag art. 17 lid 1): no row (not found in a text).
Statute numbers of the formula (constanten.FORMULE, 2026): E = 13.730%, F = 27%, G = 22%, H = 932.93,
J = 262.67 (one person) / 260.86 (more), Participatiewet art. 23 lid 2 eigen deel 47 / 106.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from beslag import selectors
from recht.beslag_constanten import formule_constanten_op
from recht.bvv import BvvInvoer, BvvTabellen, FormuleInvoer, Huishouden, Regelingswaarde, bvv_bereken

BVV = "/api/v1/rekenhulp/beslagvrije-voet/"
MAART26 = date(2026, 3, 1)
BRON_D = "Wet op de zorgtoeslag art. 1 lid 1 f"
BRON_PREMIE = "Regeling vaststelling standaardpremie en bestuursrechtelijke premies 2026 art. 1"

# The 2026 rows as the pure function receives them (the same figures as the CSV).
REGELING_2026 = (
    ("drempelinkomen", Regelingswaarde(D("29735.424"), 2026, BRON_D, True)),
    ("standaardpremie_jaar", Regelingswaarde(D("2119"), 2026, BRON_PREMIE, False)),
    ("kgb_percentage", Regelingswaarde(D("7.60"), 2026, "Wet op het kindgebonden budget art. 2 lid 7", True)),
    (
        "kgb_drempelverhoging",
        Regelingswaarde(D("9405"), 2026, "Wet op het kindgebonden budget art. 2 lid 8", False),
    ),
)


def tabellen(h: Huishouden, regeling=REGELING_2026) -> BvvTabellen:
    # bvv_maxima.csv / bijstandsnormen.csv 2026-01-01: max 2191.42 (single), 3155.31 (couple with children);
    # A = 1401.50, B = 2002.13
    return BvvTabellen(
        maximum=D("2191.42") if h is Huishouden.ALLEENSTAANDE else D("3155.31"),
        norm_huishouden=D("1401.50") if h is Huishouden.ALLEENSTAANDE else D("2002.13"),
        norm_gehuwden=D("2002.13"),
        formule=formule_constanten_op(MAART26),
        regeling=regeling,
        onbevestigd=tuple((f"regeling:{veld}", rij.bron) for veld, rij in regeling if not rij.bevestigd),
    )


def test_single_45000_takes_d_and_the_standard_premium_from_the_table():
    """Rv art. 475da lid 2 onderdeel a, single debtor, C = 45,000, 1 March 2026; the caller gives C and the
    minimum-inkomensijkpunt (20,000: no table row), D and the standard premium come from the table:
    95% × A       = 0.95 × 1401.50 = 1331.425                                                     → 1331.43
    zorgterm      = ((45000 − 29735.424) / 12) × 13.730% = 1272.048 × 0.1373 = 174.65,
                    capped by lid 3 at 2119 / 12 − 47 = 176.583 − 47 = 129.583                   →  129.58
    woonterm      = (45000 − 20000) × 27% / 12 = 562.50; H − J = 932.93 − 262.67 = 670.26         →  562.50
    formula       = 1331.43 + 129.58 + 562.50 = 2023.51 < lid 1 maximum 2191.42                   → 2023.51
    The zorgterm used the unconfirmed standard premium: "niet bevestigd", and its source is named.
    """
    f = FormuleInvoer(toetsingsinkomen_jaar=D("45000"), minimum_inkomensijkpunt=D("20000"))
    u = bvv_bereken(
        BvvInvoer(MAART26, Huishouden.ALLEENSTAANDE, formule=f), tabellen(Huishouden.ALLEENSTAANDE)
    )
    assert [t.bedrag for t in u.termen] == [D("1331.43"), D("129.58"), D("562.50")]
    assert u.beslagvrije_voet == D("2023.51")
    assert [t.niet_bevestigd for t in u.termen] == [False, True, False]
    assert "29735.424" in u.termen[1].toelichting and "2119" in u.termen[1].toelichting
    assert u.onbevestigd == (BRON_PREMIE,)
    [d_melding] = [m for m in u.meldingen if m.startswith("Drempelinkomen D")]
    assert "29735.424" in d_melding and BRON_D in d_melding and "niet bevestigd" not in d_melding
    [premie] = [m for m in u.meldingen if m.startswith("Standaardpremie")]
    assert "2119" in premie and BRON_PREMIE in premie and premie.endswith("niet bevestigd.")


def test_couple_with_children_takes_k_and_l_from_the_table():
    """Rv art. 475da lid 2 onderdeel d, couple with children, C = 60,000, 1 March 2026, caller gives the
    minimum-inkomensijkpunt for more persons (30,000); D, premium, K and L from the table:
    95% × B   = 0.95 × 2002.13 = 1902.0235                                                    → 1902.02
    zorgterm  = ((60000 − 29735.424) / 12) × 13.730% = 2522.048 × 0.1373 = 346.28,
                capped by lid 3 at 2119 / 12 − 106 = 70.583                                    →   70.58
    woonterm  = (60000 − 30000) × 22% / 12 = 550.00; H − J = 932.93 − 260.86 = 672.07          →  550.00
    kindterm  = ((60000 − (29735.424 + 9405)) / 12) × 7.60% = (20859.576 / 12) × 0.076
              = 1738.298 × 0.076 = 132.111 (Wkgb art. 2 lid 7–8)                               →  132.11
    formula   = 1902.02 + 70.58 + 550.00 + 132.11 = 2654.71 < 3155.31
    L is unconfirmed, so the kindterm is "niet bevestigd"; the premium makes the zorgterm so.
    """
    f = FormuleInvoer(toetsingsinkomen_jaar=D("60000"), minimum_inkomensijkpunt=D("30000"))
    u = bvv_bereken(
        BvvInvoer(MAART26, Huishouden.GEHUWDEN_MET_KINDEREN, formule=f),
        tabellen(Huishouden.GEHUWDEN_MET_KINDEREN),
    )
    assert [t.bedrag for t in u.termen] == [D("1902.02"), D("70.58"), D("550.00"), D("132.11")]
    assert u.beslagvrije_voet == D("2654.71")
    assert [t.niet_bevestigd for t in u.termen] == [False, True, False, True]
    assert set(u.onbevestigd) == {BRON_PREMIE, "Wet op het kindgebonden budget art. 2 lid 8"}


def test_the_callers_value_wins_over_the_table_row():
    """Same single debtor, but the caller gives D = 28,000 and a premium of 2,100 (the figures of the earlier
    example in test_recht.py): zorgterm ((45000 − 28000) / 12) × 13.730% = 194.51, cap 2100 / 12 − 47 = 128.00;
    1331.43 + 128.00 + 562.50 = 2021.93, no table row is named and nothing is unconfirmed."""
    f = FormuleInvoer(D("45000"), D("28000"), D("2100"), D("20000"))
    u = bvv_bereken(
        BvvInvoer(MAART26, Huishouden.ALLEENSTAANDE, formule=f), tabellen(Huishouden.ALLEENSTAANDE)
    )
    assert u.beslagvrije_voet == D("2021.93")
    assert not any("tabel regelingsbedragen" in m for m in u.meldingen)
    assert u.onbevestigd == () and not u.niet_bevestigd


def test_a_missing_row_still_falls_back_to_the_ceiling_with_its_reason():
    """Only C given and no minimum-inkomensijkpunt row (the 2026 situation): Rv art. 475da lid 1 maximum
    2191.42, the reason names the ijkpunt and not D or the premium (those rows exist); rows not used by a
    formula that was not computed are not named as used."""
    f = FormuleInvoer(toetsingsinkomen_jaar=D("45000"))
    u = bvv_bereken(
        BvvInvoer(MAART26, Huishouden.ALLEENSTAANDE, formule=f), tabellen(Huishouden.ALLEENSTAANDE)
    )
    assert u.beslagvrije_voet == D("2191.42")
    assert [t.artikel for t in u.termen] == ["Rv art. 475da lid 1"]
    [reden] = u.meldingen
    assert "minimum-inkomensijkpunt" in reden and "geen rij voor 2026" in reden
    assert "drempelinkomen D" not in reden and "standaardpremie" not in reden
    assert u.onbevestigd == ()
    # without any row for the year (e.g. 2025: none entered) every regulation amount is named as missing
    u = bvv_bereken(
        BvvInvoer(MAART26, Huishouden.ALLEENSTAANDE, formule=f),
        tabellen(Huishouden.ALLEENSTAANDE, regeling=()),
    )
    assert u.beslagvrije_voet == D("2191.42")
    assert "drempelinkomen D" in u.meldingen[0] and "standaardpremie" in u.meldingen[0]


# --- Through the database and the calculator API ----------------------------------------------------


@pytest.fixture
def api():
    cache.clear()
    return APIClient()


@pytest.mark.django_db
def test_the_loaded_2026_rows_reach_the_bvv_tables():
    t, onbevestigd = selectors.bvv_tabellen(huishouden="gehuwden_met_kinderen", datum=MAART26)
    regeling = dict(t.regeling)
    assert {v: r.waarde for v, r in regeling.items()} == {
        "drempelinkomen": D("29735.424"),
        "standaardpremie_jaar": D("2119"),
        "kgb_percentage": D("7.60"),
        "kgb_drempelverhoging": D("9405"),
    }
    assert {v: r.bevestigd for v, r in regeling.items()} == {
        "drempelinkomen": True,
        "standaardpremie_jaar": False,
        "kgb_percentage": True,
        "kgb_drempelverhoging": False,
    }
    assert regeling["standaardpremie_jaar"].bron in onbevestigd
    assert selectors.bvv_tabellen(huishouden="alleenstaande", datum=date(2025, 9, 1))[0].regeling == ()


@pytest.mark.django_db
def test_api_with_c_and_the_ijkpunt_uses_the_table_rows(api):
    """The first worked example through /api/v1/rekenhulp/beslagvrije-voet/: 2023.51 (see above)."""
    r = api.post(
        BVV,
        {
            "datum": "2026-03-01",
            "huishouden": "alleenstaande",
            "toetsingsinkomen_jaar": "45000.00",
            "minimum_inkomensijkpunt": "20000.00",
        },
        format="json",
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["beslagvrije_voet"] == "2023.51"
    assert [t["bedrag"] for t in body["termen"]] == ["1331.43", "129.58", "562.50"]
    assert body["termen"][1]["niet_bevestigd"] and body["termen"][1]["toelichting"].endswith(
        "(niet bevestigd)"
    )
    assert body["niet_bevestigd"] is True
    assert any(m.startswith("Standaardpremie") and "niet bevestigd" in m for m in body["meldingen"])
    assert any(m.startswith("Drempelinkomen D") and "29735.424" in m for m in body["meldingen"])
    assert any("standaardpremie" in b.lower() for b in body["onbevestigd"])


@pytest.mark.django_db
def test_api_with_only_c_computes_the_formula_once_a_beheerder_enters_the_ijkpunt(api):
    """Only C given. Today (no ijkpunt row) the ceiling 2191.42 with the reason; after a beheerder adds an
    eenpersoons row of 20,000 for 2026 (a test row, unconfirmed), the same request gives the formula
    1331.43 + 129.58 + 562.50 = 2023.51, naming that row as well."""
    from tarieven.models import Regelingsbedrag

    verzoek = {"datum": "2026-03-01", "huishouden": "alleenstaande", "toetsingsinkomen_jaar": "45000.00"}
    r = api.post(BVV, verzoek, format="json")
    assert r.json()["beslagvrije_voet"] == "2191.42"
    assert any("minimum-inkomensijkpunt" in m and "maximum van lid 1" in m for m in r.json()["meldingen"])

    Regelingsbedrag.objects.create(
        soort=Regelingsbedrag.Soort.IJKPUNT_EEN, jaar=2026, waarde=D("20000"), bron="testrij", bevestigd=False
    )
    r = api.post(BVV, verzoek, format="json")
    body = r.json()
    assert body["beslagvrije_voet"] == "2023.51"
    assert body["termen"][2]["niet_bevestigd"] is True  # the woonterm used the unconfirmed ijkpunt
    assert any(m.startswith("Minimum-inkomensijkpunt") and "testrij" in m for m in body["meldingen"])
    assert "testrij" in body["onbevestigd"]
