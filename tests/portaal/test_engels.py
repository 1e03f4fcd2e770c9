"""The portal in English: LocaleMiddleware picks the language; every portal text has a translation."""

import pytest
from django.urls import reverse
from django.utils import translation

from dossiers.models import Client
from portaal.forms import RekeningForm

from .factories import DossierFactory


@pytest.mark.django_db
def test_the_order_form_renders_in_english(portaal_client):
    html = portaal_client.get(
        reverse("portaal:opdracht_stap", kwargs={"stap": "debiteur"}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<html lang="en">' in html
    assert "Step 2 of 7: Who must pay?" in html
    assert "Name of the person who must pay" in html
    assert "Save and continue" in html
    assert "Opslaan en verder" not in html
    assert "Germany" in html  # country names in the page's language
    assert "Skip to content" in html  # the base layout too


@pytest.mark.django_db
def test_my_cases_and_the_case_page_render_in_english(portaal_client, client_user):
    client = Client.objects.create(user=client_user, naam="Clara de Vries")
    dossier = DossierFactory(client=client)
    home = portaal_client.get(reverse("portaal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My cases" in home
    assert "Order received" in home
    assert "Your case manager is reviewing your order." in home
    pagina = portaal_client.get(
        reverse("portaal:dossier", kwargs={"dossier_id": dossier.pk}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Current status" in pagina
    assert "Messages with your case manager" in pagina
    assert "Stand van zaken" not in pagina


def test_form_errors_are_translated_too():
    with translation.override("en"):
        form = RekeningForm(
            data={"iban": "NL00 0000", "tenaamstelling": "M. Bakker"}, client_naam="Clara de Vries"
        )
        assert not form.is_valid()
        assert form.errors["iban"][0].startswith("This is not a valid IBAN.")
        assert form.errors["tenaamstelling"][0].startswith(
            "The account must be in your own name (Clara de Vries)"
        )


def test_every_portal_text_has_an_english_translation():
    """No untranslated msgid whose source is the portal's own code or templates."""
    import re
    from pathlib import Path

    from django.conf import settings

    po = (Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    leeg = []
    for blok in po.split("\n\n"):
        bronnen = " ".join(regel for regel in blok.splitlines() if regel.startswith("#:"))
        if not re.search(r"(^|\s)(portaal/|templates/portaal/|templates/base)", bronnen.replace("#:", " ")):
            continue
        if blok.rstrip().endswith('msgstr ""') and "msgid_plural" not in blok:
            leeg.append(blok.splitlines()[-2])
    assert leeg == []


@pytest.mark.django_db
def test_a_client_using_english_gets_the_confirmation_email_in_english(
    portaal_client, django_capture_on_commit_callbacks
):
    from django.conf import settings
    from django.core import mail

    from .test_opdracht import vul_alles_in

    portaal_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    vul_alles_in(portaal_client)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = portaal_client.post(reverse("portaal:opdracht_controleren"), follow=True)
    assert "Thank you. We have received your order." in antwoord.content.decode()
    [bericht] = mail.outbox
    assert bericht.subject.startswith("We have received your order (case ")
    assert "Dear Clara de Vries," in bericht.body
