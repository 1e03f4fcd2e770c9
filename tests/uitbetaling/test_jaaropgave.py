"""The yearly statement (jaaropgave, issue 19 item 5): a hand-computed worked example through the money app's
own services, the PDF text, idempotency, the portal's scoping, and what the other party's copy leaves out."""

import io
import re
from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client as DjangoClient
from django.urls import reverse
from pypdf import PdfReader

from dossiers.models import Document, TijdlijnGebeurtenis, Verplichting
from incasso.models import UitgaandeEmail
from inning.services import directe_betaling_bevestig, directe_betaling_meld, ontvangst_registreer
from tests.conftest import login_als
from uitbetaling.jaaropgave import (
    BELASTING_ZIN,
    KINDER,
    PARTNER,
    jaaropgave_cijfers_client,
    jaaropgave_cijfers_debiteur,
)
from uitbetaling.models import Factuur, Jaaropgave, Uitbetaling
from uitbetaling.services import uitbetaling_batch_keur_goed, uitbetaling_batch_maak

from .conftest import ClientFactory, DossierFactory

pytestmark = pytest.mark.django_db

CLIENT_IBAN = "NL02RABO0123456789"
DEBITEUR_IBAN = "NL44INGB0001234567"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _tekst(bestand) -> str:
    with bestand.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def _ontvang(dossier, bedrag: str, datum: date, n: int) -> None:
    ontvangst_registreer(
        dossier=dossier,
        bedrag=D(bedrag),
        datum=datum,
        bron_type="test",
        bron_id=n,
        omschrijving="Alimentatie",
        sleutel=f"jaaropgave-{n}",
    )


@pytest.fixture
def voorbeeld(
    time_machine,
    client_user,
    casemanager,
    financieel,
    tweede_financieel,
    provisie_tarief,
    django_capture_on_commit_callbacks,
):
    """Child alimony 300.00 and partner alimony 200.00 a month from 1 December 2025 (no indexation).

    Receipts via the agency, allocated oldest termijn first, child before partner on the same due date:
      20-12-2025  500.00 → Dec 2025: child 300.00, partner 200.00            (2025: not in the 2026 statement)
      15-01-2026  400.00 → Jan: child 300.00, partner 100.00                  commission 48.00, VAT 8.33
      10-02-2026  450.00 → Jan partner 100.00, Feb child 300.00, partner 50.00  commission 54.00, VAT 9.37
    so 2026 via the agency: child 600.00, partner 250.00; commission 102.00 (12%), VAT 17.70 (21/121 per receipt);
    the client's share 850.00 − 102.00 = 748.00.
    Payout week 48 pays everything owed then: 440.00 (2025) + 748.00 = 1,188.00.
    Then a direct payment of 200.00 on 05-03-2026 is confirmed: Feb partner 150.00, Mar child 50.00;
    commission 24.00 (VAT 24.00 × 21/121 = 4.17). Nothing is owed to the client, so week 49 invoices 24.00.
    Total commission 126.00, VAT 21.87 (excl. 104.13).
    """
    # the payouts, the invoice and the confirmation of the direct payment are dated "today": 3 December 2026
    time_machine.move_to(datetime(2026, 12, 3, 10, 0, tzinfo=AMSTERDAM))
    klant = ClientFactory(
        user=client_user, naam="Clara Ontvanger", straat="Lindelaan 3", uitbetaal_iban=CLIENT_IBAN
    )
    dossier = DossierFactory(client=klant)
    deb = dossier.debiteur
    deb.straat, deb.postcode, deb.woonplaats = "Kerkstraat 9", "1011 AA", "Amsterdam"
    deb.iban, deb.email = DEBITEUR_IBAN, "bram@example.nl"
    deb.save()
    for soort, bedrag in (
        (Verplichting.Soort.KINDERALIMENTATIE, "300.00"),
        (Verplichting.Soort.PARTNERALIMENTATIE, "200.00"),
    ):
        Verplichting.objects.create(
            dossier=dossier,
            soort=soort,
            bedrag=D(bedrag),
            vervaldag=1,
            vastgesteld_op=date(2025, 12, 1),
            ingangsdatum=date(2025, 12, 1),
            indexeren=False,
        )
    _ontvang(dossier, "500.00", date(2025, 12, 20), 1)
    _ontvang(dossier, "400.00", date(2026, 1, 15), 2)
    _ontvang(dossier, "450.00", date(2026, 2, 10), 3)
    with django_capture_on_commit_callbacks(execute=True):
        batch = uitbetaling_batch_maak(week="2026-W48", door=financieel)
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_keur_goed(batch=batch, door=tweede_financieel)
    assert Uitbetaling.objects.get().netto == D("1188.00")
    melding = directe_betaling_meld(
        dossier=dossier, datum=date(2026, 3, 5), bedrag=D("200.00"), toelichting="contant", door=client_user
    )
    directe_betaling_bevestig(melding=melding, door=casemanager)
    with django_capture_on_commit_callbacks(execute=True):
        uitbetaling_batch_maak(week="2026-W49", door=financieel)
    factuur = Factuur.objects.get()
    assert (factuur.bedrag, factuur.btw) == (D("24.00"), D("4.17"))
    mail.outbox.clear()
    return dossier


