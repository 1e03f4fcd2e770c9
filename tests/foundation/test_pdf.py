"""Letters laid out with the stylesheet parsed once per worker (``nlai.pdf``, issue 18 item 4) come out as
they did when WeasyPrint fetched and parsed the linked stylesheet for every letter: the same pages, and on
every page the same boxes at the same places with the same text."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from incasso.letters import brief_context
from nlai import pdf
from tests.incasso.factories import AMS, geaccepteerd_dossier, titel_en_verplichting

pytestmark = pytest.mark.django_db


def _vakken(document) -> list[list[tuple]]:
    """Per page: (kind of box, x, y, width, height, text) of every box, rounded to a hundredth of a px."""
    uit = []
    for pagina in document.pages:
        rij = []
        for box in pagina._page_box.descendants():
            rij.append(
                (
                    type(box).__name__,
                    round(box.position_x, 2),
                    round(box.position_y, 2),
                    round(box.margin_width(), 2),
                    round(box.margin_height(), 2),
                    getattr(box, "text", ""),
                )
            )
        uit.append(rij)
    return uit


def _zoals_voorheen(template_name: str, context: dict):
    from weasyprint import HTML

    html = render_to_string(template_name, {"bureau": settings.BUREAU, **context})
    assert 'rel="stylesheet"' in html  # the template still links its stylesheet
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).render()


def test_a_reminder_with_a_long_appendix_is_laid_out_as_before():
    pdf._stijlblad.cache_clear()
    pdf._lettertypen.cache_clear()
    dossier = geaccepteerd_dossier(ontvangen_op=datetime(2026, 3, 2, 10, tzinfo=AMS))
    # Three years of termijnen: the appendix runs over more than one page (repeated table header).
    titel_en_verplichting(dossier, bedrag=D("275.50"), ingang=date(2023, 1, 1))
    ctx = brief_context(dossier=dossier, soort="aanmaning", datum=date(2026, 3, 3))
    nu = pdf.pdf_document(template_name="letters/aanmaning.html", context=ctx)
    voorheen = _zoals_voorheen("letters/aanmaning.html", ctx)
    assert len(nu.pages) >= 2
    assert _vakken(nu) == _vakken(voorheen)
    # The stylesheet and the fonts are made once: a second letter reuses both.
    pdf.pdf_document(template_name="letters/aanmaning.html", context=ctx)
    assert pdf._stijlblad.cache_info().misses == 1 and pdf._stijlblad.cache_info().hits >= 1
    assert pdf._lettertypen.cache_info().misses == 1


def test_only_the_projects_own_relative_stylesheets_are_taken_over():
    assert pdf._STIJL_LINK.findall('<link rel="stylesheet" href="letters/brief.css">') == [
        "letters/brief.css"
    ]
    for vreemd in (
        '<link rel="stylesheet" href="https://elders.example/x.css">',
        '<link rel="stylesheet" href="../geheim.css">',
        '<link rel="stylesheet" href="/etc/x.css">',
    ):
        assert pdf._STIJL_LINK.findall(vreemd) == []


def test_the_garbage_collector_is_paused_only_while_weasyprint_works(monkeypatch):
    import gc

    from weasyprint import HTML, Document

    dossier = geaccepteerd_dossier(ontvangen_op=datetime(2026, 3, 2, 10, tzinfo=AMS))
    titel_en_verplichting(dossier, bedrag=D("275.50"), ingang=date(2025, 6, 1))
    ctx = brief_context(dossier=dossier, soort="aanmaning", datum=date(2026, 3, 3))
    aan_tijdens: list[bool] = []
    for cls, naam in ((HTML, "render"), (Document, "write_pdf")):
        echt = getattr(cls, naam)

        def gemeten(self, *args, _echt=echt, **kwargs):
            aan_tijdens.append(gc.isenabled())
            return _echt(self, *args, **kwargs)

        monkeypatch.setattr(cls, naam, gemeten)
    try:
        assert gc.isenabled()
        inhoud = pdf.pdf_render(template_name="letters/aanmaning.html", context=ctx)
        assert inhoud.startswith(b"%PDF")
        assert aan_tijdens == [False, False] and gc.isenabled()
        gc.disable()  # a caller that paused it itself keeps it paused
        pdf.pdf_render(template_name="letters/aanmaning.html", context=ctx)
        assert not gc.isenabled()
    finally:
        gc.enable()
