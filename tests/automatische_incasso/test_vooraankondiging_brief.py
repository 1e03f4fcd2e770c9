"""The pre-notification of a collection by post (issue 17 point 2): a debtor without an e-mail address gets
one letter per collection (key: the EndToEndId) through the normal letter path, with the amount, the date,
the term, the mandate reference, the creditor id and the masked IBAN, and none of the client's details; a
debtor with an e-mail address still gets the e-mail and no letter."""

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from automatische_incasso.services import IncassoFout, iban_maskeer, incassobatch_maak
from dossiers.models import Taak
from incasso.models import Brief, BriefSoort, UitgaandeEmail
from incasso.selectors import brieven_van_dossier
from incasso.services import printbatch_maak
from incasso.tasks import brief_stuur
from portaal.debiteur.selectors import brieven_voor_debiteur
from tests.incasso.factories import AMS

pytestmark = pytest.mark.django_db
SHOTS = Path("/tmp/shots/vooraank")
MAANDAG = datetime(2026, 4, 20, 8, 0, tzinfo=AMS)  # term 1 (1 May) is collected on Thu 30 April


@pytest.fixture
def zonder_email(machtiging):
    dossier = machtiging.regeling.dossier
    dossier.debiteur.email = ""
    dossier.debiteur.save(update_fields=["email"])
    client = dossier.client
    client.telefoon = "030-7654321"
    client.uitbetaal_iban = "NL20INGB0001234567"  # not the bureau's own IBAN, which the letter prints
    client.save(update_fields=["telefoon", "uitbetaal_iban"])
    return machtiging


def _maak(financieel, capture):
    with time_machine.travel(MAANDAG, tick=False), capture(execute=True):
        return incassobatch_maak(door=financieel)


def _tekst(brief: Brief) -> str:
    with brief.document.bestand.open("rb") as f:
        inhoud = f.read()
    SHOTS.mkdir(parents=True, exist_ok=True)
    pad = SHOTS / "incasso_vooraankondiging.pdf"
    pad.write_bytes(inhoud)
    if shutil.which("pdftoppm"):  # a PNG of the page, to look at
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pad), str(SHOTS / "incasso_vooraankondiging")])
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split())


def test_iban_is_masked_but_for_the_last_four_characters():
    assert iban_maskeer("NL02 ABNA 0123 4567 89") == "**** **** **** **67 89"
    assert iban_maskeer("DE89370400440532013000") == "**** **** **** **** **30 00"


