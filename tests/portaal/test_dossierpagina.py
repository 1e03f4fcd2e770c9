"""Mijn dossiers and the portal dossier page: plain-language state, no internal notes, documents, messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dossiers.models import Bericht, Client, Dossier

from .factories import DossierFactory, document_maak, tijdlijn_maak


@pytest.fixture
def eigen_client(client_user) -> Client:
    return Client.objects.create(user=client_user, naam="Clara de Vries", email=client_user.email)


@pytest.fixture
def dossier(eigen_client) -> Dossier:
    return DossierFactory(client=eigen_client)


def pagina(portaal_client, dossier) -> str:
    antwoord = portaal_client.get(reverse("portaal:dossier", kwargs={"dossier_id": dossier.pk}))
    assert antwoord.status_code == 200
    return antwoord.content.decode()


@pytest.mark.django_db
def test_the_dossier_page_shows_state_and_next_step_in_plain_language(portaal_client, dossier):
    html = pagina(portaal_client, dossier)
    assert "Opdracht ontvangen" in html
    assert "Uw casemanager beoordeelt uw opdracht." in html
    assert dossier.betaalkenmerk in html
    assert "Opdracht beoordelen" not in html  # the staff's own wording of the next action stays internal


@pytest.mark.django_db
def test_the_timeline_hides_internal_notes(portaal_client, dossier):
    tijdlijn_maak(dossier, "Eerste brief verstuurd aan de debiteur")
    tijdlijn_maak(dossier, "Interne notitie: debiteur lijkt onvindbaar", intern=True)
    html = pagina(portaal_client, dossier)
    assert "Eerste brief verstuurd aan de debiteur" in html
    assert "onvindbaar" not in html


@pytest.mark.django_db
def test_documents_hidden_from_the_client_are_neither_listed_nor_downloadable(portaal_client, dossier):
    zichtbaar = document_maak(dossier, naam="aanmaning.pdf")
    verborgen = document_maak(dossier, naam="intern-memo.pdf", zichtbaar=False)
    html = pagina(portaal_client, dossier)
    assert "aanmaning.pdf" in html
    assert "intern-memo.pdf" not in html
    url = "portaal:dossier_document"
    ok = portaal_client.get(reverse(url, kwargs={"dossier_id": dossier.pk, "document_id": zichtbaar.pk}))
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content).startswith(b"%PDF-")
    weg = portaal_client.get(reverse(url, kwargs={"dossier_id": dossier.pk, "document_id": verborgen.pk}))
    assert weg.status_code == 404


@pytest.mark.django_db
def test_a_document_of_another_dossier_of_the_same_client_is_not_served_under_this_dossier(
    portaal_client, dossier, eigen_client
):
    ander = DossierFactory(client=eigen_client)
    document = document_maak(ander)
    url = reverse("portaal:dossier_document", kwargs={"dossier_id": dossier.pk, "document_id": document.pk})
    assert portaal_client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_client_can_send_a_message_to_the_case_manager(portaal_client, dossier, client_user):
    url = reverse("portaal:dossier_bericht", kwargs={"dossier_id": dossier.pk})
    antwoord = portaal_client.post(
        url, {"tekst": "Hij heeft mij deze maand zelf € 100 betaald."}, follow=True
    )
    bericht = Bericht.objects.get()
    assert bericht.dossier == dossier and bericht.van_client and bericht.afzender == client_user
    html = antwoord.content.decode()
    assert "Uw bericht is verstuurd." in html
    assert "zelf € 100 betaald" in html


@pytest.mark.django_db
def test_an_empty_message_is_refused_with_a_dutch_message(portaal_client, dossier):
    url = reverse("portaal:dossier_bericht", kwargs={"dossier_id": dossier.pk})
    antwoord = portaal_client.post(url, {"tekst": "   "})
    assert antwoord.status_code == 400
    assert "Typ eerst uw bericht." in antwoord.content.decode()
    assert not Bericht.objects.exists()


@pytest.mark.django_db
def test_a_dossier_without_title_says_only_amicable_collection_is_possible(portaal_client, dossier):
    from dossiers.models import Titel

    Titel.objects.create(dossier=dossier, soort=Titel.Soort.GEEN)
    assert "alleen minnelijk innen" in pagina(portaal_client, dossier)


@pytest.mark.django_db
def test_my_dossiers_lists_only_own_dossiers_with_a_bounded_number_of_queries(portaal_client, eigen_client):
    """The list itself is one query; the arrears of each dossier come from the money engine, which reads
    that dossier's obligations, claims, interruptions and payments: a fixed number of queries per dossier
    (a client has a handful of dossiers), never more as the dossier's history grows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    eigen = [DossierFactory(client=eigen_client)]
    with CaptureQueriesContext(connection) as een:
        portaal_client.get(reverse("portaal:home"))
    eigen += [DossierFactory(client=eigen_client) for _ in range(3)]
    vreemd = DossierFactory()
    with CaptureQueriesContext(connection) as vier:
        html = portaal_client.get(reverse("portaal:home")).content.decode()
    assert len(een) <= 15
    assert len(vier) - len(een) <= 3 * 6  # at most 6 queries for each extra dossier
    for d in eigen:
        assert d.nummer in html
    assert vreemd.nummer not in html
    assert html.count("€ 0,00") == 4  # no obligations entered on these dossiers: nothing owed


