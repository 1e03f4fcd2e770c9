"""Issue 14 item 4: suggestions for receipts without a dossier, each with its reason, from the IBAN's history,
the debtor's name normalised and the monthly obligation; the dossier search finds IBANs and names."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bank.namen import naam_delen, naam_past, naam_woorden
from bank.services import bankafschrift_maak, bankafschrift_verwerk
from bank.suggesties import ontvangsten_suggesties
from dossiers.selectors import dossiers_zoek
from inning.models import Ontvangst
from tests.inning.geld_factories import maak_dossier

from .bank_bestanden import Post, camt053

HENK_IBAN = "NL36INGB0007654321"


def _importeer(posten: list[Post], msg_id: str = "M1") -> dict:
    af = bankafschrift_maak(bestandsnaam=msg_id, inhoud=camt053(posten, msg_id=msg_id))
    return bankafschrift_verwerk(afschrift_id=af.pk)


# --- The name rule (pure) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("betaler", "debiteur", "past"),
    [
        ("K. Peters", "Kevin Peters", True),
        ("H JANSEN", "Henk Jansen", True),
        ("PETERS K", "Kevin Peters", True),
        ("Dhr. K.J. Peters", "Kevin Peters", True),  # more initials than recorded first names
        ("J. de Vries", "Jan de Vries", True),
        ("Muller", "Jürgen Müller", True),
        ("M. PENA", "María Peña", True),
        ("J. Peters", "Kevin Peters", False),  # another first name
        ("K. Pieters", "Kevin Peters", False),
        ("Kevin", "Kevin Peters", False),  # a first name alone is not the debtor
        ("Peters Bouw B.V.", "Kevin Peters", False),  # words that are not in the debtor's name
    ],
)
def test_payer_name_fits_the_debtor_whatever_initials_order_case_and_accents(betaler, debiteur, past):
    assert naam_past(betaler, debiteur) is past


# A word that stays one word of a name (not a title or "van"/"de", also once its accents are off: "én").
_woord = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëïöü", min_size=2, max_size=10).filter(
    lambda w: len(naam_woorden(naam_delen(w))) == 1
)


@given(voornaam=_woord, achternaam=_woord)
def test_every_way_a_bank_writes_a_name_fits_it(voornaam, achternaam):
    debiteur = f"{voornaam.capitalize()} {achternaam.capitalize()}"
    for betaler in (
        debiteur,
        debiteur.upper(),
        f"{voornaam[0].upper()}. {achternaam.capitalize()}",
        f"{achternaam.upper()} {voornaam[0].upper()}",
        f"{achternaam}, {voornaam}",
    ):
        assert naam_past(betaler, debiteur), betaler


# --- Suggestions on the work queue ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_unmatched_receipts_get_suggestions_with_their_reasons(fin_client):
    """The issue's two cases: "H JANSEN" paid without a reference from the IBAN that paid Henk Jansen's RF
    reference later in the same file, and "K. Peters" paid without anything but his name. A third receipt
    has no name or IBAN we know but the amount of Lotte Smit's monthly obligation (€ 612.34)."""
    henk = maak_dossier(debiteur_naam="Henk Jansen")
    kevin = maak_dossier(debiteur_naam="Kevin Peters")
    lotte = maak_dossier(debiteur_naam="Lotte Smit", bedrag=D("612.34"))
    maak_dossier(debiteur_naam="Kees Pieters")  # a near name that must not be suggested
    uit = _importeer(
        [
            Post(D("100.00"), naam="H JANSEN", iban=HENK_IBAN, omschrijving="alimentatie", ref="A1"),
            Post(D("450.00"), naam="H JANSEN", iban=HENK_IBAN, kenmerk=henk.betaalkenmerk, ref="A2"),
            Post(D("300.00"), naam="K. Peters", iban="NL44RABO0123456789", omschrijving="maart", ref="A3"),
            Post(D("612.34"), naam="Stichting X", iban="NL93RABO0123456780", omschrijving="", ref="A4"),
        ]
    )
    assert (uit["gematcht"], uit["ongematcht"]) == (1, 3)
    # The import itself already stores a suggestion for the line above Henk's referenced one.
    a1 = Ontvangst.objects.get(bankregel__referentie="A1")
    assert (a1.suggestie, a1.suggestie_reden) == (henk, "IBAN betaalde eerder aan dit dossier")
    a3 = Ontvangst.objects.get(bankregel__referentie="A3")
    assert (a3.suggestie, a3.suggestie_reden) == (kevin, "naam van de debiteur")

    r = fin_client.get(reverse("inning:ontvangsten"))
    assert r.status_code == 200
    per_ontvangst = {o.bankregel.referentie: s for o, s in r.context["rijen"]}
    assert [s.dossier_id for s in per_ontvangst["A1"]] == [henk.pk]
    assert f"IBAN {HENK_IBAN} betaalde eerder aan dit dossier (1×)" in per_ontvangst["A1"][0].redenen
    assert [s.dossier_id for s in per_ontvangst["A3"]] == [kevin.pk]
    assert "naam „K. Peters” past bij debiteur Kevin Peters" in per_ontvangst["A3"][0].redenen
    assert [s.dossier_id for s in per_ontvangst["A4"]] == [lotte.pk]
    assert per_ontvangst["A4"][0].redenen == ["bedrag gelijk aan de maandtermijn van € 612,34"]
    html = r.content.decode()
    assert "naam „K. Peters” past bij debiteur Kevin Peters" in html and henk.nummer in html

    # The receipt's page offers each suggestion as a button that matches it.
    r = fin_client.get(reverse("inning:ontvangst", args=[a3.pk]))
    assert f"Koppelen aan {kevin.nummer}" in r.content.decode()
    assert r.context["form"].initial["dossier"] == kevin.nummer
    r = fin_client.post(reverse("inning:koppel", args=[a3.pk]), {"dossier": kevin.nummer})
    assert r.status_code == 302
    a3.refresh_from_db()
    assert (a3.status, a3.dossier) == ("gematcht", kevin)