def _maak(django_capture_on_commit_callbacks, jaar=2026):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jaaropgaven_maak", jaar=jaar, stdout=io.StringIO())


def test_figures_of_the_worked_example(voorbeeld):
    c = jaaropgave_cijfers_client(client=voorbeeld.client, jaar=2026)
    assert (c.via_bureau.get(KINDER), c.via_bureau.get(PARTNER), c.via_bureau.totaal) == (
        D("600.00"),
        D("250.00"),
        D("850.00"),
    )
    assert (c.direct.get(KINDER), c.direct.get(PARTNER), c.direct.totaal) == (
        D("50.00"),
        D("150.00"),
        D("200.00"),
    )
    assert (c.provisie, c.btw, c.voor_client) == (D("126.00"), D("21.87"), D("748.00"))
    assert (c.uitbetaald, c.verrekend) == (D("1188.00"), D("0.00"))
    assert [(f.bedrag, f.btw) for f in c.facturen] == [(D("24.00"), D("4.17"))]
    # 2025 only has the December receipt
    c25 = jaaropgave_cijfers_client(client=voorbeeld.client, jaar=2025)
    assert (c25.via_bureau.get(KINDER), c25.via_bureau.get(PARTNER), c25.provisie) == (
        D("300.00"),
        D("200.00"),
        D("60.00"),
    )
    d = jaaropgave_cijfers_debiteur(dossier=voorbeeld, jaar=2026)
    assert (d.via_bureau.get(KINDER), d.via_bureau.get(PARTNER)) == (D("600.00"), D("250.00"))
    assert (d.direct.get(KINDER), d.direct.get(PARTNER)) == (D("50.00"), D("150.00"))
    assert d.directe_betalingen == [(date(2026, 3, 5), D("200.00"))]


def test_client_pdf_shows_the_figures(voorbeeld, django_capture_on_commit_callbacks):
    _maak(django_capture_on_commit_callbacks)
    opgave = Jaaropgave.objects.get(ontvanger="client", client=voorbeeld.client, jaar=2026)
    tekst = _tekst(opgave.pdf)
    assert "Jaaropgave alimentatie 2026" in tekst
    assert settings.BUREAU["naam"] in tekst and settings.BUREAU["kvk"] in tekst  # the letterhead
    assert "Kinderalimentatie € 600,00 € 50,00 € 650,00" in tekst
    assert "Partneralimentatie € 250,00 € 150,00 € 400,00" in tekst
    assert "Totaal € 850,00 € 200,00 € 1.050,00" in tekst
    assert "Provisie 12% (incl. btw) over de ontvangsten van 2026 € 126,00" in tekst
    assert "waarvan provisie exclusief btw € 104,13" in tekst
    assert "waarvan btw € 21,87" in tekst
    assert "Voor u na provisie (ontvangsten via ons) € 748,00" in tekst
    assert "In 2026 aan u uitbetaald € 1.188,00" in tekst
    factuur = Factuur.objects.get()
    assert f"{factuur.nummer} {factuur.datum:%d-%m-%Y} € 24,00 € 4,17" in tekst
    assert BELASTING_ZIN in tekst
    # the other party: name only
    assert voorbeeld.debiteur.naam in tekst
    assert "Kerkstraat" not in tekst and "1011 AA" not in tekst and DEBITEUR_IBAN not in tekst


def test_debtor_pdf_has_no_client_address_or_iban(voorbeeld, django_capture_on_commit_callbacks):
    _maak(django_capture_on_commit_callbacks)
    opgave = Jaaropgave.objects.get(ontvanger="debiteur", dossier=voorbeeld, jaar=2026)
    tekst = _tekst(opgave.pdf)
    assert "Jaaropgave betaalde alimentatie 2026" in tekst
    assert "Kinderalimentatie € 600,00 € 50,00 € 650,00" in tekst
    assert "Partneralimentatie € 250,00 € 150,00 € 400,00" in tekst
    assert "05-03-2026 € 200,00" in tekst
    assert BELASTING_ZIN in tekst
    assert "Kerkstraat 9" in tekst  # addressed to the debtor
    assert voorbeeld.client.naam in tekst
    for verboden in ("Lindelaan", "3512 AB", CLIENT_IBAN, "NL02 RABO"):
        assert verboden not in tekst
    # the commission is the client's business, not the debtor's
    assert "Provisie" not in tekst and "126,00" not in tekst