@pytest.mark.django_db
def test_the_api_detail_has_timeline_without_internal_notes(portaal_client, dossier):
    tijdlijn_maak(dossier, "Brief verstuurd")
    tijdlijn_maak(dossier, "Geheim", intern=True)
    data = portaal_client.get(f"/api/v1/mijn/dossiers/{dossier.pk}/").json()
    assert data["nummer"] == dossier.nummer
    assert data["status_omschrijving"] == "Opdracht ontvangen"
    assert [g["tekst"] for g in data["tijdlijn"]] == ["Brief verstuurd"]
    assert data["achterstand"] == "0.00"  # no obligations on this dossier


@pytest.mark.django_db
def test_the_api_lists_visible_documents_with_their_scoped_download_url(portaal_client, dossier):
    zichtbaar = document_maak(dossier, naam="aanmaning.pdf")
    document_maak(dossier, naam="intern.pdf", zichtbaar=False)
    data = portaal_client.get(f"/api/v1/mijn/dossiers/{dossier.pk}/").json()
    assert [d["naam"] for d in data["documenten"]] == ["aanmaning.pdf"]
    url = data["documenten"][0]["download_url"]
    assert url == f"/portaal/dossiers/{dossier.pk}/documenten/{zichtbaar.pk}/"
    assert portaal_client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_client_without_any_dossier_sees_an_invitation_to_place_an_order(portaal_client):
    html = portaal_client.get(reverse("portaal:home")).content.decode()
    assert "U heeft nog geen dossiers." in html
    assert "Nieuwe opdracht geven" in html


@pytest.mark.django_db
def test_my_dossiers_shows_the_arrears_of_each_dossier(portaal_client, dossier):
    from datetime import date
    from decimal import Decimal

    from dossiers.models import Verplichting

    dossier.status = Dossier.Status.ACTIEF
    dossier.save()
    # Partner alimony € 200 a month, not indexed, due 1 Sep, 1 Oct and 1 Nov 2026 (ends 30 Nov), nothing
    # paid: 3 × 200 = € 600,00 open on 18 Nov 2026.
    Verplichting.objects.create(
        dossier=dossier,
        soort=Verplichting.Soort.PARTNERALIMENTATIE,
        bedrag=Decimal("200.00"),
        vervaldag=1,
        vastgesteld_op=date(2026, 8, 1),
        ingangsdatum=date(2026, 9, 1),
        einddatum=date(2026, 11, 30),
        indexeren=False,
    )
    import time_machine

    with time_machine.travel("2026-11-18 10:00 +01:00", tick=False):
        html = portaal_client.get(reverse("portaal:home")).content.decode()
    assert "€ 600,00" in html


@pytest.mark.django_db
def test_arrears_show_as_not_known_when_an_indexation_percentage_is_missing(
    portaal_client, dossier, monkeypatch
):
    import inning.achterstand
    from recht import TariefOntbreekt

    def ontbreekt(*args, **kwargs):
        raise TariefOntbreekt("indexeringspercentage", 2027)

    # Every statement (the plain one and the one with interest the portal uses) is computed by _bereken.
    monkeypatch.setattr(inning.achterstand, "_bereken", ontbreekt)
    html = portaal_client.get(reverse("portaal:home")).content.decode()
    assert "nog niet bekend" in html
    assert dossier.nummer in html


@pytest.mark.django_db
def test_a_refused_order_shows_the_reason(portaal_client, dossier):
    from django.utils import timezone

    from dossiers.models import Opdracht

    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.GEWEIGERD)
    Opdracht.objects.create(
        dossier=dossier,
        ontvangen_op=timezone.now(),
        voorwaarden_versie="2026-1",
        voorwaarden_geaccepteerd_op=timezone.now(),
        weigerreden="Er is geen alimentatieverplichting vastgesteld.",
    )
    html = pagina(portaal_client, dossier)
    assert "Niet aangenomen" in html
    assert "Er is geen alimentatieverplichting vastgesteld." in html
