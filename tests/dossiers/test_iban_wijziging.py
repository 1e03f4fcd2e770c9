"""Every change of a payout IBAN goes through dossiers.iban, whatever the screen (issue 12 item 7), and the
approver sees why to look twice (issue 14 item 9)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dossiers.iban import client_iban_keur_goed, client_iban_wijs_af, client_iban_wijzig, iban_waarschuwingen
from dossiers.models import Client, Debiteur
from tests.conftest import login_als

pytestmark = pytest.mark.django_db
OUD = "NL44RABO0123456789"
NIEUW = "NL20INGB0001234567"


@pytest.fixture
def klant(db) -> Client:
    return Client.objects.create(
        naam="Clara de Vries",
        email="clara@example.nl",
        telefoon="06 12345678",
        uitbetaal_iban=OUD,
        uitbetaal_tenaamstelling="C. de Vries",
    )


def _admin_post(client, klant: Client, **wijziging):
    data = {
        "naam": klant.naam,
        "email": klant.email,
        "telefoon": klant.telefoon,
        "straat": "",
        "postcode": "",
        "woonplaats": "",
        "land": "NL",
        "uitbetaal_iban": klant.uitbetaal_iban,
        "uitbetaal_tenaamstelling": klant.uitbetaal_tenaamstelling,
        "user": "",
        **wijziging,
    }
    return client.post(f"/beheer/dossiers/client/{klant.pk}/change/", data)


def test_an_iban_changed_in_the_admin_starts_the_hold(client, beheerder, klant):
    login_als(client, beheerder)
    response = _admin_post(
        client, klant, uitbetaal_iban="nl20 ingb 0001 2345 67", uitbetaal_tenaamstelling="X"
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    klant.refresh_from_db()
    assert klant.uitbetaal_iban == NIEUW
    assert klant.iban_gewijzigd_op is not None and klant.iban_goedgekeurd_door is None
    assert (klant.vorig_uitbetaal_iban, klant.vorige_tenaamstelling) == (OUD, "C. de Vries")
    assert klant.iban_gewijzigd_door == beheerder


def test_the_admin_cannot_set_the_hold_fields(client, beheerder, klant):
    """The hold fields are read-only: posting them changes nothing (and an approval cannot be forged)."""
    login_als(client, beheerder)
    lang_geleden = (timezone.now() - timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    _admin_post(
        client,
        klant,
        uitbetaal_iban=NIEUW,
        iban_gewijzigd_op_0=lang_geleden[:10],
        iban_gewijzigd_op_1=lang_geleden[11:],
        iban_goedgekeurd_door=str(beheerder.pk),
    )
    klant.refresh_from_db()
    assert klant.iban_goedgekeurd_door is None
    assert klant.iban_gewijzigd_op > timezone.now() - timedelta(minutes=1)


def test_an_invalid_iban_in_the_admin_gets_a_dutch_message_and_changes_nothing(client, beheerder, klant):
    login_als(client, beheerder)
    response = _admin_post(client, klant, uitbetaal_iban="NL00BANK0000000000")
    assert response.status_code == 200
    assert "Dit IBAN klopt niet" in response.content.decode()
    klant.refresh_from_db()
    assert klant.uitbetaal_iban == OUD and klant.iban_gewijzigd_op is None


def test_other_admin_edits_leave_the_account_and_the_hold_alone(client, beheerder, klant):
    login_als(client, beheerder)
    _admin_post(client, klant, telefoon="06 87654321")
    klant.refresh_from_db()
    assert (klant.telefoon, klant.uitbetaal_iban, klant.iban_gewijzigd_op) == ("06 87654321", OUD, None)


def test_whoever_changed_the_iban_cannot_approve_it(beheerder, casemanager, klant):
    client_iban_wijzig(client=klant, iban=NIEUW, tenaamstelling="X", door=beheerder)
    with pytest.raises(ValidationError, match="vier ogen"):
        client_iban_keur_goed(client=klant, door=beheerder)
    klant = client_iban_keur_goed(client=klant, door=casemanager)
    assert klant.iban_goedgekeurd_door == casemanager


def test_the_client_setting_a_first_iban_starts_no_hold_but_staff_setting_one_does(
    maak_gebruiker, casemanager
):
    user = maak_gebruiker("client")
    eigen = Client.objects.create(naam="Eerste", user=user)
    eigen = client_iban_wijzig(client=eigen, iban=NIEUW, tenaamstelling="Eerste", door=user)
    assert eigen.iban_gewijzigd_op is None
    ander = Client.objects.create(naam="Telefonisch")
    ander = client_iban_wijzig(client=ander, iban=NIEUW, tenaamstelling="Telefonisch", door=casemanager)
    assert ander.iban_gewijzigd_op is not None


def test_rejecting_puts_the_previous_account_back(beheerder, casemanager, klant):
    client_iban_wijzig(client=klant, iban=NIEUW, tenaamstelling="X", door=beheerder)
    klant = client_iban_wijs_af(client=klant, door=casemanager, reden="Cliënt kent dit nummer niet")
    klant.refresh_from_db()
    assert (klant.uitbetaal_iban, klant.uitbetaal_tenaamstelling) == (OUD, "C. de Vries")
    assert klant.iban_gewijzigd_op is None and klant.vorig_uitbetaal_iban == ""


def test_the_approver_is_warned_about_own_client_and_debtor_accounts(klant, settings):
    from inning.models import EigenRekening
    from inning.selectors import eigen_rekeningen

    settings.BUREAU = {**settings.BUREAU, "iban": "NL91ABNA0417164300"}
    assert iban_waarschuwingen(
        client=klant, iban="NL91 ABNA 0417 1643 00", eigen_rekeningen=eigen_rekeningen()
    ) == ["Dit is een rekening van het bureau zelf."]
    # an own account the beheerder keeps in the admin warns as well, not only BUREAU_IBAN
    EigenRekening.objects.create(iban="NL39RABO0300065264", omschrijving="spaarrekening derdengelden")
    assert iban_waarschuwingen(
        client=klant, iban="NL39RABO0300065264", eigen_rekeningen=eigen_rekeningen()
    ) == ["Dit is een rekening van het bureau zelf."]
    Client.objects.create(naam="Andere Cliënt", uitbetaal_iban=NIEUW)
    Debiteur.objects.create(naam="Bram Betaler", iban="nl20 ingb 0001 2345 67")
    assert iban_waarschuwingen(client=klant, iban=NIEUW, eigen_rekeningen=set()) == [
        "Dit IBAN hoort bij een andere cliënt: Andere Cliënt.",
        "Dit IBAN hoort bij een debiteur: Bram Betaler.",
    ]
    assert iban_waarschuwingen(client=klant, iban=OUD, eigen_rekeningen=set()) == []  # its own account


def test_the_admin_cannot_create_or_answer_a_consent(client, beheerder):
    login_als(client, beheerder)
    assert client.get("/beheer/incasso/toestemmingsverzoek/add/").status_code == 403
    response = client.post(
        "/beheer/incasso/toestemmingsverzoek/add/", {"soort": "loonbeslag", "status": "gegeven"}
    )
    assert response.status_code == 403
    from incasso.models import Toestemmingsverzoek

    assert not Toestemmingsverzoek.objects.exists()


def test_a_phone_order_naming_another_account_for_a_known_client_starts_the_hold(
    cm_client, casemanager, klant
):
    data = {
        "client_email": klant.email.upper(),
        "client_naam": klant.naam,
        "client_iban": NIEUW,
        "client_tenaamstelling": "C. de Vries",
        "debiteur_naam": "Rob Bakker",
        "debiteur_straat": "Markt 3",
        "debiteur_woonplaats": "Gouda",
        "debiteur_land": "NL",
        "titel_soort": "geen",
        "soort": "partneralimentatie",
        "bedrag": "850,00",
        "vervaldag": "1",
        "vastgesteld_op": "2024-01-01",
        "ingangsdatum": "2024-02-01",
        "voorwaarden": "on",
    }
    response = cm_client.post("/staff/opdracht/telefonisch/", data)
    assert response.status_code == 302
    klant.refresh_from_db()
    assert (klant.uitbetaal_iban, klant.vorig_uitbetaal_iban) == (NIEUW, OUD)
    assert klant.iban_gewijzigd_op is not None and klant.iban_gewijzigd_door == casemanager
