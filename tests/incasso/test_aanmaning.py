"""The first reminder: dated within 2 working days of the order, 5-day Atw deadline, sent once."""

import io
from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from dossiers.models import Stuiting, TijdlijnGebeurtenis
from incasso.models import Brief, UitgaandeEmail
from incasso.tasks import eerste_aanmaning
from recht.kalender import werkdagen_na
from tests.browser import SCREENSHOTS

from .factories import AMS, geaccepteerd_dossier

pytestmark = pytest.mark.django_db


def pdf_tekst(brief: Brief) -> str:
    with brief.document.bestand.open("rb") as f:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)


@pytest.mark.parametrize(
    ("ontvangen", "uiterste_briefdatum", "termijn_einde"),
    [
        # Thu 2 Apr 2026; Fri 3 (Goede Vrijdag) and Mon 6 (Tweede Paasdag) are no working days:
        # 2 working days → Wed 8 Apr. Letter of Thu 2 Apr + 5 days = Tue 7 Apr, the only working day in
        # the term, so extended (Atw art. 2) to Wed 8 Apr.
        (datetime(2026, 4, 2, 10, 0, tzinfo=AMS), date(2026, 4, 8), date(2026, 4, 8)),
        # Fri 24 Apr 2026; Mon 27 Apr is Koningsdag: 2 working days → Wed 29 Apr.
        # Letter Fri 24 Apr + 5 = Wed 29 Apr (working days in the term: 28, 29) → Wed 29 Apr.
        (datetime(2026, 4, 24, 9, 0, tzinfo=AMS), date(2026, 4, 29), date(2026, 4, 29)),
        # Mon 4 May 2026; Tue 5 May is Bevrijdingsdag (Atw, every year): 2 working days → Thu 7 May.
        # Letter Mon 4 May + 5 = Sat 9 May → next working day Mon 11 May.
        (datetime(2026, 5, 4, 9, 0, tzinfo=AMS), date(2026, 5, 7), date(2026, 5, 11)),
        # Thu 24 Dec 2026; Fri 25 and Sat 26 Dec are Christmas, 27 Sunday: 2 working days → Tue 29 Dec.
        # Letter Thu 24 Dec + 5 = Tue 29 Dec (working days in the term: 28, 29) → Tue 29 Dec.
        (datetime(2026, 12, 24, 14, 0, tzinfo=AMS), date(2026, 12, 29), date(2026, 12, 29)),
    ],
    ids=["goede-vrijdag-pasen", "koningsdag", "5-mei", "kerst"],
)
def test_aanmaning_is_dated_within_two_working_days_of_the_order_with_a_5_day_atw_deadline(
    ontvangen, uiterste_briefdatum, termijn_einde, casemanager, django_capture_on_commit_callbacks
):
    from incasso.services import opdracht_accepteer

    assert werkdagen_na(ontvangen.date(), 2) == uiterste_briefdatum  # the promise, per the law functions
    with time_machine.travel(ontvangen, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=ontvangen, status="intake")
        with django_capture_on_commit_callbacks(execute=True):  # acceptance queues eerste_aanmaning on commit
            opdracht_accepteer(dossier=dossier, door=casemanager)

    brief = Brief.objects.get(dossier=dossier, soort="aanmaning")
    assert brief.datum == ontvangen.date() <= uiterste_briefdatum
    assert brief.termijn_einde == termijn_einde
    dossier.refresh_from_db()
    assert dossier.volgende_actie == "Betaling controleren"
    assert dossier.volgende_actie_datum == termijn_einde


def test_aanmaning_pdf_shows_amount_reference_deadline_and_is_a_stuiting(django_capture_on_commit_callbacks):
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=moment)
        with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes out: only then a stuiting
            eerste_aanmaning(dossier.pk)
    brief = Brief.objects.get(dossier=dossier)
    tekst = pdf_tekst(brief)
    with brief.document.bestand.open("rb") as f:  # kept to look at (pdftoppm → PNG)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "incasso-aanmaning.pdf").write_bytes(f.read())
    # 350.00 a month due on the 1st from Jan to Apr 2026 = 4 × 350.00 = 1,400.00, nothing paid.
    assert brief.bedrag == 1400
    assert "€ 1.400,00" in tekst
    assert dossier.betaalkenmerk in tekst
    assert "8 april 2026" in tekst and "2 april 2026" in tekst
    assert "NL91ABNA0417164300" in tekst
    stuiting = Stuiting.objects.get(dossier=dossier)
    assert (stuiting.soort, stuiting.datum, stuiting.bron_sleutel) == (
        "aanmaning",
        date(2026, 4, 2),
        f"brief:{brief.sleutel}",
    )
    assert TijdlijnGebeurtenis.objects.filter(
        dossier=dossier, soort="brief", document=brief.document
    ).exists()
    assert brief.document.zichtbaar_voor_client and brief.document.soort == "brief"


def test_aanmaning_goes_by_email_with_the_pdf_once_even_when_the_task_runs_twice(
    django_capture_on_commit_callbacks,
):
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=moment)
        with django_capture_on_commit_callbacks(execute=True):
            eerste_aanmaning(dossier.pk)
        with django_capture_on_commit_callbacks(execute=True):
            eerste_aanmaning(dossier.pk)
    assert Brief.objects.filter(dossier=dossier).count() == 1
    brief_mails = UitgaandeEmail.objects.filter(sleutel__startswith="brief:")
    assert brief_mails.count() == 1
    email = brief_mails.get()
    assert email.status == "verstuurd" and email.aan == dossier.debiteur.email
    verstuurd = [m for m in mail.outbox if m.to == [dossier.debiteur.email]]
    assert len(verstuurd) == 1
    (naam, inhoud, soort) = verstuurd[0].attachments[0]
    assert soort == "application/pdf" and inhoud.startswith(b"%PDF")
    assert Stuiting.objects.filter(dossier=dossier).count() == 1


def test_aanmaning_without_debtor_email_goes_to_the_print_batch():
    from incasso.models import Printbatch
    from incasso.tasks import printbatch_maak

    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        d1 = geaccepteerd_dossier(ontvangen_op=moment, debiteur__email="")
        d2 = geaccepteerd_dossier(ontvangen_op=moment, debiteur__email="")
        eerste_aanmaning(d1.pk)
        eerste_aanmaning(d2.pk)
        assert set(Brief.objects.values_list("verzonden_via", flat=True)) == {"post"}
        printbatch_maak()
        printbatch_maak()  # a rerun adds no second batch and no letter twice
    batch = Printbatch.objects.get()
    assert batch.brieven.count() == 2
    with batch.document.bestand.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    tekst = "\n".join(p.extract_text() for p in reader.pages)
    assert d1.betaalkenmerk in tekst and d2.betaalkenmerk in tekst
    assert not batch.document.zichtbaar_voor_client


def test_no_aanmaning_for_a_dossier_still_in_intake():
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    dossier = geaccepteerd_dossier(ontvangen_op=moment, status="intake")
    assert eerste_aanmaning(dossier.pk) is None
    assert not Brief.objects.exists()


def test_without_any_address_the_case_manager_gets_a_task_and_the_letter_waits():
    from dossiers.models import Taak

    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=moment, debiteur__email="", debiteur__adres_onbekend=True)
        eerste_aanmaning(dossier.pk)
    brief = Brief.objects.get(dossier=dossier)
    assert brief.document is not None and brief.verzonden_via == ""
    assert "Adres van de debiteur onbekend" in Taak.objects.get(dossier=dossier).omschrijving
