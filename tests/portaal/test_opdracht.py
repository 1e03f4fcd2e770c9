"""The portal order form: drafts per step, errors that keep the input, IBAN checks, warnings, submitting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.models import Client, Document, Dossier
from portaal.forms import namen_komen_overeen
from portaal.models import OpdrachtConcept

from .factories import PDF_BYTES

VANDAAG = "2026-11-18 10:00 +01:00"  # a Wednesday


def stap_url(stap: str) -> str:
    return reverse("portaal:opdracht_stap", kwargs={"stap": stap})


def formset(prefix: str, rijen: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rijen)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, rij in enumerate(rijen):
        data.update({f"{prefix}-{i}-{k}": v for k, v in rij.items()})
    return data


GOED = {
    "client": {
        "naam": "Clara de Vries",
        "email": "clara@example.nl",
        "telefoon": "06 12345678",
        "straat": "Lange Nieuwstraat 1",
        "postcode": "3512 PA",
        "woonplaats": "Utrecht",
        "land": "NL",
    },
    "debiteur": {
        "naam": "Dirk Jansen",
        "geboortedatum": "1980-05-17",
        "straat": "Kerkstraat 9",
        "postcode": "1017 GB",
        "woonplaats": "Amsterdam",
        "land": "NL",
    },
    "titel": {
        "soort": "beschikking",
        "datum": "2023-03-01",
        "instantie": "Rechtbank Midden-Nederland",
        "zaaknummer": "C/16/123456",
    },
    "verplichtingen": formset(
        "verplichtingen",
        [
            {
                "soort": "kinderalimentatie",
                "kind_naam": "Sem",
                "kind_geboortedatum": "2015-06-01",
                "bedrag": "325,50",
                "vervaldag": "1",
                "vastgesteld_op": "2023-03-01",
                "ingangsdatum": "2023-04-01",
                "indexeren": "on",
            }
        ],
    ),
    "eenmalig": formset("eenmalig", [{"omschrijving": "", "datum": "", "bedrag": ""}]),
    "rekening": {"iban": "NL91 ABNA 0417 1643 00", "tenaamstelling": "C. de Vries"},
    "voorwaarden": {"akkoord": "on", "handtekening": "Clara de Vries", "brieven_per_email": "on"},
}


def pdf(naam: str = "beschikking.pdf", inhoud: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def post_stap(client, stap: str, data: dict | None = None, actie: str = "verder", **extra):
    gegevens = {**(GOED[stap] if data is None else data), "actie": actie, **extra}
    return client.post(stap_url(stap), gegevens)


def vul_alles_in(client) -> None:
    for stap in ("client", "debiteur"):
        assert post_stap(client, stap).status_code == 302
    antwoord = post_stap(client, "titel", bestand=pdf())
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    for stap in ("verplichtingen", "eenmalig", "rekening", "voorwaarden"):
        antwoord = post_stap(client, stap)
        assert antwoord.status_code == 302, (stap, antwoord.content.decode()[:3000])


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(VANDAAG, tick=False):
        yield


@pytest.mark.django_db
def test_a_new_portal_user_gets_a_client_record_on_the_first_saved_step(client_user, portaal_client):
    assert not Client.objects.filter(user=client_user).exists()
    antwoord = post_stap(portaal_client, "client")
    assert antwoord.status_code == 302
    client = Client.objects.get(user=client_user)
    assert OpdrachtConcept.objects.get(client=client).data["client"]["naam"] == "Clara de Vries"


@pytest.mark.django_db
def test_the_client_step_is_prefilled_from_the_existing_client_record(client_user, portaal_client):
    Client.objects.create(
        user=client_user, naam="Clara Bestaand", email="bestaand@example.nl", woonplaats="Zeist"
    )
    html = portaal_client.get(stap_url("client")).content.decode()
    assert 'value="Clara Bestaand"' in html
    assert 'value="Zeist"' in html
    assert "Stap 1 van 7" in html


@pytest.mark.django_db
def test_each_step_saves_the_draft_and_a_later_visit_resumes_at_the_next_step(client_user, portaal_client):
    assert post_stap(portaal_client, "client")["Location"] == stap_url("debiteur")
    assert post_stap(portaal_client, "debiteur")["Location"] == stap_url("titel")
    concept = OpdrachtConcept.objects.get(client__user=client_user)
    assert concept.geldige_stappen == ["client", "debiteur"]
    assert concept.data["debiteur"]["naam"] == "Dirk Jansen"
    # Coming back later (e.g. on another day): the start link continues at step 3.
    assert portaal_client.get(reverse("portaal:opdracht_start"))["Location"] == stap_url("titel")
    # ...and going back shows what was typed, without errors.
    html = portaal_client.get(stap_url("debiteur")).content.decode()
    assert 'value="Dirk Jansen"' in html
    assert "invalid-feedback" not in html


@pytest.mark.django_db
def test_save_and_continue_later_keeps_an_invalid_step_and_goes_home(client_user, portaal_client):
    antwoord = post_stap(
        portaal_client, "debiteur", {**GOED["debiteur"], "geboortedatum": "31-31-1980"}, "later"
    )
    assert antwoord["Location"] == reverse("portaal:home")
    concept = OpdrachtConcept.objects.get(client__user=client_user)
    assert concept.data["debiteur"]["geboortedatum"] == "31-31-1980"
    assert "debiteur" not in concept.geldige_stappen
    home = portaal_client.get(reverse("portaal:home")).content.decode()
    assert "Verder met mijn opdracht" in home


@pytest.mark.django_db
def test_a_half_valid_step_shows_dutch_errors_per_field_and_keeps_what_was_typed(client_user, portaal_client):
    data = {**GOED["debiteur"], "geboortedatum": "2030-01-01", "straat": "", "woonplaats": ""}
    antwoord = post_stap(portaal_client, "debiteur", data)
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "De geboortedatum moet in het verleden liggen." in html
    assert "Vul dit in, of vink aan dat u het huidige adres niet weet." in html
    assert 'value="Dirk Jansen"' in html  # the valid part is still there
    assert 'value="1017 GB"' in html
    assert 'aria-invalid="true"' in html
    concept = OpdrachtConcept.objects.get(client__user=client_user)
    assert concept.data["debiteur"]["naam"] == "Dirk Jansen"
    assert concept.geldige_stappen == []


@pytest.mark.django_db
def test_a_debtor_abroad_is_allowed_and_flagged(portaal_client):
    data = {**GOED["debiteur"], "land": "DE", "postcode": "10115", "woonplaats": "Berlin"}
    antwoord = portaal_client.post(stap_url("debiteur"), {**data, "actie": "verder"}, follow=True)
    assert antwoord.redirect_chain[-1][0] == stap_url("titel")
    assert "woont in het buitenland (Duitsland)" in antwoord.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("iban", "melding"),
    [
        ("NL91ABNA0417164301", "Dit is geen geldig IBAN"),  # check digits wrong: one typo
        ("NL12 3456", "Dit is geen geldig IBAN"),
    ],
)
def test_an_invalid_iban_is_refused_with_a_dutch_message(portaal_client, iban, melding):
    post_stap(portaal_client, "client")
    antwoord = post_stap(portaal_client, "rekening", {"iban": iban, "tenaamstelling": "C. de Vries"})
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert melding in html
    assert f'value="{iban}"' in html


@pytest.mark.django_db
def test_an_account_not_in_the_clients_name_is_refused(portaal_client):
    post_stap(portaal_client, "client")
    antwoord = post_stap(
        portaal_client, "rekening", {"iban": "NL91ABNA0417164300", "tenaamstelling": "M. Bakker"}
    )
    assert antwoord.status_code == 200
    assert "De rekening moet op uw eigen naam staan (Clara de Vries)" in antwoord.content.decode()


@pytest.mark.parametrize(
    "houder", ["Clara de Vries", "C. de Vries", "DE VRIES, CLARA", "Mevr. C. de Vries", "clara  de  vriës"]
)
def test_account_holder_names_that_match_the_client(houder):
    assert namen_komen_overeen(houder, "Clara de Vries")


@pytest.mark.parametrize("houder", ["Maria de Vries", "Clara", "Dirk Jansen", "De", "", "C. Jansen"])
def test_account_holder_names_that_do_not_match_the_client(houder):
    assert not namen_komen_overeen(houder, "Clara de Vries")


def test_a_double_surname_matches_on_either_part():
    assert namen_komen_overeen("C. Jansen", "Clara de Vries-Jansen")
    assert namen_komen_overeen("C. de Vries", "Clara de Vries-Jansen")


@pytest.mark.django_db
def test_claims_older_than_five_years_give_a_warning_but_do_not_block(client_user, portaal_client):
    # Today 18-11-2026: only what fell due after 18-11-2021 can be collected.
    oud = formset(
        "verplichtingen",
        [
            {
                "soort": "partneralimentatie",
                "bedrag": "500",
                "vervaldag": "1",
                "vastgesteld_op": "2019-01-01",
                "ingangsdatum": "2019-02-01",
            }
        ],
    )
    antwoord = portaal_client.post(stap_url("verplichtingen"), {**oud, "actie": "verder"}, follow=True)
    html = antwoord.content.decode()
    assert antwoord.redirect_chain[-1][0] == stap_url("eenmalig")
    assert "loopt al sinds 01-02-2019" in html
    assert "na 18-11-2021" in html
    assert "verplichtingen" in OpdrachtConcept.objects.get(client__user=client_user).geldige_stappen


@pytest.mark.django_db
def test_child_alimony_needs_the_childs_name_and_the_due_day_is_1_to_28(portaal_client):
    rij = {**{k.split("-", 2)[2]: v for k, v in GOED["verplichtingen"].items() if k.count("-") == 2}}
    rij.update({"kind_naam": "", "vervaldag": "31", "bedrag": "drie"})
    antwoord = post_stap(portaal_client, "verplichtingen", formset("verplichtingen", [rij]))
    html = antwoord.content.decode()
    assert "Vul de naam van het kind in." in html
    assert "Kies een dag van 1 tot en met 28." in html
    assert "Vul een bedrag in, bijvoorbeeld 450,00." in html


@pytest.mark.django_db
def test_adding_a_row_keeps_the_first_obligation_and_shows_an_empty_second(portaal_client):
    antwoord = post_stap(portaal_client, "verplichtingen", actie="toevoegen")
    assert antwoord.status_code == 302
    html = portaal_client.get(antwoord["Location"]).content.decode()
    assert 'value="Sem"' in html
    assert "Alimentatie 2" in html
    assert "invalid-feedback" not in html


@pytest.mark.django_db
def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_saved(client_user, portaal_client):
    exe = SimpleUploadedFile(
        "beschikking.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf"
    )
    antwoord = post_stap(portaal_client, "titel", bestand=exe)
    assert antwoord.status_code == 200
    assert "Alleen PDF-, JPEG- en PNG-bestanden zijn toegestaan." in antwoord.content.decode()
    assert Document.objects.count() == 0
    private = Path(settings.MEDIA_ROOT)
    assert not private.exists() or not [p for p in private.rglob("*") if p.is_file()]
    concept = OpdrachtConcept.objects.get(client__user=client_user)
    assert concept.titel_document is None
    assert concept.data["titel"]["instantie"] == "Rechtbank Midden-Nederland"  # the typed fields are kept


@pytest.mark.django_db
def test_a_too_large_upload_is_refused(portaal_client, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    groot = pdf(inhoud=PDF_BYTES + b"0" * 2048)
    antwoord = post_stap(portaal_client, "titel", bestand=groot)
    assert "Het bestand is te groot" in antwoord.content.decode()
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_a_title_is_required_unless_there_is_none(portaal_client):
    antwoord = post_stap(portaal_client, "titel")
    assert "Voeg een kopie van de uitspraak of akte toe." in antwoord.content.decode()
    antwoord = post_stap(portaal_client, "titel", {"soort": "geen"})
    assert antwoord["Location"] == stap_url("verplichtingen")


@pytest.mark.django_db
def test_replacing_the_title_scan_removes_the_old_unattached_one(client_user, portaal_client):
    post_stap(portaal_client, "titel", bestand=pdf("eerste.pdf"))
    post_stap(portaal_client, "titel", bestand=pdf("tweede.pdf"))
    assert list(Document.objects.values_list("naam", flat=True)) == ["tweede.pdf"]


@pytest.mark.django_db
def test_the_signature_must_be_the_clients_own_name(portaal_client):
    post_stap(portaal_client, "client")
    antwoord = post_stap(portaal_client, "voorwaarden", {"handtekening": "Iemand Anders"})
    html = antwoord.content.decode()
    assert "Vink aan dat u akkoord gaat met de voorwaarden." in html
    assert "Typ uw naam precies zoals bij stap 1: Clara de Vries." in html


@pytest.mark.django_db
def test_the_summary_sends_back_to_the_first_incomplete_step(portaal_client):
    post_stap(portaal_client, "client")
    antwoord = portaal_client.get(reverse("portaal:opdracht_controleren"))
    assert antwoord["Location"] == stap_url("debiteur")


@pytest.mark.django_db
def test_submitting_a_complete_draft_creates_the_dossier_and_sends_a_confirmation(
    client_user, portaal_client, django_capture_on_commit_callbacks
):
    vul_alles_in(portaal_client)
    samenvatting = portaal_client.get(reverse("portaal:opdracht_controleren"))
    assert samenvatting.status_code == 200
    assert "€ 325,50" in samenvatting.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        antwoord = portaal_client.post(reverse("portaal:opdracht_controleren"))
    dossier = Dossier.objects.get()
    assert antwoord["Location"] == reverse("portaal:opdracht_verstuurd", kwargs={"dossier_id": dossier.pk})
    client = Client.objects.get(user=client_user)
    assert dossier.client == client
    assert dossier.status == Dossier.Status.INTAKE
    assert dossier.opdracht.kanaal == "portaal"
    assert dossier.opdracht.voorwaarden_versie == "2026-1"
    assert dossier.opdracht.ingevoerd_door == client_user
    verplichting = dossier.verplichtingen.get()
    assert verplichting.bedrag == Decimal("325.50")
    assert verplichting.kind_naam == "Sem"
    titel = dossier.titels.get()
    assert titel.scan is not None and titel.scan.dossier == dossier
    assert client.uitbetaal_iban == "NL91ABNA0417164300"
    assert client.naam == "Clara de Vries"
    assert not OpdrachtConcept.objects.filter(client=client).exists()
    assert len(mail.outbox) == 1
    assert dossier.nummer in mail.outbox[0].subject
    assert mail.outbox[0].to == ["clara@example.nl"]

    home = portaal_client.get(reverse("portaal:home")).content.decode()
    assert dossier.nummer in home
    assert "Opdracht ontvangen" in home


@pytest.mark.django_db
def test_changing_an_existing_payout_iban_through_an_order_waits_for_approval(client_user, portaal_client):
    Client.objects.create(
        user=client_user,
        naam="Clara de Vries",
        uitbetaal_iban="NL02ABNA0123456789",
        uitbetaal_tenaamstelling="C de Vries",
    )
    vul_alles_in(portaal_client)
    portaal_client.post(reverse("portaal:opdracht_controleren"))
    client = Client.objects.get(user=client_user)
    assert client.uitbetaal_iban == "NL91ABNA0417164300"
    assert client.iban_gewijzigd_op is not None
    assert client.iban_goedgekeurd_door is None


@pytest.mark.django_db
def test_discarding_the_draft_removes_it_and_its_upload(client_user, portaal_client):
    post_stap(portaal_client, "titel", bestand=pdf())
    portaal_client.post(reverse("portaal:opdracht_concept_verwijder"))
    assert not OpdrachtConcept.objects.exists()
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_a_draft_keeps_only_the_fields_of_its_step(client_user, portaal_client):
    post_stap(
        portaal_client, "client", {**GOED["client"], "uitbetaal_iban": "NL91ABNA0417164300", "x" * 50: "y"}
    )
    opgeslagen = OpdrachtConcept.objects.get(client__user=client_user).data["client"]
    assert set(opgeslagen) == set(GOED["client"])


@pytest.mark.django_db
def test_submitting_twice_creates_one_dossier(portaal_client):
    vul_alles_in(portaal_client)
    portaal_client.post(reverse("portaal:opdracht_controleren"))
    tweede = portaal_client.post(reverse("portaal:opdracht_controleren"))
    assert tweede.status_code == 302
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_more_than_twenty_obligations_are_refused(portaal_client):
    rij = {k.split("-", 2)[2]: v for k, v in GOED["verplichtingen"].items() if k.count("-") == 2}
    antwoord = post_stap(portaal_client, "verplichtingen", formset("verplichtingen", [rij] * 21))
    assert antwoord.status_code == 200
    assert Dossier.objects.count() == 0


@pytest.mark.django_db
def test_going_back_keeps_an_unfinished_step_without_errors(client_user, portaal_client):
    antwoord = post_stap(portaal_client, "titel", {"soort": "vonnis", "zaaknummer": "C/13/999"}, "terug")
    assert antwoord["Location"] == stap_url("debiteur")
    html = portaal_client.get(stap_url("titel")).content.decode()
    assert 'value="C/13/999"' in html
    assert "invalid-feedback" not in html
