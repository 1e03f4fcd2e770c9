"""The debtor reports a direct payment with proof (the client confirms or rejects it), disputes the claim or
asks the case manager (issue 16 points 5 and 7), and what staff and the client see of it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bank.controle import grootboek_controleer
from dossiers.debiteur_toegang import code_maak
from dossiers.models import Client as ClientModel
from dossiers.models import DebiteurVraag, Document, Dossier, Taak, TijdlijnGebeurtenis
from dossiers.selectors import werkvoorraad
from incasso.models import Signalering, UitgaandeEmail
from incasso.services import stagnatie_controle
from inning import selectors as inning_selectors
from inning import services as inning_services
from inning.models import DirecteBetaling, Ontvangst
from portaal.selectors import achterstand_open
from tests.conftest import login_als
from tests.inning.geld_factories import maak_dossier
from tests.portaal.test_debiteur import GEHEIM, inloggen

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
NU = datetime(2026, 12, 3, 10, 0, tzinfo=AMS)  # a Thursday
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _leeg_cache():
    cache.clear()  # the sign-in counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def dossier(client_user):
    client = ClientModel.objects.create(naam="Clara Cliënt", user=client_user, **GEHEIM)
    return maak_dossier(client=client, debiteur_naam="Dirk Debiteur")


def _pdf(naam: str = "afschrift.pdf", inhoud: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


def _debiteur(dossier) -> Client:
    return inloggen(dossier, code_maak(dossier=dossier))


def _meld(debiteur: Client, **extra):
    data = {
        "datum": "2026-11-20",
        "bedrag": "150,00",
        "toelichting": "Contant gegeven bij het ophalen van de kinderen",
        "bewijs": _pdf(),
    }
    data.update(extra)
    return debiteur.post("/debiteur/contact/rechtstreeks-betaald/", data)


# --- point 5: direct payment with proof -----------------------------------------------------------------


@time_machine.travel(NU, tick=False)
def test_the_debtors_report_waits_for_the_client_who_confirms_it_and_it_is_booked(dossier, portaal_client):
    debiteur = _debiteur(dossier)
    open_voor = achterstand_open(dossier)
    r = _meld(debiteur)
    melding = DirecteBetaling.objects.get(dossier=dossier)
    assert r.status_code == 302 and r["Location"] == f"/debiteur/contact/rechtstreeks-betaald/{melding.pk}/"
    assert (melding.van_debiteur, melding.gemeld_door, melding.status) == (True, None, "gemeld")
    assert (melding.datum, melding.bedrag) == (date(2026, 11, 20), D("150.00"))
    assert melding.bewijs.soort == "bewijs" and melding.bewijs.zichtbaar_voor_client
    assert "de ontvanger kijkt nog of het klopt" in debiteur.get(r["Location"]).content.decode()
    # on the timeline (which also moves the stagnation clock); not in the case manager's list: the client decides
    gebeurtenis = TijdlijnGebeurtenis.objects.get(
        dossier=dossier, sleutel=f"directe_betaling:{melding.pk}:gemeld"
    )
    assert (
        "De betalingsplichtige meldt een rechtstreekse betaling aan de cliënt van € 150,00"
        in gebeurtenis.tekst
    )
    assert gebeurtenis.document_id == melding.bewijs_id
    assert not inning_selectors.te_bevestigen_directe_betalingen().filter(pk=melding.pk).exists()

    # the client sees it at once, on the portal home, the dossier page and the money page, and sees the proof
    for pad in ("/portaal/", f"/portaal/dossiers/{dossier.pk}/", "/portaal/geld/"):
        pagina = portaal_client.get(pad).content.decode()
        assert "De betalingsplichtige meldt een rechtstreekse betaling aan u" in pagina, pad
        assert f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/" in pagina, pad
    bewijs = portaal_client.get(f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/bewijs/")
    assert bewijs.status_code == 200 and b"".join(bewijs.streaming_content) == PDF
    assert (
        "Ja, ik heb dit bedrag ontvangen"
        in portaal_client.get(f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/").content.decode()
    )

    r = portaal_client.post(f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/bevestigen/")
    assert r.status_code == 302
    melding.refresh_from_db()
    assert melding.status == "bevestigd" and melding.beoordeeld_door == dossier.client.user
    ontvangst = melding.ontvangst
    assert (ontvangst.bron, ontvangst.bedrag, ontvangst.dossier_id) == (
        Ontvangst.Bron.DIRECT,
        D("150.00"),
        dossier.pk,
    )
    # 150.00 × 12% = 18.00 commission owed by the client; the arrears drop by the 150.00
    assert inning_selectors.client_provisie_te_verrekenen(client_id=dossier.client_id) == D("18.00")
    assert achterstand_open(dossier) == open_voor - D("150.00")
    assert grootboek_controleer()["in_balans"] is True
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=dossier, sleutel=f"directe_betaling:{melding.pk}:bevestigd"
    ).exists()
    assert (
        "bevestigd door de ontvanger en verwerkt"
        in debiteur.get(f"/debiteur/contact/rechtstreeks-betaald/{melding.pk}/").content.decode()
    )
    # decided once: no second confirmation, and the notice is gone
    assert (
        portaal_client.post(f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/bevestigen/").status_code == 404
    )
    assert Ontvangst.objects.filter(dossier=dossier).count() == 1
    assert "De betalingsplichtige meldt" not in portaal_client.get("/portaal/").content.decode()


@time_machine.travel(NU, tick=False)
def test_the_client_rejects_with_a_reason_the_debtor_reads_and_the_clients_phone_is_refused(
    dossier, portaal_client
):
    debiteur = _debiteur(dossier)
    _meld(debiteur)
    melding = DirecteBetaling.objects.get(dossier=dossier)
    url = f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/afwijzen/"
    # the reason goes to the debtor: the client's own phone number in it is refused, nothing decided
    r = portaal_client.post(url, {"reden": "Bel mij op 06 99887766"}, follow=True)
    assert "Dat mag de betalingsplichtige nooit zien" in r.content.decode()
    melding.refresh_from_db()
    assert melding.status == "gemeld"
    assert portaal_client.post(url, {"reden": ""}).status_code == 302
    melding.refresh_from_db()
    assert melding.status == "gemeld"

    portaal_client.post(url, {"reden": "Ik heb in november niets contant ontvangen."})
    melding.refresh_from_db()
    assert (melding.status, melding.ontvangst) == ("afgewezen", None)
    pagina = debiteur.get(f"/debiteur/contact/rechtstreeks-betaald/{melding.pk}/").content.decode()
    assert "afgewezen door de ontvanger" in pagina and "Ik heb in november niets contant ontvangen." in pagina
    assert not Ontvangst.objects.filter(dossier=dossier).exists()
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=dossier, sleutel=f"directe_betaling:{melding.pk}:afgewezen"
    ).exists()


@time_machine.travel(NU, tick=False)
def test_a_hostile_or_too_large_file_is_refused_with_a_clear_message_and_nothing_else_is_lost(
    dossier, settings
):
    debiteur = _debiteur(dossier)
    r = _meld(debiteur, bewijs=_pdf("afschrift.pdf", b"MZ\x90\x00 this is a windows program"))
    pagina = r.content.decode()
    assert r.status_code == 400
    assert "Alleen PDF-, JPEG- en PNG-bestanden zijn toegestaan. Dit bestand is dat niet." in pagina
    # what was typed is still there; nothing stored
    assert 'value="150,00"' in pagina and "Contant gegeven bij het ophalen van de kinderen" in pagina
    assert 'value="2026-11-20"' in pagina
    assert not DirecteBetaling.objects.exists() and not Document.objects.exists()

    settings.UPLOAD_MAX_BYTES = 1024
    r = _meld(debiteur, bewijs=_pdf("groot.pdf", PDF + b"0" * 2048))
    assert r.status_code == 400 and "Het bestand is te groot" in r.content.decode()
    assert not DirecteBetaling.objects.exists() and not Document.objects.exists()

    # a date in the future and no proof are refused too
    r = _meld(debiteur, datum="2026-12-24", bewijs="")
    assert r.status_code == 400 and "De datum ligt in de toekomst." in r.content.decode()
    assert not DirecteBetaling.objects.exists()


@time_machine.travel(NU, tick=False)
def test_a_client_cannot_see_or_decide_another_clients_report_nor_decide_their_own_report(
    dossier, portaal_client, maak_gebruiker
):
    _meld(_debiteur(dossier))
    melding = DirecteBetaling.objects.get(dossier=dossier)
    ander = maak_gebruiker("client", email="ander@example.nl")
    ClientModel.objects.create(naam="Anna Ander", user=ander)
    andere_client = login_als(Client(), ander)
    basis = f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/"
    assert andere_client.get(basis).status_code == 404
    assert andere_client.get(basis + "bewijs/").status_code == 404
    assert andere_client.post(basis + "bevestigen/").status_code == 404
    assert andere_client.post(basis + "afwijzen/", {"reden": "nee"}).status_code == 404
    melding.refresh_from_db()
    assert melding.status == "gemeld"

    # the client's own report keeps today's flow: the case manager decides, not the client
    eigen = inning_services.directe_betaling_meld(
        dossier=dossier, datum=date(2026, 11, 1), bedrag=D("50.00"), door=dossier.client.user
    )
    assert (
        portaal_client.post(f"/portaal/geld/rechtstreeks-betaald/{eigen.pk}/bevestigen/").status_code == 404
    )
    assert inning_selectors.te_bevestigen_directe_betalingen().filter(pk=eigen.pk).exists()
    assert (
        "Ja, ik heb dit bedrag ontvangen"
        not in portaal_client.get(f"/portaal/geld/rechtstreeks-betaald/{eigen.pk}/").content.decode()
    )


# --- point 7: dispute or question ------------------------------------------------------------------------


def _stil(dossier) -> None:
    """The dossier heard nothing for a month: stagnant by the work queue's and the sweep's definition."""
    lang_geleden = NU - timedelta(days=30)
    Dossier.objects.filter(pk=dossier.pk).update(
        laatste_gebeurtenis_op=lang_geleden, aangemaakt_op=lang_geleden
    )


@time_machine.travel(NU, tick=False)
def test_a_dispute_makes_a_task_due_in_5_working_days_and_stops_the_stagnation_clock(dossier, cm_client):
    _stil(dossier)
    assert dossier.pk in [d.pk for d in werkvoorraad()["stagnant"]]
    stagnatie_controle(vandaag=NU.date())
    assert Signalering.objects.get(dossier=dossier, soort="geen_gebeurtenis").opgelost_op is None

    debiteur = _debiteur(dossier)
    r = debiteur.post(
        "/debiteur/contact/vraag/",
        {
            "soort": "betwisting",
            "tekst": "Ik heb de termijnen van januari en februari al betaald.",
            "documenten": [_pdf("januari.pdf"), SimpleUploadedFile("februari.png", PNG)],
        },
    )
    vraag = DebiteurVraag.objects.get(dossier=dossier)
    assert r.status_code == 302 and r["Location"] == f"/debiteur/contact/vraag/{vraag.pk}/"
    assert (vraag.soort, vraag.status) == ("betwisting", "open")
    assert sorted(d.naam for d in vraag.documenten.all()) == ["februari.png", "januari.pdf"]
    assert not any(d.zichtbaar_voor_client for d in vraag.documenten.all())
    # Thursday 3 December + 5 working days = Thursday 10 December (Fri 4, Mon 7, Tue 8, Wed 9, Thu 10)
    taak = Taak.objects.get(dossier=dossier)
    assert vraag.taak == taak and taak.deadline == date(2026, 12, 10) and taak.afgerond_op is None
    assert taak.omschrijving == "Betwisting beantwoorden"
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=dossier,
        sleutel=f"debiteurvraag:{vraag.pk}:gesteld",
        tekst__startswith="De betalingsplichtige betwist",
    ).exists()

    # the clock stopped: no longer stagnant in the work queue, and the sweep closes its finding
    dossier.refresh_from_db()
    assert dossier.laatste_gebeurtenis_op == NU
    assert dossier.pk not in [d.pk for d in werkvoorraad()["stagnant"]]
    telling = stagnatie_controle(vandaag=NU.date())
    assert telling["geen_gebeurtenis_opgelost"] == 1
    assert Signalering.objects.get(dossier=dossier, soort="geen_gebeurtenis").opgelost_op == NU.date()

    # a banner on the dossier for the case manager, and a row in the work queue
    pagina = cm_client.get(reverse("dossiers:dossier", args=[dossier.pk])).content.decode()
    assert "De debiteur betwist de vordering" in pagina
    assert reverse("dossiers:debiteurvraag", args=[dossier.pk, vraag.pk]) in pagina
    home = cm_client.get(reverse("dossiers:home")).content.decode()
    werk = home[home.index('id="van-de-debiteur"') :]
    assert dossier.nummer in werk and "Betwisting" in werk and "Ik heb de termijnen van januari" in werk


@time_machine.travel(NU, tick=False)
def test_a_question_is_due_in_3_working_days(dossier):
    _debiteur(dossier).post("/debiteur/contact/vraag/", {"soort": "vraag", "tekst": "Waar is mijn betaling?"})
    vraag = DebiteurVraag.objects.get(dossier=dossier)
    # Thursday 3 December + 3 working days = Tuesday 8 December
    assert vraag.taak.deadline == date(2026, 12, 8)
    assert vraag.taak.omschrijving == "Vraag van de betalingsplichtige beantwoorden"


@time_machine.travel(NU, tick=False)
def test_a_refused_document_refuses_the_whole_question_and_keeps_the_text(dossier):
    debiteur = _debiteur(dossier)
    r = debiteur.post(
        "/debiteur/contact/vraag/",
        {
            "soort": "betwisting",
            "tekst": "Dit bedrag klopt niet.",
            "documenten": [_pdf("goed.pdf"), _pdf("fout.pdf", b"<script>alert(1)</script>")],
        },
    )
    assert r.status_code == 400
    pagina = r.content.decode()
    assert (
        "Alleen PDF-, JPEG- en PNG-bestanden zijn toegestaan" in pagina and "Dit bedrag klopt niet." in pagina
    )
    assert not DebiteurVraag.objects.exists() and not Taak.objects.exists() and not Document.objects.exists()


@time_machine.travel(NU, tick=False)
def test_the_case_manager_answers_the_debtor_reads_it_in_the_portal_and_by_email(dossier, cm_client):
    dossier.debiteur.email = "dirk@debiteur.example"
    dossier.debiteur.save()
    debiteur = _debiteur(dossier)
    debiteur.post(
        "/debiteur/contact/vraag/", {"soort": "vraag", "tekst": "Waarom is het bedrag hoger dan vorig jaar?"}
    )
    vraag = DebiteurVraag.objects.get(dossier=dossier)
    url = reverse("dossiers:debiteurvraag", args=[dossier.pk, vraag.pk])
    assert "Waarom is het bedrag hoger" in cm_client.get(url).content.decode()

    # the client's e-mail address in the answer is refused: nothing recorded, nothing sent
    r = cm_client.post(url, {"antwoord": "Mail de cliënt op verborgen@client.example."})
    assert r.status_code == 400 and "Dat mag de betalingsplichtige nooit zien" in r.content.decode()
    vraag.refresh_from_db()
    assert vraag.status == "open" and not UitgaandeEmail.objects.exists()

    antwoord = "Het bedrag is per 1 januari geïndexeerd met 2,9% (de wettelijke indexering)."
    r = cm_client.post(url, {"antwoord": antwoord})
    assert r.status_code == 302
    vraag.refresh_from_db()
    assert (vraag.status, vraag.antwoord, vraag.beantwoord_op) == ("beantwoord", antwoord, NU)
    assert vraag.taak.afgerond_op == NU
    pagina = debiteur.get(f"/debiteur/contact/vraag/{vraag.pk}/").content.decode()
    assert "Antwoord van uw casemanager" in pagina and "geïndexeerd met 2,9%" in pagina

    email = UitgaandeEmail.objects.get(dossier=dossier)
    assert email.aan == "dirk@debiteur.example" and email.sleutel == f"debiteurvraag:{vraag.pk}:antwoord"
    assert email.onderwerp == f"Antwoord op uw bericht over dossier {dossier.nummer}"
    assert antwoord in email.tekst and "http://127.0.0.1:8000/debiteur/" in email.tekst
    for waarde in GEHEIM.values():
        assert waarde not in email.tekst
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=dossier, sleutel=f"debiteurvraag:{vraag.pk}:beantwoord"
    ).exists()
    # answered once
    r = cm_client.post(url, {"antwoord": "Nog iets"}, follow=True)
    assert "Deze vraag is al beantwoord." in r.content.decode()
    assert UitgaandeEmail.objects.count() == 1
    vraag.refresh_from_db()
    assert vraag.antwoord == antwoord


@time_machine.travel(NU, tick=False)
def test_without_the_debtors_email_the_answer_is_only_in_the_portal_and_english_gets_english(
    dossier, cm_client
):
    engels = inloggen(dossier, code_maak(dossier=dossier), Client(HTTP_ACCEPT_LANGUAGE="en"))
    engels.post("/debiteur/contact/vraag/", {"soort": "vraag", "tekst": "When is the next term due?"})
    vraag = DebiteurVraag.objects.get(dossier=dossier)
    assert vraag.taal == "en"
    cm_client.post(
        reverse("dossiers:debiteurvraag", args=[dossier.pk, vraag.pk]), {"antwoord": "On 1 January."}
    )
    assert not UitgaandeEmail.objects.exists()
    assert (
        "Answer from your case manager" in engels.get(f"/debiteur/contact/vraag/{vraag.pk}/").content.decode()
    )

    from incasso.services.debiteurvraag import debiteur_antwoord_email

    vraag.refresh_from_db()
    onderwerp, tekst = debiteur_antwoord_email(vraag)
    assert onderwerp == f"Answer to your message about case {dossier.nummer}"
    assert "On 1 January." in tekst


@time_machine.travel(NU, tick=False)
def test_another_dossiers_debtor_cannot_see_this_dossiers_reports_or_questions(dossier):
    eigen = _debiteur(dossier)
    _meld(eigen)
    eigen.post("/debiteur/contact/vraag/", {"soort": "betwisting", "tekst": "Geheim bezwaar van Dirk"})
    melding, vraag = DirecteBetaling.objects.get(), DebiteurVraag.objects.get()
    ander_dossier = maak_dossier(debiteur_naam="Olga Ander")
    ander = _debiteur(ander_dossier)
    assert ander.get(f"/debiteur/contact/rechtstreeks-betaald/{melding.pk}/").status_code == 404
    assert ander.get(f"/debiteur/contact/vraag/{vraag.pk}/").status_code == 404
    overzicht = ander.get("/debiteur/contact/").content.decode()
    assert "Geheim bezwaar" not in overzicht and "150,00" not in overzicht
    assert "U heeft nog geen vraag gesteld." in overzicht
    # and a debtor never answers: the staff answer page is not theirs
    r = ander.post(reverse("dossiers:debiteurvraag", args=[dossier.pk, vraag.pk]), {"antwoord": "x"})
    assert r.status_code == 302 and "/account/inloggen/" in r["Location"]
    vraag.refresh_from_db()
    assert vraag.status == "open"


# --- the work queue's section "Van de debiteur" --------------------------------------------------------------


def _debiteur_items(n: int) -> list[Dossier]:
    dossiers = []
    for i in range(n):
        d = maak_dossier(debiteur_naam=f"Debiteur {i}")
        with time_machine.travel(NU - timedelta(days=2 * n - i), tick=False):
            DebiteurVraag.objects.create(
                dossier=d, soort="vraag" if i % 2 else "betwisting", tekst=f"Vraag {i}"
            )
            DirecteBetaling.objects.create(
                dossier=d, datum=date(2026, 11, 1), bedrag=D("10.00"), van_debiteur=True
            )
        dossiers.append(d)
    return dossiers


def _aantal_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(1000) as q:
        assert client.get(reverse("dossiers:home")).status_code == 200
    return len(q.captured_queries)


@time_machine.travel(NU, tick=False)
def test_the_section_lists_open_debtor_items_oldest_first_in_a_constant_number_of_queries(
    cm_client, django_assert_max_num_queries
):
    _debiteur_items(2)
    weinig = _aantal_queries(cm_client, django_assert_max_num_queries)
    from staf.dossiers.views import van_de_debiteur

    rijen = van_de_debiteur(NU.date())
    assert [r["soort"] for r in rijen] == [
        "Betwisting",
        "Rechtstreekse betaling",
        "Vraag",
        "Rechtstreekse betaling",
    ]
    assert [r["leeftijd"] for r in rijen] == [4, 4, 3, 3]
    assert set(rijen[0]) == {
        "dossier_id",
        "dossiernummer",
        "soort",
        "omschrijving",
        "sinds",
        "url",
        "leeftijd",
    }
    _debiteur_items(18)
    with django_assert_max_num_queries(weinig):
        pagina = cm_client.get(reverse("dossiers:home")).content.decode()
    sectie = pagina[pagina.index('id="van-de-debiteur"') :]
    assert sectie.count("Vraag 0") == 1  # the oldest of the first batch
    # answered and decided items leave the section
    DebiteurVraag.objects.update(status="beantwoord", antwoord="Ja", beantwoord_op=NU)
    DirecteBetaling.objects.update(status="afgewezen")
    assert van_de_debiteur(NU.date()) == []
