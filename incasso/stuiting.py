"""A demand interrupts limitation only when it reaches the debtor (art. 3:317 lid 1 with 3:37 lid 3 BW: a
written demand must have been sent). So a letter is a stuiting only once it actually went out, dated the day
it went out (issue 13 item 4):

- by e-mail: when the mail server accepted it (``incasso.tasks.email_verstuur``), unless the e-mail service
  later reports it undeliverable (bounce, reject): then it is no stuiting after all and the letter goes by
  post (``incasso.aflevering``, ``brief_email_stuiting_vervalt``);
- by post: when a staff member marks the day's print batch as posted (``printbatch_gepost_markeer``).

A letter made while the debtor's address is unknown records nothing until it is sent; it is then dated and
rendered again (``incasso.letters.brief_maak``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from dossiers.models import Stuiting, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe

from .models import Brief, BriefSoort, Printbatch

__all__ = [
    "STUITENDE_BRIEVEN",
    "PostFout",
    "brief_email_stuiting_vervalt",
    "brief_stuiting_registreer",
    "printbatch_gepost_markeer",
]

STUITENDE_BRIEVEN = {BriefSoort.AANMANING, BriefSoort.SOMMATIE, BriefSoort.REGELING_GEMIST}


class PostFout(ValueError):
    """A post action that is not allowed; the message is Dutch and shown to the user."""


def brief_stuiting_registreer(*, brief: Brief, datum: date) -> Stuiting | None:
    """Record the stuiting of a demand letter that went out on ``datum`` (once per letter)."""
    if brief.soort not in STUITENDE_BRIEVEN:
        return None
    from .letters import datum_nl  # letters imports this module (STUITENDE_BRIEVEN)

    stuiting, _ = Stuiting.objects.get_or_create(
        dossier_id=brief.dossier_id,
        bron_sleutel=f"brief:{brief.sleutel}"[:100],
        defaults={
            "datum": datum,
            "soort": Stuiting.Soort.AANMANING,
            "omschrijving": f"{BriefSoort(brief.soort).label} verzonden op {datum_nl(datum)}"[:200],
        },
    )
    return stuiting


def brief_email_verzending_registreer(*, sleutel: str, verstuurd_op) -> None:
    """Called when the outbox e-mail with ``sleutel`` was accepted by the mail server: the letter it
    carried (key ``brief:<letter key>``) went out that day."""
    if not sleutel.startswith("brief:"):
        return
    brief = Brief.objects.filter(sleutel=sleutel.removeprefix("brief:")).first()
    if brief is not None:
        brief_stuiting_registreer(brief=brief, datum=timezone.localdate(verstuurd_op))


def brief_email_stuiting_vervalt(*, brief: Brief) -> date | None:
    """The e-mail that carried ``brief`` bounced: the demand never reached the debtor, so the stuiting booked
    when the mail server accepted it does not count. Removes it and returns its date (None when there was
    none). Only the letter's own stuiting goes; the post records a new one, dated the day it is posted."""
    stuiting = Stuiting.objects.filter(
        dossier_id=brief.dossier_id, bron_sleutel=f"brief:{brief.sleutel}"[:100]
    ).first()
    if stuiting is None:
        return None
    stuiting.delete()
    return stuiting.datum


@transaction.atomic(durable=True)
def printbatch_gepost_markeer(*, batch: Printbatch, door) -> int:
    """Mark a print batch as handed to the post, once (compare-and-set on ``gepost_op``). Every demand letter
    in it becomes a stuiting dated today. Returns the number of letters in the batch."""
    if batch.document_id is None:
        raise PostFout("Deze printbatch heeft nog geen PDF: maak en print hem eerst.")
    nu = timezone.now()
    if (
        Printbatch.objects.filter(pk=batch.pk, gepost_op__isnull=True).update(gepost_op=nu, gepost_door=door)
        != 1
    ):
        raise PostFout("Deze printbatch is al als gepost gemarkeerd.")
    vandaag = timezone.localdate(nu)
    from .letters import datum_nl  # letters imports this module (STUITENDE_BRIEVEN)

    brieven = list(batch.brieven.select_related("dossier"))
    for brief in brieven:
        brief_stuiting_registreer(brief=brief, datum=vandaag)
        tijdlijn_voeg_toe(
            dossier=brief.dossier,
            soort=TijdlijnGebeurtenis.Soort.BRIEF,
            tekst=f"{BriefSoort(brief.soort).label.capitalize()} op {datum_nl(vandaag)} gepost",
            door=door,
            sleutel=f"gepost:{brief.sleutel}"[:100],
        )
    return len(brieven)