@pytest.mark.django_db
def test_indexed_obligation_is_the_amount_compared():
    """€ 400.00 set on 1-12-2024, indexed on 1-1-2025 and 1-1-2026 by the table's percentages: the debtor
    pays the indexed amount, and that is what a receipt in 2026 is compared with."""
    from dossiers.models import Verplichting
    from recht.indexering import geindexeerd_bedrag
    from tarieven.selectors import indexatie_tabel

    d = maak_dossier(debiteur_naam="Iris Index", bedrag=None)
    Verplichting.objects.create(
        dossier=d,
        soort=Verplichting.Soort.PARTNERALIMENTATIE,
        bedrag=D("400.00"),
        vastgesteld_op=date(2024, 12, 1),
        ingangsdatum=date(2025, 1, 1),
        indexeren=True,
    )
    tabel = indexatie_tabel()
    # 400.00 × (1 + p2025/100), rounded, × (1 + p2026/100), rounded (art. 1:402a BW).
    na_2025 = (D("400.00") * (1 + tabel[2025] / 100)).quantize(D("0.01"))
    verwacht = (na_2025 * (1 + tabel[2026] / 100)).quantize(D("0.01"))
    assert verwacht == geindexeerd_bedrag(
        bedrag=D("400.00"), vastgesteld_op=date(2024, 12, 1), jaar=2026, tabel=tabel
    )
    _importeer([Post(verwacht, naam="Onbekend", iban="NL93RABO0123456780", omschrijving="x", ref="I1")])
    o = Ontvangst.objects.select_related("bankregel").get()
    [s] = ontvangsten_suggesties([o])[o.pk]
    assert s.dossier_id == d.pk and s.redenen[0].startswith("bedrag gelijk aan de maandtermijn")


@pytest.mark.django_db
def test_the_work_queue_reads_suggestions_in_a_fixed_number_of_queries(
    fin_client, django_assert_max_num_queries
):
    """No query per receipt: 40 receipts cost what 4 cost."""
    dossiers = [maak_dossier(debiteur_naam=f"Kevin Peters{i}", debiteur_iban="") for i in range(3)]
    _importeer(
        [Post(D("450.00"), naam="K. Peters0", iban=HENK_IBAN, kenmerk=dossiers[0].betaalkenmerk, ref="Q0")]
        + [
            Post(D(f"{10 + i}.00"), naam=f"K. Peters{i % 3}", iban=HENK_IBAN, omschrijving="z", ref=f"Q{i}")
            for i in range(1, 4)
        ],
        msg_id="K",
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as weinig:
        assert fin_client.get(reverse("inning:ontvangsten")).status_code == 200
    _importeer(
        [
            Post(
                D(f"{20 + i}.00"), naam=f"K. Peters{i % 3}", iban=f"NL{i:02d}X", omschrijving="z", ref=f"R{i}"
            )
            for i in range(36)
        ],
        msg_id="L",
    )
    with django_assert_max_num_queries(len(weinig.captured_queries)):
        r = fin_client.get(reverse("inning:ontvangsten"))
    assert len(r.context["rijen"]) == 39
    assert all(s for _o, s in r.context["rijen"])  # every one has a suggestion, by name


# --- The staff dossier search ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_dossier_search_finds_an_iban_and_a_name_as_a_bank_writes_it(cm_client):
    kevin = maak_dossier(debiteur_naam="Kevin Peters", debiteur_iban="NL36INGB0007654321")
    maak_dossier(debiteur_naam="Joost Peters")
    assert list(dossiers_zoek(zoek="NL36 INGB 0007 6543 21")) == [kevin]
    assert list(dossiers_zoek(zoek="K. Peters")) == [kevin]
    assert list(dossiers_zoek(zoek="peters k")) == [kevin]
    r = cm_client.get(reverse("dossiers:lijst"), {"zoek": "NL36INGB0007654321"})
    assert r.status_code == 200 and kevin.nummer in r.content.decode()


@pytest.mark.django_db
def test_the_match_forms_example_is_a_real_dossier_number_and_reference():
    """The example used to be "D-2026-00012 of RF18 5390 0754 7034" (ISO 11649's generic example), neither of
    which our dossiers ever have. Now: a number as ``_nummer_volgende`` makes it and that dossier's RF
    reference (``betaalkenmerk_maak`` of sequence 2026000012), which the form itself accepts."""
    import re

    from dossiers.services import betaalkenmerk_controleer, betaalkenmerk_maak
    from staf.inning.forms import KoppelForm

    tekst = str(KoppelForm().fields["dossier"].help_text)
    nummer, kenmerk = re.fullmatch(r"Bijvoorbeeld (\S+) of (RF[\d ]+)\.", tekst).groups()
    assert re.fullmatch(r"\d{4}-\d{6}", nummer)
    assert kenmerk.replace(" ", "") == betaalkenmerk_maak(volgnummer=int(nummer.replace("-", "")))
    assert betaalkenmerk_controleer(kenmerk)
