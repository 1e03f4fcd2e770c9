"""A case manager records a consent the client gave by phone or letter, with the evidence and their name; the
portal shows it to the client (issue 14 item 9)."""

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as DjangoClient

from dossiers.models import TijdlijnGebeurtenis
from incasso.models import Toestemmingsverzoek
from incasso.services import toestemming_vraag
from tests.conftest import login_als

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def dossier(client_user):
    return geaccepteerd_dossier(
        ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=AMS), client__user=client_user
    )


def _leg_vast(http, dossier, **extra):
    data = {
        "vastleg-soort": "formeel_bevel",
        "vastleg-antwoord": "gegeven",
        "vastleg-kanaal": "telefoon",
        "vastleg-bewijs": SimpleUploadedFile("notitie.pdf", PDF, content_type="application/pdf"),
        "vastleg-toelichting": "Gebeld op 06-nummer uit het dossier",
        **extra,
    }
    return http.post(f"/staff/incasso/dossier/{dossier.pk}/toestemming/vastleggen/", data)


def test_a_consent_by_phone_is_recorded_with_evidence_and_who_recorded_it(cm_client, casemanager, dossier):
    open_verzoek = toestemming_vraag(dossier=dossier, soort="formeel_bevel", door=casemanager)
    response = _leg_vast(cm_client, dossier)
    assert response.status_code == 302
    verzoek = Toestemmingsverzoek.objects.get(dossier=dossier)
    assert verzoek.pk == open_verzoek.pk  # the open request is answered, not a second one made
    assert (verzoek.status, verzoek.kanaal, verzoek.vastgelegd_door) == ("gegeven", "telefoon", casemanager)
    assert verzoek.beantwoord_door is None  # the client answered, by phone
    assert verzoek.bewijs.naam == "notitie.pdf" and verzoek.bewijs.dossier == dossier
    assert "Per telefoon, vastgelegd door Carla Casemanager" in verzoek.toelichting
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=dossier, sleutel=f"toestemming:{verzoek.pk}:antwoord"
    ).exists()

    paneel = cm_client.get(f"/staff/incasso/dossier/{dossier.pk}/")
    assert paneel.status_code == 200
    assert "per telefoon, vastgelegd door Carla Casemanager" in paneel.content.decode()


def test_the_portal_shows_the_client_what_was_recorded(cm_client, portaal_client, dossier):
    _leg_vast(cm_client, dossier, **{"vastleg-kanaal": "brief", "vastleg-soort": "bankbeslag"})
    verzoek = Toestemmingsverzoek.objects.get(dossier=dossier)
    lijst = portaal_client.get(f"/portaal/dossiers/{dossier.pk}/").content.decode()
    assert "per brief, vastgelegd door Carla Casemanager" in lijst
    pagina = portaal_client.get(f"/portaal/incasso/toestemming/{verzoek.pk}/").content.decode()
    assert "U hebt ons per brief geantwoord: toestemming gegeven." in pagina
    bewijs = portaal_client.get(f"/portaal/dossiers/{dossier.pk}/documenten/{verzoek.bewijs_id}/")
    assert bewijs.status_code == 200


def test_without_evidence_nothing_is_recorded(cm_client, dossier):
    response = _leg_vast(cm_client, dossier, **{"vastleg-bewijs": ""})
    assert response.status_code == 302
    assert not Toestemmingsverzoek.objects.exists()
    berichten = [str(m) for m in response.wsgi_request._messages]
    assert any("Voeg het bewijs toe" in m for m in berichten)


def test_financieel_cannot_record_a_consent(financieel, dossier):
    response = _leg_vast(login_als(DjangoClient(), financieel), dossier)
    assert response.status_code == 403
    assert not Toestemmingsverzoek.objects.exists()


def test_a_garnishment_consent_cannot_be_recorded_where_garnishment_is_impossible(cm_client, dossier):
    dossier.debiteur.land = "DE"
    dossier.debiteur.save()
    _leg_vast(cm_client, dossier, **{"vastleg-soort": "loonbeslag"})
    assert not Toestemmingsverzoek.objects.filter(status="gegeven").exists()
