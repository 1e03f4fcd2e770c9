"""The case manager answers a debtor's dispute or question: recorded in ``dossiers`` (the portal shows it) and,
when the debtor has an e-mail address, sent through the outbox (once per question, after commit).

The e-mail carries the answer and the dossier number, never anything of the client: the answer itself is
checked for the client's address, phone, e-mail and IBAN (``dossiers.services.debiteur``).

Also here: the debtor's report of a direct payment, which tells the client (status update: portal timeline
and e-mail with the link to the page where the client decides)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from dossiers.models import DebiteurVraag, Dossier
from dossiers.services.debiteur import debiteurvraag_antwoord_leg_vast
from incasso.outbox import email_plaats
from inning.models import DirecteBetaling
from inning.services import directe_betaling_debiteur_meld
from recht.geld import euro

from .statusupdate import statusupdate_stuur


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


@transaction.atomic(durable=True)
def directe_betaling_van_debiteur_meld(
    *, dossier: Dossier, datum, bedrag, toelichting: str, bestand
) -> DirecteBetaling:
    """The debtor portal's entry point for a direct payment the debtor reports (``inning``'s service stores it
    with its proof); the client is told at once through the status-update path (portal timeline, and an
    e-mail to the client's own address after commit, once per report) with the link to the page where they
    confirm or reject it."""
    melding = directe_betaling_debiteur_meld(
        dossier=dossier, datum=datum, bedrag=bedrag, toelichting=toelichting, bestand=bestand
    )
    url = settings.SITE_URL.rstrip("/") + reverse("inning_portaal:melding", args=[melding.pk])
    statusupdate_stuur(
        dossier=melding.dossier,
        aanleiding=(
            f"De betalingsplichtige meldt een rechtstreekse betaling aan u van {euro(melding.bedrag)} op "
            f"{melding.datum:%d-%m-%Y}, met bewijs. Klopt dat? Bevestig of wijs de betaling af in het "
            f"portaal: {url}"
        ),
        sleutel=f"directe_betaling:{melding.pk}:client",
    )
    return melding
