from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dossiers.models import Dossier, StatusOvergang, TijdlijnGebeurtenis, Verplichting
from dossiers.selectors import opdracht_waarschuwingen
from dossiers.services import betaalkenmerk_controleer

from .conftest import AMS, debiteur_gegevens, kinderalimentatie, titel_gegevens


def test_order_becomes_intake_dossier_with_number_reference_and_next_action_one_working_day_later(registreer):
    dossier = registreer()
    assert dossier.status == Dossier.Status.INTAKE
    assert dossier.nummer == "2026-000001"
    assert dossier.betaalkenmerk.startswith("RF")
    assert betaalkenmerk_controleer(dossier.betaalkenmerk)
    # Received Thursday 2 April 2026; Goede Vrijdag 3 April is no working day -> Monday 6 April is Tweede
    # Paasdag too -> first working day after the 2nd is Tuesday 7 April 2026.
    assert dossier.volgende_actie == "Opdracht beoordelen"
    assert dossier.volgende_actie_datum == date(2026, 4, 7)
    assert dossier.opdracht.kanaal == "portaal"
    assert dossier.tijdlijn.filter(soort=TijdlijnGebeurtenis.Soort.OPDRACHT).count() == 1
    assert StatusOvergang.objects.get(dossier=dossier).naar == "intake"
    v = Verplichting.objects.get(dossier=dossier)
    assert v.bedrag == Decimal("325.50") and v.kind_naam == "Emma"


def test_second_order_gets_next_number_and_different_reference(registreer):
    a, b = registreer(), registreer()
    assert b.nummer == "2026-000002"
    assert a.betaalkenmerk != b.betaalkenmerk


def test_invalid_order_is_refused_with_dutch_message_per_field_and_nothing_saved(registreer):
    with pytest.raises(ValidationError) as exc:
        registreer(
            debiteur={"naam": "", "land": "NL", "adres_onbekend": True},
            titel={"soort": "vonnis"},
            verplichtingen=[kinderalimentatie(bedrag=Decimal("0"), kind_naam="")],
        )
    fouten = exc.value.message_dict
    assert fouten["debiteur.naam"] == ["Vul de naam van de debiteur in."]
    assert "titel.datum" in fouten and "titel.instantie" in fouten
    assert fouten["verplichtingen.0.bedrag"] == ["Het bedrag moet groter zijn dan € 0,00."]
    assert fouten["verplichtingen.0.kind_naam"] == ["Vul de naam van het kind in."]
    assert Dossier.objects.count() == 0


def test_order_without_any_claim_is_refused(registreer):
    with pytest.raises(ValidationError) as exc:
        registreer(verplichtingen=[], eenmalig=[])
    assert "verplichtingen" in exc.value.message_dict


def test_claims_older_than_five_years_are_a_warning_not_an_error(registreer):
    oud = kinderalimentatie(ingangsdatum=date(2020, 1, 1), vastgesteld_op=date(2019, 12, 1))
    ontvangen = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    waarschuwingen = opdracht_waarschuwingen(verplichtingen=[oud], eenmalig=[], ontvangen_op=ontvangen)
    assert len(waarschuwingen) == 1 and "02-04-2021" in waarschuwingen[0]
    dossier = registreer(verplichtingen=[oud])
    assert dossier.waarschuwingen == waarschuwingen
    assert dossier.tijdlijn.filter(intern=True, tekst__contains="02-04-2021").exists()


def test_claims_within_five_years_give_no_warning():
    ontvangen = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    # 2 April 2021 is exactly the limit: not older than 5 years.
    assert (
        opdracht_waarschuwingen(
            verplichtingen=[kinderalimentatie(ingangsdatum=date(2021, 4, 2))],
            eenmalig=[{"datum": date(2022, 1, 1), "bedrag": Decimal("10"), "omschrijving": "x"}],
            ontvangen_op=ontvangen,
        )
        == []
    )


def test_order_without_title_is_accepted(registreer):
    dossier = registreer(titel={"soort": "geen"})
    assert not dossier.titels.get().is_executoriaal


def test_unknown_obligation_field_is_refused_not_crashing(registreer):
    with pytest.raises(ValidationError) as exc:
        registreer(verplichtingen=[kinderalimentatie(bsn="123456782")])
    assert exc.value.message_dict["verplichtingen.0"] == ["Onbekende gegevens: bsn."]


def _telefonisch(client: dict, door):
    from dossiers.telefoon import telefonische_opdracht_registreer

    klant = {
        "naam": "Sanne Visser",
        "email": "sanne@example.nl",
        "telefoon": "",
        "straat": "",
        "postcode": "",
        "woonplaats": "",
        "iban": "",
        "tenaamstelling": "",
        **client,
    }
    opdracht = {
        "debiteur": debiteur_gegevens(),
        "titel": titel_gegevens(),
        "verplichtingen": [kinderalimentatie()],
        "eenmalig": [],
        "ontvangen_op": datetime(2026, 4, 2, 10, 0, tzinfo=AMS),
    }
    return telefonische_opdracht_registreer(client=klant, opdracht=opdracht, door=door)


def test_phone_order_for_a_known_client_by_email_uses_that_client(client_record, casemanager):
    dossier = _telefonisch({"email": "SANNE@example.nl", "naam": "Andere naam"}, casemanager)
    assert dossier.client == client_record
    assert dossier.opdracht.kanaal == "telefoon" and dossier.opdracht.ingevoerd_door == casemanager
    assert dossier.opdracht.voorwaarden_versie == "telefonisch-2026-1"


def test_phone_order_for_a_new_client_reports_client_errors_as_client_fields(casemanager):
    with pytest.raises(ValidationError) as exc:
        _telefonisch({"email": "nieuw@example.nl", "naam": " ", "iban": "NL00 FOUT"}, casemanager)
    fouten = exc.value.message_dict
    assert fouten["client.naam"] == ["Vul de naam van de cliënt in."]
    assert fouten["client.iban"] == ["Dit IBAN klopt niet. Controleer het nummer."]
    assert Dossier.objects.count() == 0
