"""Loose ends of the debtor's side (issue 16): staff cannot decide a report the client decides; "Alleen mijn
dossiers" in the work queue's section "Van de debiteur"; the debtor hears the client's decision on a proposal;
the client hears of a direct payment the debtor reports; an online payment started, failed or cancelled is on
the (internal) timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from betaling.models import Betaling
from dossiers.debiteur_toegang import code_maak
from dossiers.models import Client as ClientModel
from dossiers.models import DebiteurVraag, Dossier, TijdlijnGebeurtenis
from incasso.models import Betalingsregeling, UitgaandeEmail
from incasso.services import (
    betalingsregeling_beoordeel,
    betalingsregeling_voorstel_debiteur,
    regelingregels_wijzig,
)
from incasso.services.statusupdate import statusupdate_stuur
from inning.models import DirecteBetaling
from tests.incasso.factories import geaccepteerd_dossier
from tests.inning.geld_factories import maak_dossier
from tests.portaal.test_debiteur import GEHEIM, inloggen
from tests.portaal.test_debiteur_vragen import NU, _debiteur, _meld, _pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(client_user):
    client = ClientModel.objects.create(naam="Clara Cliënt", user=client_user, **GEHEIM)
    return maak_dossier(client=client, debiteur_naam="Dirk Debiteur")


@pytest.fixture(autouse=True)
def _leeg_cache():
    cache.clear()
    yield
    cache.clear()


# --- 1. staff cannot confirm or reject what the debtor reported: the client decides ------------------------


@time_machine.travel(NU, tick=False)
def test_staff_posting_to_the_old_url_cannot_decide_a_debtors_report_the_client_still_can(
    dossier, cm_client, portaal_client
):
    _meld(_debiteur(dossier))
    melding = DirecteBetaling.objects.get(dossier=dossier)
    r = cm_client.post(reverse("inning:melding_bevestig", args=[melding.pk]), follow=True)
    assert "de cliënt bevestigt of wijst haar af in het cliëntportaal" in r.content.decode()
    r = cm_client.post(
        reverse("inning:melding_afwijzen", args=[melding.pk]), {"reden": "Niet gezien"}, follow=True
    )
    assert "de cliënt bevestigt of wijst haar af in het cliëntportaal" in r.content.decode()
    melding.refresh_from_db()
    assert (melding.status, melding.ontvangst_id, melding.beoordeeld_door_id) == ("gemeld", None, None)

    # the client's own path keeps working
    assert (
        portaal_client.post(f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/bevestigen/").status_code == 302
    )
    melding.refresh_from_db()
    assert melding.status == "bevestigd" and melding.ontvangst_id is not None


@time_machine.travel(NU, tick=False)
def test_a_clients_own_report_is_still_confirmed_by_staff(dossier, cm_client, casemanager):
    from inning.services import directe_betaling_meld

    melding = directe_betaling_meld(
        dossier=dossier, datum=date(2026, 11, 20), bedrag=D("50.00"), door=dossier.client.user
    )
    cm_client.post(reverse("inning:melding_bevestig", args=[melding.pk]))
    melding.refresh_from_db()
    assert melding.status == "bevestigd" and melding.beoordeeld_door == casemanager


# --- 2. "Alleen mijn dossiers" in the section "Van de debiteur" --------------------------------------------


def _items(n: int, casemanager: User | None) -> list[Dossier]:
    uit = []
    for i in range(n):
        d = maak_dossier(debiteur_naam=f"Debiteur {i}")
        Dossier.objects.filter(pk=d.pk).update(casemanager=casemanager)
        with time_machine.travel(NU - timedelta(days=2 * n - i), tick=False):
            DebiteurVraag.objects.create(dossier=d, soort="vraag", tekst=f"Vraag {i}")
            DirecteBetaling.objects.create(
                dossier=d, datum=date(2026, 11, 1), bedrag=D("10.00"), van_debiteur=True
            )
            Betalingsregeling.objects.create(
                dossier=d, bron=Betalingsregeling.Bron.DEBITEUR, voorgesteld_op=NU - timedelta(days=1)
            )
        uit.append(d)
    return uit


def _sectie(cm_client, django_assert_max_num_queries, maximum: int = 1000) -> tuple[str, int]:
    with django_assert_max_num_queries(maximum) as q:
        r = cm_client.get(reverse("dossiers:home") + "?mijn=1")
    assert r.status_code == 200
    return _alleen_sectie(r.content.decode()), len(q.captured_queries)


def _alleen_sectie(pagina: str) -> str:
    begin = pagina.index('id="van-de-debiteur"')
    return pagina[begin : pagina.index("</section>", begin)]


@time_machine.travel(NU, tick=False)
def test_only_my_dossiers_shows_rows_of_my_dossiers_and_unassigned_ones_in_constant_queries(
    cm_client, casemanager, maak_gebruiker, django_assert_max_num_queries
):
    collega = maak_gebruiker("casemanager", voornaam="Kees", achternaam="Collega")
    mijn = _items(2, casemanager)
    ander = _items(1, collega)[0]
    geen = _items(1, None)[0]
    sectie, weinig = _sectie(cm_client, django_assert_max_num_queries)
    for d in mijn:
        assert sectie.count(f">{d.nummer}</a>") == 3, d.nummer  # question, report and proposal
    # as every other section of the queue: a dossier without a case manager yet is everyone's
    assert ander.nummer not in sectie and sectie.count(f">{geen.nummer}</a>") == 3
    # without the filter everything is there
    alles = _alleen_sectie(cm_client.get(reverse("dossiers:home")).content.decode())
    assert ander.nummer in alles and geen.nummer in alles

    _items(18, casemanager)
    sectie, _ = _sectie(cm_client, django_assert_max_num_queries, maximum=weinig)
    assert ander.nummer not in sectie


# --- 3. the debtor hears the client's decision on a proposal outside the rules ------------------------------

APRIL = datetime(2026, 4, 9, 11, 0, tzinfo=NU.tzinfo)


@pytest.fixture
def voorstel_dossier(casemanager, client_user):
    with time_machine.travel(APRIL, tick=False):
        d = geaccepteerd_dossier(
            ontvangen_op=datetime(2026, 4, 2, 10, 0, tzinfo=NU.tzinfo), casemanager=casemanager
        )
        d.client.user = client_user
        for veld, waarde in GEHEIM.items():
            setattr(d.client, veld, waarde)
        d.client.save()
        regelingregels_wijzig(
            client=d.client, max_maanden=6, min_maandbedrag=D("250.00"), direct_akkoord=True, door=None
        )
    return d


def _voorstel(dossier) -> Betalingsregeling:
    # € 100,00 a month is below the client's minimum of € 250,00: outside the rules, the client decides
    regeling = betalingsregeling_voorstel_debiteur(
        dossier=dossier, eerste_termijn=date(2026, 5, 1), maandbedrag=D("100.00")
    )
    assert regeling.status == "voorgesteld" and regeling.binnen_regels is False
    return regeling


@pytest.mark.parametrize(
    ("akkoord", "uitkomst", "pagina_tekst"),
    [
        (True, "heeft uw voorstel voor een betalingsregeling aangenomen", "Uw betalingsregeling loopt."),
        (
            False,
            "heeft uw voorstel voor een betalingsregeling niet aangenomen",
            "Uw voorstel is niet aangenomen.",
        ),
    ],
)
def test_the_debtor_is_emailed_the_clients_decision_without_the_clients_data(
    voorstel_dossier, django_capture_on_commit_callbacks, akkoord, uitkomst, pagina_tekst
):
    d = voorstel_dossier
    d.debiteur.email = "dirk@debiteur.example"
    d.debiteur.save()
    with time_machine.travel(APRIL, tick=False):
        regeling = _voorstel(d)
        assert not UitgaandeEmail.objects.filter(aan="dirk@debiteur.example").exists()
        with django_capture_on_commit_callbacks() as callbacks:
            betalingsregeling_beoordeel(regeling=regeling, akkoord=akkoord, door=d.client.user)
        mail = UitgaandeEmail.objects.get(aan="dirk@debiteur.example")
        assert mail.sleutel == f"regeling:{regeling.pk}:debiteur_besluit" and mail.dossier_id == d.pk
        assert uitkomst in mail.tekst and d.nummer in mail.onderwerp
        assert "/debiteur/" in mail.tekst
        for geheim in [*GEHEIM.values(), d.client.naam]:
            assert geheim not in mail.tekst and geheim not in mail.onderwerp
        assert len(callbacks) >= 1  # sent after commit
        # the debtor's arrangement page shows the same outcome
        debiteur = inloggen(d, code_maak(dossier=d))
        assert pagina_tekst in debiteur.get("/debiteur/regeling/").content.decode()


def test_no_email_for_a_debtor_without_address_nor_for_a_proposal_accepted_at_once(voorstel_dossier):
    d = voorstel_dossier
    d.debiteur.email = ""
    d.debiteur.save()
    with time_machine.travel(APRIL, tick=False):
        betalingsregeling_beoordeel(regeling=_voorstel(d), akkoord=False, door=d.client.user)
        assert not UitgaandeEmail.objects.filter(sleutel__endswith=":debiteur_besluit").exists()
        d.debiteur.email = "dirk@debiteur.example"
        d.debiteur.save()
        binnen = betalingsregeling_voorstel_debiteur(
            dossier=d, eerste_termijn=date(2026, 5, 1), maandbedrag=D("250.00")
        )
        assert binnen.status == "loopt"  # inside the rules: the debtor saw that at once on the page
        assert not UitgaandeEmail.objects.filter(sleutel__endswith=":debiteur_besluit").exists()


# --- 4. the client hears of a direct payment the debtor reports ---------------------------------------------


@time_machine.travel(NU, tick=False)
def test_the_client_is_emailed_with_the_link_where_they_decide_once(
    dossier, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks() as callbacks:
        _meld(_debiteur(dossier))
    melding = DirecteBetaling.objects.get(dossier=dossier)
    mail = UitgaandeEmail.objects.get(aan=GEHEIM["email"])
    assert mail.sleutel == f"update:directe_betaling:{melding.pk}:client"
    assert "€ 150,00 op 20-11-2026" in mail.tekst
    link = settings.SITE_URL.rstrip("/") + f"/portaal/geld/rechtstreeks-betaald/{melding.pk}/"
    assert link in mail.tekst
    assert len(callbacks) >= 1
    # idempotent by its key: the same status update again sends nothing
    assert (
        statusupdate_stuur(dossier=dossier, aanleiding="x", sleutel=f"directe_betaling:{melding.pk}:client")
        is None
    )
    assert UitgaandeEmail.objects.filter(aan=GEHEIM["email"]).count() == 1


@time_machine.travel(NU, tick=False)
def test_a_refused_report_mails_nobody(dossier):
    _meld(_debiteur(dossier), bewijs=_pdf("brief.pdf", b"MZ\x90\x00 geen pdf"))
    assert not DirecteBetaling.objects.exists()
    assert not UitgaandeEmail.objects.exists()


# --- 5. an online payment started, failed or cancelled is on the internal timeline --------------------------


@time_machine.travel(NU, tick=False)
def test_started_failed_and_cancelled_online_payments_are_on_the_internal_timeline_once(dossier):
    debiteur = inloggen(dossier, code_maak(dossier=dossier))
    for keuze, status, tekst in (
        ("failed", "mislukt", "De online betaling van € 150,00 is mislukt."),
        (
            "canceled",
            "geannuleerd",
            "De online betaling van € 150,00 is door de betalingsplichtige afgebroken.",
        ),
    ):
        debiteur.post("/debiteur/betalen/", {"keuze": "anders", "bedrag": "150,00"})
        betaling = Betaling.objects.filter(dossier=dossier).order_by("-pk").first()
        gestart = TijdlijnGebeurtenis.objects.get(dossier=dossier, sleutel=f"betaling:{betaling.pk}:gestart")
        assert gestart.intern and gestart.soort == "betaling"
        assert (
            gestart.tekst
            == "De betalingsplichtige start een online betaling van € 150,00 in het portaal. (test)"
        )
        debiteur.post(betaling.checkout_url, {"keuze": keuze})
        for _ in range(2):
            Client().post("/betalen/webhook/test/", {"id": betaling.provider_id})
        betaling.refresh_from_db()
        assert betaling.status == status
        uitkomst = TijdlijnGebeurtenis.objects.get(
            dossier=dossier, sleutel=f"betaling:{betaling.pk}:{status}"
        )
        assert uitkomst.intern and uitkomst.tekst == f"{tekst} (test)"
    # nothing of the client in them; only these four entries for the two payments
    teksten = list(
        TijdlijnGebeurtenis.objects.filter(dossier=dossier, sleutel__startswith="betaling:").values_list(
            "tekst", flat=True
        )
    )
    assert len(teksten) == 4
    for geheim in GEHEIM.values():
        assert all(geheim not in t for t in teksten)
