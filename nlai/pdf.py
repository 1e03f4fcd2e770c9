"""PDF rendering with WeasyPrint. Call it from Celery tasks, never inside a request or a transaction.

A letter's own stylesheet (``<link rel="stylesheet" href="letters/brief.css">``, a file under ``static/``) is
parsed once per worker process with one font configuration, and handed to WeasyPrint as a prepared
stylesheet instead of being fetched, parsed and compiled again for every letter (issue 18 item 4; the
letters scenario of ``make bench`` reports ms per letter and per page). WeasyPrint treats a prepared stylesheet as a *user*
stylesheet; the letter templates carry no other author styles (no ``<style>``, no ``style=`` or
presentational attributes) for it to lose against, so the letters come out the same
(``tests/foundation/test_pdf.py`` compares them). Any other link is left to WeasyPrint as before.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re

from django.conf import settings
from django.template.loader import render_to_string

# Only a plain relative path under static/ (no scheme, no "..", no query): the files this project ships.
_STIJL_LINK = re.compile(r'<link rel="stylesheet" href="((?:[\w-]+/)*[\w-]+\.css)">')


@functools.cache
def _lettertypen():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _stijlblad(pad: str):
    from weasyprint import CSS

    return CSS(filename=str(settings.BASE_DIR / "static" / pad), font_config=_lettertypen())


@contextlib.contextmanager
def _zonder_gc():
    """WeasyPrint makes hundreds of thousands of small objects per letter (boxes, styles, text runs); the
    cyclic garbage collector walked the growing heap of the letter dozens of times while it was laid out.
    Paused here, it walks the letter's leftovers once afterwards; what stays unreachable is one letter's worth."""
    aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aan:
            gc.enable()


def pdf_document(*, template_name: str, context: dict):
    """The template laid out by WeasyPrint (a ``weasyprint.Document``: its pages and boxes)."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"bureau": settings.BUREAU, **context})
    stijlbladen = [_stijlblad(pad) for pad in _STIJL_LINK.findall(html)]
    zonder_links = _STIJL_LINK.sub("", html)
    # Static files (letterhead CSS) are read from disk, never fetched over the network.
    with _zonder_gc():
        return HTML(string=zonder_links, base_url=str(settings.BASE_DIR / "static")).render(
            stylesheets=stijlbladen, font_config=_lettertypen()
        )


def pdf_schrijf(document) -> bytes:
    """The laid-out document as PDF bytes."""
    with _zonder_gc():
        return document.write_pdf()


def pdf_render(*, template_name: str, context: dict) -> bytes:
    return pdf_schrijf(pdf_document(template_name=template_name, context=context))
