"""The case manager answers a debtor's dispute or question: recorded in ``dossiers`` (the portal shows it) and,
when the debtor has an e-mail address, sent through the outbox (once per question, after commit).

The e-mail carries the answer and the dossier number, never anything of the client: the answer itself is
checked for the client's address, phone, e-mail and IBAN (``dossiers.services.debiteur``)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from dossiers.models import DebiteurVraag
from dossiers.services.debiteur import debiteurvraag_antwoord_leg_vast
from incasso.outbox import email_plaats


def debiteur_antwoord_email(vraag: DebiteurVraag) -> tuple[str, str]:
    """(subject, text) of the answer's e-mail, in the language the debtor wrote in."""
    taal = "en" if vraag.taal.startswith("en") else "nl"
    with override(taal):
        onderwerp = _("Antwoord op uw bericht over dossier %(nummer)s") % {"nummer": vraag.dossier.nummer}
        wat = _("uw betwisting") if vraag.soort == DebiteurVraag.Soort.BETWISTING else _("uw vraag")
        tekst = "\n\n".join(
            [
                _("Beste %(naam)s,") % {"naam": vraag.dossier.debiteur.naam},
                _("Uw casemanager heeft geantwoord op %(wat)s van %(datum)s over dossier %(nummer)s:")
                % {
                    "wat": wat,
                    "datum": timezone.localtime(vraag.gesteld_op).strftime("%d-%m-%Y"),
                    "nummer": vraag.dossier.nummer,
                },
                vraag.antwoord,
                _("U leest het antwoord ook in het portaal voor betalingsplichtigen: %(url)s")
                % {"url": settings.SITE_URL.rstrip("/") + reverse("debiteur:inloggen")},
                _("Met vriendelijke groet,\nNLAI Alimentatie-incasso"),
            ]
        )
    return onderwerp, tekst


@transaction.atomic(durable=True)
def debiteurvraag_beantwoord(*, vraag: DebiteurVraag, antwoord: str, door: User) -> DebiteurVraag:
    """The staff screen's entry point: record the answer and e-mail it to the debtor if we have an address."""
    vraag = debiteurvraag_antwoord_leg_vast(vraag=vraag, antwoord=antwoord, door=door)
    adres = vraag.dossier.debiteur.email
    if adres:
        onderwerp, tekst = debiteur_antwoord_email(vraag)
        email_plaats(
            aan=adres,
            onderwerp=onderwerp,
            tekst=tekst,
            dossier=vraag.dossier,
            sleutel=f"debiteurvraag:{vraag.pk}:antwoord",
        )
    return vraag