def test_without_email_one_letter_per_collection_however_often_made_or_run(
    zonder_email, financieel, django_capture_on_commit_callbacks
):
    batch = _maak(financieel, django_capture_on_commit_callbacks)
    i = batch.incasso_s.get()
    dossier = zonder_email.regeling.dossier
    brief = Brief.objects.get(soort=BriefSoort.INCASSO_VOORAANKONDIGING)
    assert (brief.sleutel, brief.dossier_id, brief.verzonden_via) == (
        f"vooraankondiging:{i.end_to_end_id}",
        dossier.pk,
        Brief.Via.POST,
    )
    assert str(brief.bedrag) == "400.00"  # the collected amount, as the debtor's letter list shows it
    assert not UitgaandeEmail.objects.filter(sleutel__startswith="vooraankondiging:").exists()
    assert not Taak.objects.filter(sleutel__startswith="vooraankondiging:").exists()  # a letter, no task

    # the batch made again the same day: the term is in a live collection, so nothing new and no letter
    with pytest.raises(IncassoFout, match="geen termijnen"):
        _maak(financieel, django_capture_on_commit_callbacks)
    with time_machine.travel(MAANDAG, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert incassobatch_maak(door=None) is None
    # the letter task run a second time (a redelivered message): the same letter, not sent again
    with time_machine.travel(MAANDAG, tick=False):
        pk = brief_stuur(dossier.pk, BriefSoort.INCASSO_VOORAANKONDIGING, brief.sleutel, {"bedrag": "400.00"})
    assert pk == brief.pk
    assert Brief.objects.filter(soort=BriefSoort.INCASSO_VOORAANKONDIGING).count() == 1
    assert dossier.documenten.filter(naam__startswith="Aankondiging automatische incasso").count() == 1
    assert dossier.tijdlijn.filter(sleutel=f"verstuurd:{brief.sleutel}").count() == 1

    # in the staff letter list, the debtor portal's letters and the day's print batch (once)
    assert brief in brieven_van_dossier(dossier_id=dossier.pk)
    assert [b for b in brieven_voor_debiteur(dossier) if b.soort == BriefSoort.INCASSO_VOORAANKONDIGING] == [
        brief
    ]
    with time_machine.travel(datetime(2026, 4, 20, 15, 30, tzinfo=AMS), tick=False):
        pb = printbatch_maak()
        assert printbatch_maak().pk == pb.pk
    assert list(pb.brieven.filter(soort=BriefSoort.INCASSO_VOORAANKONDIGING)) == [brief]


def test_the_letter_holds_amount_date_mandate_creditor_and_masked_iban_and_nothing_of_the_client(
    zonder_email, financieel, django_capture_on_commit_callbacks
):
    _maak(financieel, django_capture_on_commit_callbacks)
    brief = Brief.objects.get(soort=BriefSoort.INCASSO_VOORAANKONDIGING)
    tekst = _tekst(brief)
    for stukje in (
        "Aankondiging automatische incasso",
        "€ 400,00",
        "30 april 2026",  # the collection date (TARGET2 is closed on 1 May)
        "termijn 1 van uw betalingsregeling",
        "1 mei 2026",  # the term's own due date
        zonder_email.kenmerk,
        "NL69ZZZ123456780000",
        "**** **** **** **67 89",
        "8 weken",
        "portaal",
        "dossiernummer",
    ):
        assert stukje in tekst, stukje
    client = zonder_email.regeling.dossier.client
    for geheim in (
        "NL02ABNA0123456789",
        "NL02 ABNA",
        "0123 4567",
        client.email,
        client.telefoon,
        client.uitbetaal_iban,
        "NL20 INGB",
        client.straat,
        client.postcode,
    ):
        assert geheim not in tekst, geheim
    assert "betalen met iDEAL" in tekst  # the portal sign-in text of every debtor letter, with a code
    assert "Scan" not in tekst  # no QR code to pay: the money is collected


def test_with_email_the_email_path_is_unchanged(machtiging, financieel, django_capture_on_commit_callbacks):
    batch = _maak(financieel, django_capture_on_commit_callbacks)
    i = batch.incasso_s.get()
    mail = UitgaandeEmail.objects.get(sleutel=f"vooraankondiging:{i.end_to_end_id}")
    assert mail.aan == machtiging.regeling.dossier.debiteur.email
    for stukje in ("€ 400,00", "30-04-2026", machtiging.kenmerk, "NL69ZZZ123456780000", "…6789"):
        assert stukje in mail.tekst
    assert not Brief.objects.filter(soort=BriefSoort.INCASSO_VOORAANKONDIGING).exists()


def test_the_debtor_signs_in_with_the_letters_code_and_finds_the_letter(
    zonder_email, financieel, django_capture_on_commit_callbacks
):
    from tests.portaal.test_debiteur import _code_uit_brief, inloggen

    _maak(financieel, django_capture_on_commit_callbacks)
    brief = Brief.objects.get(soort=BriefSoort.INCASSO_VOORAANKONDIGING)
    dossier = zonder_email.regeling.dossier
    with time_machine.travel(datetime(2026, 4, 21, 10, 0, tzinfo=AMS), tick=False):
        debiteur = inloggen(dossier, _code_uit_brief(brief))
        html = " ".join(debiteur.get("/debiteur/overzicht/").content.decode().split())
        assert "Aankondiging automatische incasso van 20 april 2026" in html
        assert "bedrag in de brief: € 400,00" in html
        r = debiteur.get(f"/debiteur/brieven/{brief.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
