"""The first reminder as the debtor reads it (issue 14 item 5): page 1 holds what to do (the amount, the
deadline, how to pay: IBAN, RF reference and the EPC QR code, and whom to call); the specification follows as
an appendix whose table fits the page width; the salutation follows Dutch convention; an amount resting on an
unconfirmed table row says it is provisional, and why."""

import io
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from pypdf import PdfReader

from dossiers.models import Titel, Verplichting
from incasso.models import Brief
from incasso.tasks import eerste_aanmaning
from tests.browser import SCREENSHOTS

from .factories import AMS, DossierFactory, geaccepteerd_dossier, opdracht_maak

pytestmark = pytest.mark.django_db


def _pdf(brief: Brief, naam: str) -> PdfReader:
    with brief.document.bestand.open("rb") as f:
        inhoud = f.read()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pad = SCREENSHOTS / f"{naam}.pdf"
    pad.write_bytes(inhoud)
    if shutil.which("pdftoppm"):  # PNGs of the pages, to look at
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pad), str(SCREENSHOTS / naam)], check=False)
    return PdfReader(io.BytesIO(inhoud))


def _overloop(brief: Brief) -> list[tuple[int, str, float]]:
    """(page, text, px past the right margin) of every box that runs past the text area, measured on the
    letter's own layout (the same template, context and stylesheet WeasyPrint made the PDF from)."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from incasso.letters import brief_context

    ctx = brief_context(dossier=brief.dossier, soort=brief.soort, datum=brief.datum)
    html = render_to_string(f"letters/{brief.soort}.html", {"bureau": settings.BUREAU, **ctx})
    doc = HTML(string=html, base_url=str(settings.BASE_DIR / "static")).render()
    uit = []
    for nummer, pagina in enumerate(doc.pages, start=1):
        vak = pagina._page_box
        rechts = vak.content_box_x() + vak.width
        inhoud = [kind for kind in vak.children if type(kind).__name__ != "MarginBox"]  # not the footer
        for box in (b for kind in inhoud for b in kind.descendants()):
            rand = box.position_x + box.margin_width()
            if rand > rechts + 0.5:
                tekst = getattr(box, "text", "") or getattr(box, "element_tag", "")
                uit.append((nummer, tekst, round(rand - rechts, 1)))
    return uit


def test_first_reminder_page_1_says_what_to_do_and_the_specification_is_an_appendix(
    django_capture_on_commit_callbacks,
):
    """Order of Thursday 2 April 2026; 350.00 a month due on the 1st from January: 4 x 350.00 = 1,400.00
    open. Deadline per the Atw: 2 April + 5 = Tuesday 7 April, the only working day in the term (Goede
    Vrijdag 3 April, Tweede Paasdag 6 April), so extended to Wednesday 8 April 2026 (art. 2)."""
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = geaccepteerd_dossier(ontvangen_op=moment, debiteur__naam="Henk Jansen")
        eerste_aanmaning(dossier.pk)
    brief = Brief.objects.get(dossier=dossier)
    pdf = _pdf(brief, "aanmaning-pagina")
    pagina_1 = pdf.pages[0].extract_text()
    assert "Geachte heer/mevrouw Jansen," in pagina_1
    assert "Henk Jansen," not in pagina_1.replace("\n", " ").split("Geachte", 1)[1][:40]
    for moet in ("€ 1.400,00", "8 april 2026", "NL91ABNA0417164300", dossier.betaalkenmerk, "Bel "):
        assert moet in pagina_1, moet
    # the seeded text as migration 0005 left it: whom to call, and the specification in the appendix
    assert "Bel ons dan vóór 8 april 2026 op 030 123 45 67" in " ".join(pagina_1.split())
    assert "in de bijlage" in pagina_1
    assert "voorlopig" not in pagina_1.lower()  # not indexed: nothing rests on an unconfirmed row
    assert "Bijlage: specificatie" not in pagina_1
    assert "Afdeling Incasso" in pagina_1
    rest = "\n".join(p.extract_text() for p in pdf.pages[1:])
    assert "Bijlage: specificatie van de achterstand op 2 april 2026" in rest
    assert "01-01-2026" in rest and "Totaal achterstand" in rest
    assert len(pdf.pages) == 2


def test_long_indexed_specification_fits_the_page_width_and_the_amount_is_provisional():
    """Child alimony of 400.00 set on 1 May 2021, indexed, due on the 1st from June 2021, nothing paid: on
    2 April 2026 the statement runs to 59 termijnen. The 2026 amounts rest on the 2026 indexation (4.6%),
    which the table marks unconfirmed: the letter calls its amount provisional and names the reason. The
    table stays inside the right margin on every page."""
    moment = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)
    with time_machine.travel(moment, tick=False):
        dossier = DossierFactory(debiteur__naam="H.J. van der Berg", debiteur__email="")
        opdracht_maak(dossier, moment)
        titel = Titel.objects.create(
            dossier=dossier,
            soort=Titel.Soort.BESCHIKKING,
            datum=date(2021, 5, 1),
            instantie="Rechtbank Gelderland",
        )
        Verplichting.objects.create(
            dossier=dossier,
            titel=titel,
            soort=Verplichting.Soort.KINDERALIMENTATIE,
            kind_naam="Sam",
            bedrag=D("400.00"),
            vastgesteld_op=date(2021, 5, 1),
            ingangsdatum=date(2021, 6, 1),
            vervaldag=1,
            indexeren=True,
        )
        eerste_aanmaning(dossier.pk)
    brief = Brief.objects.get(dossier=dossier)
    pdf = _pdf(brief, "aanmaning-lang")
    pagina_1 = " ".join(pdf.pages[0].extract_text().split())  # lines joined: a sentence may wrap
    assert "Geachte heer/mevrouw Van der Berg," in pagina_1
    bedrag = f"{brief.bedrag:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert f"€ {bedrag} (voorlopig)" in pagina_1
    assert "Het indexeringspercentage van 2026 is niet bevestigd." in pagina_1
    assert "Bijlage" not in pagina_1
    assert "Afdeling Incasso" in pagina_1  # the letter itself ends on page 1
    assert len(pdf.pages) >= 3  # a long appendix runs on
    overloop = _overloop(brief)
    assert not overloop, overloop[:12]  # nothing, on any page, runs past the right margin
    bijlage = "\n".join(p.extract_text() for p in pdf.pages[1:])
    assert "01-06-2021" in bijlage and "01-04-2026" in bijlage and "Totaal achterstand" in bijlage
