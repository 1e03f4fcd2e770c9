"""The walk of issue 14: on the demo data of ``seed_demo``, every role follows every same-site link it can reach
from the start page, and opens every tab of every dossier it can see; no answer may be 500 or worse.

Bounded and GET only: links are followed breadth first; a URL shape (the path with its numbers replaced and
the names of its query parameters) is visited at most ``PER_VORM`` times, except the dossier tabs, which are
opened for every dossier; the logout link and the language switch are not followed. The demo data is seeded
once for the module inside a transaction that is rolled back at the end, so other tests never see it.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter, deque
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client as DjangoClient
from django.urls import reverse

from accounts.models import User
from tests.conftest import login_als

PER_VORM = 2  # visits per URL shape (beyond the dossier tabs)
MAX_PAGINAS = 600  # per role: the walk stops there and the test says so
NIET_VOLGEN = ("/account/uitloggen/", "/i18n/", "/static/")
LINK = re.compile(r"""(?:href|hx-get)\s*=\s*["']([^"']+)["']""")
TAB_BLOK = re.compile(r'<ul class="nav nav-tabs[^"]*">(.*?)</ul>', re.S)

ROLLEN = {
    "casemanager": "casemanager@demo.nlai.nl",
    "financieel": "financieel@demo.nlai.nl",
    "beheerder": "beheerder@demo.nlai.nl",
    "client": "client@demo.nlai.nl",
    "anonymous": None,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``seed_demo --dossiers 41 --seed 1`` as ``make run`` seeds it, once for all roles, rolled back after."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            t0 = time.perf_counter()
            call_command("seed_demo", dossiers=41, seed=1, zonder_pdf=True, stdout=io.StringIO())
            if connection.vendor == "postgresql":
                # The seed's SET LOCAL (row triggers off for its blocks) would last until our rollback.
                with connection.cursor() as c:
                    c.execute("SET LOCAL session_replication_role = origin")
            yield time.perf_counter() - t0
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _vorm(url: str) -> tuple[str, int]:
    """(shape, visits allowed). The admin's sorting, filter and paging links (``?o=``, ``?status__exact=``,
    ``?p=``) are Django's own and multiply without end: there the query is not part of the shape and one
    visit per shape is enough."""
    delen = urlsplit(url)
    pad = re.sub(r"\d+", "N", delen.path)
    if pad.startswith("/beheer/"):
        return pad, 1
    sleutels = ",".join(sorted({k for k, _ in parse_qsl(delen.query, keep_blank_values=True)}))
    return f"{pad}?{sleutels}", PER_VORM


def _links(basis: str, html: str) -> list[str]:
    uit = []
    for ruw in LINK.findall(html):
        href = unescape(ruw).strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        delen = urlsplit(urljoin(basis, href))
        if delen.netloc not in ("", "testserver"):
            continue  # another site
        pad = delen.path + (f"?{delen.query}" if delen.query else "")
        if not pad.startswith(NIET_VOLGEN):
            uit.append(pad)
    return uit


def _loop(browser: DjangoClient, start: str) -> tuple[dict[str, int], list[str], bool]:
    """Breadth first from ``start``: {url: status}, the dossier pages met, and whether the bound was hit."""
    gezien: dict[str, int] = {}
    per_vorm: Counter[str] = Counter()
    wachtrij = deque([start])
    dossierpaginas = []
    while wachtrij and len(gezien) < MAX_PAGINAS:
        url = wachtrij.popleft()
        if url in gezien:
            continue
        vorm, toegestaan = _vorm(url)
        if per_vorm[vorm] >= toegestaan:
            continue
        per_vorm[vorm] += 1
        antwoord = browser.get(url)
        gezien[url] = antwoord.status_code
        if antwoord.status_code in (301, 302, 303, 307, 308):
            wachtrij.extend(_links(url, f'href="{antwoord["Location"]}"'))
            continue
        if antwoord.status_code != 200 or "html" not in antwoord.get("Content-Type", ""):
            continue
        html = antwoord.content.decode(errors="replace")
        if TAB_BLOK.search(html):
            dossierpaginas.append(url)
        wachtrij.extend(u for u in _links(url, html) if u not in gezien)
    return gezien, dossierpaginas, bool(wachtrij) and len(gezien) >= MAX_PAGINAS


def _alle_tabs(browser: DjangoClient, dossier_urls: list[str]) -> dict[str, int]:
    """Every tab of every dossier page in ``dossier_urls``: the links in the staff page's nav-tabs; in the
    portal, which has no tabs, every link below the dossier's own URL."""
    gezien: dict[str, int] = {}
    for url in dossier_urls:
        antwoord = browser.get(url)
        gezien[url] = antwoord.status_code
        if antwoord.status_code != 200:
            continue
        html = antwoord.content.decode(errors="replace")
        blokken = TAB_BLOK.findall(html)
        tabs = (
            [t for b in blokken for t in _links(url, b)]
            if blokken
            else [t for t in _links(url, html) if t.startswith(url)]
        )
        for tab in tabs:
            if tab not in gezien:
                gezien[tab] = browser.get(tab).status_code
    return gezien


@pytest.mark.parametrize("rol", list(ROLLEN))
def test_every_page_a_role_can_reach_answers_below_500(demo, db, rol):
    from dossiers.models import Dossier

    browser = DjangoClient(raise_request_exception=False)
    if ROLLEN[rol]:
        login_als(browser, User.objects.get(email=ROLLEN[rol]))
    t0 = time.perf_counter()
    gezien, _dossierpaginas, begrensd = _loop(browser, "/")
    # every tab of every dossier: staff through the staff dossier page, the client through the portal's
    alle = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))
    if rol == "client":
        eigen = Dossier.objects.filter(client__user__email=ROLLEN[rol]).values_list("pk", flat=True)
        dossiers = [reverse("portaal:dossier", args=[pk]) for pk in eigen]
        assert dossiers
    else:  # anonymous: a few, each must send to the login page
        dossiers = [
            reverse("dossiers:dossier", args=[pk]) for pk in (alle if rol != "anonymous" else alle[:3])
        ]
    tabs = _alle_tabs(browser, dossiers)
    fouten = {u: s for u, s in {**gezien, **tabs}.items() if s >= 500}
    print(
        f"\nCRAWL rol={rol} paginas={len(gezien)} tabs={len(tabs)} dossiers={len(dossiers)} "
        f"seconden={time.perf_counter() - t0:.1f} seed_seconden={demo:.1f}"
    )
    assert fouten == {}
    assert not begrensd, f"the walk hit its bound of {MAX_PAGINAS} pages; raise it or tighten PER_VORM"
    assert len(gezien) > (1 if rol == "anonymous" else 5)  # the walk really went somewhere