def test_idempotent_one_statement_and_one_email_each(voorbeeld, django_capture_on_commit_callbacks):
    _maak(django_capture_on_commit_callbacks)
    _maak(django_capture_on_commit_callbacks)
    assert Jaaropgave.objects.filter(jaar=2026).count() == 2
    assert UitgaandeEmail.objects.filter(sleutel__startswith="jaaropgave:").count() == 2
    aan = sorted(m.to[0] for m in mail.outbox)
    assert aan == sorted([voorbeeld.client.email, "bram@example.nl"])
    client_mail = next(m for m in mail.outbox if m.to == [voorbeeld.client.email])
    assert client_mail.subject == "Uw jaaropgave alimentatie 2026"
    assert client_mail.attachments[0][0] == "Jaaropgave 2026.pdf"
    assert client_mail.attachments[0][1][:4] == b"%PDF"
    for opgave in Jaaropgave.objects.filter(jaar=2026):
        assert opgave.pdf and opgave.document_id and opgave.gemaild_op
    # the debtor's copy is a letter on the dossier that the client's portal never shows
    doc = Document.objects.get(dossier=voorbeeld)
    assert not doc.zichtbaar_voor_client

    # 2025 is a year of its own: the December receipt gives the client and the debtor a 2025 statement
    _maak(django_capture_on_commit_callbacks, jaar=2025)
    assert Jaaropgave.objects.filter(jaar=2025).count() == 2
    tekst = _tekst(Jaaropgave.objects.get(ontvanger="client", jaar=2025).pdf)
    assert "Kinderalimentatie € 300,00 € 0,00 € 300,00" in tekst
    assert "Partneralimentatie € 200,00 € 0,00 € 200,00" in tekst
    assert "Provisie 12% (incl. btw) over de ontvangsten van 2025 € 60,00" in tekst


def test_january_beat_task_makes_last_years_statements(
    voorbeeld, time_machine, django_capture_on_commit_callbacks
):
    from uitbetaling.tasks import jaaropgaven_jaarlijks

    time_machine.move_to(datetime(2027, 1, 2, 7, 0, tzinfo=AMSTERDAM))
    with django_capture_on_commit_callbacks(execute=True):
        assert jaaropgaven_jaarlijks() == 2
    assert set(Jaaropgave.objects.values_list("jaar", "ontvanger")) == {(2026, "client"), (2026, "debiteur")}
    assert all(o.pdf and o.document_id for o in Jaaropgave.objects.all())


def test_debtor_without_email_gets_a_letter_on_the_dossier(voorbeeld, django_capture_on_commit_callbacks):
    voorbeeld.debiteur.email = ""
    voorbeeld.debiteur.save()
    _maak(django_capture_on_commit_callbacks)
    opgave = Jaaropgave.objects.get(ontvanger="debiteur", dossier=voorbeeld)
    assert opgave.gemaild_op is None
    assert opgave.document.dossier_id == voorbeeld.pk and opgave.document.soort == Document.Soort.BRIEF
    assert [m.to for m in mail.outbox] == [[voorbeeld.client.email]]
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=voorbeeld, tekst__contains="per post aan de debiteur", intern=True
    ).exists()


def test_portal_lists_and_downloads_only_own_statements(
    voorbeeld, client_user, maak_gebruiker, django_capture_on_commit_callbacks
):
    _maak(django_capture_on_commit_callbacks)
    opgave = Jaaropgave.objects.get(ontvanger="client", client=voorbeeld.client)
    eigen = login_als(DjangoClient(), client_user)
    pagina = eigen.get(reverse("uitbetaling_portaal:jaaropgaven"))
    assert pagina.status_code == 200
    url = reverse("uitbetaling_portaal:jaaropgave_pdf", args=[opgave.pk])
    assert url in pagina.content.decode()
    assert url in eigen.get(reverse("uitbetaling_portaal:overzicht")).content.decode()
    antwoord = eigen.get(url)
    assert antwoord.status_code == 200 and antwoord.content[:4] == b"%PDF"
    # the debtor's statement is not the client's: 404 even for the dossier's own client
    debiteur_opgave = Jaaropgave.objects.get(ontvanger="debiteur", dossier=voorbeeld)
    assert (
        eigen.get(reverse("uitbetaling_portaal:jaaropgave_pdf", args=[debiteur_opgave.pk])).status_code == 404
    )

    ander = maak_gebruiker("client")
    ClientFactory(user=ander)
    vreemd = login_als(DjangoClient(), ander)
    assert vreemd.get(url).status_code == 404
    assert url not in vreemd.get(reverse("uitbetaling_portaal:jaaropgaven")).content.decode()


def test_january_beat_entry():
    entry = settings.CELERY_BEAT_SCHEDULE["uitbetaling-jaaropgaven"]
    assert entry["task"] == "uitbetaling.tasks.jaaropgaven_jaarlijks"
    assert entry["schedule"].month_of_year == {1}
