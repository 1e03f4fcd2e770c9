"""The portal on a 390 px phone (issue 14 item 7): no portal page is wider than the viewport; lists become
stacked cards, so the arrears, the next step and the links stay in view. Crawls every portal page the demo
client can reach from the start page (seed_demo), GET only, at 390x844."""

from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.browser import axe_violations, log_in, screenshot

from ..conftest import WACHTWOORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OVERSLAAN = ("pdf", "/documenten/", "uitloggen", "/account/")  # downloads and leaving the portal


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True}


def test_no_portal_page_is_wider_than_a_390px_phone(page, live_server):
    call_command("seed_demo", dossiers=12, seed=1, zonder_pdf=True)
    sanne = User.objects.get(email="client@demo.nlai.nl")
    sanne.set_password(WACHTWOORD)
    sanne.save()
    log_in(page, live_server.url, sanne, totp=False)

    te_doen, gezien, te_breed = deque(["/portaal/"]), {"/portaal/"}, []
    while te_doen and len(gezien) < 60:
        pad = te_doen.popleft()
        antwoord = page.goto(f"{live_server.url}{pad}")
        assert antwoord is not None and antwoord.status < 500, pad
        breedte = page.evaluate("document.documentElement.scrollWidth")
        if breedte > 390:
            te_breed.append((pad, breedte))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            delen = urlsplit(href)
            if (
                delen.netloc
                or not delen.path.startswith("/portaal/")
                or any(s in delen.path for s in OVERSLAAN)
            ):
                continue
            doel = delen.path + (f"?{delen.query}" if delen.query else "")
            if doel not in gezien:
                gezien.add(doel)
                te_doen.append(doel)
    assert len(gezien) > 8  # the crawl reached the dossiers, money, payouts, letters and order pages
    assert te_breed == []

    for pad, naam in (
        ("/portaal/", "telefoon-portaal-home"),
        ("/portaal/uitbetaling/", "telefoon-portaal-geld"),
    ):
        page.goto(f"{live_server.url}{pad}")
        screenshot(page, naam)
        assert axe_violations(page) == []
