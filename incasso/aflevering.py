"""What the e-mail service (ESP) says happened to an outbox e-mail after it accepted it: delivered, bounced,
rejected, or reported as spam by the recipient (issue 19 item 1).

The events come in through django-anymail's tracking webhook (``anymail/postmark/tracking/``, protected by
the webhook's basic-auth secret) as ``anymail.signals.tracking``; ``tracking_ontvangen`` hands each to
``aflevering_registreer``, which matches it on the message id the outbox stored when it sent the e-mail
(``UitgaandeEmail.esp_message_id``). An event for a message we do not know is logged and ignored: the ESP
gets a 200 and does not retry it.

Each event is recorded once (``AfleverGebeurtenis.sleutel``: the ESP's event id, or message, kind and time
where the ESP gives none, as Postmark for a delivery), on the e-mail and on the letter it carried, and on the
dossier's timeline. A bounce or reject of a letter's e-mail means the demand never reached the debtor
(art. 3:37 lid 3 BW), so it is no stuiting by e-mail (``incasso.stuiting.brief_email_stuiting_vervalt``); the
letter goes by post with the next working day's print batch, and becomes a stuiting the day that batch is
marked posted. Nothing else is undone: the letter, its costs and the e-mail stay as they were.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from anymail.signals import AnymailTrackingEvent, EventType
from django.db import transaction
from django.utils import timezone

from dossiers.models import TijdlijnGebeurtenis
from dossiers.services import taak_maak, tijdlijn_voeg_toe
from tarieven.selectors import kalender

from .letters import datum_nl
from .models import AfleverGebeurtenis, Brief, BriefSoort, Printbatch, UitgaandeEmail
from .stuiting import brief_email_stuiting_vervalt

logger = logging.getLogger(__name__)

AFGELEVERD = frozenset({EventType.DELIVERED})
ONBESTELBAAR = frozenset({EventType.BOUNCED, EventType.REJECTED, EventType.FAILED})
KLACHT = frozenset({EventType.COMPLAINED})
BEHANDELD = AFGELEVERD | ONBESTELBAAR | KLACHT

# The ESP's technical fields worth keeping (Postmark's names). Everything else is dropped: the subject, the
# sender, the bounce dump ("Content"), the MTA's free text ("Details") and the metadata; the recipient's
# address is kept once, in AfleverGebeurtenis.aan.
ESP_VELDEN = frozenset(
    {
        "RecordType",
        "Type",
        "TypeCode",
        "Name",
        "ID",
        "MessageID",
        "ServerID",
        "MessageStream",
        "DeliveredAt",
        "BouncedAt",
        "Inactive",
        "CanActivate",
        "Description",
    }
)


def tracking_ontvangen(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """Receiver of ``anymail.signals.tracking`` (connected in ``IncassoConfig.ready``)."""
    aflevering_registreer(event=event, esp_naam=esp_name)


@transaction.atomic(durable=True)
def aflevering_registreer(*, event: AnymailTrackingEvent, esp_naam: str) -> AfleverGebeurtenis | None:
    """Record one ESP tracking event once; returns the event row, or None when it was ignored (a kind we do
    not follow, such as an open, or a message we do not know)."""
    soort = str(event.event_type)
    if soort not in BEHANDELD:
        return None
    message_id = str(event.message_id or "")[:100]
    # The row lock puts concurrent events of one e-mail (and a repeated post of the same event) in a row.
    email = (
        UitgaandeEmail.objects.select_for_update().filter(esp_message_id=message_id).first()
        if message_id
        else None
    )
    if email is None:
        logger.warning(
            "aflevering: %s-gebeurtenis %s van %s voor een onbekend bericht %r genegeerd",
            soort,
            event.event_id or "-",
            esp_naam,
            message_id,
        )
        return None
    op = event.timestamp or timezone.now()
    sleutel = (
        f"{esp_naam}:{event.event_id}"
        if event.event_id
        else f"{esp_naam}:{message_id}:{soort}:{event.timestamp.isoformat() if event.timestamp else ''}"
    )
    gebeurtenis, nieuw = AfleverGebeurtenis.objects.get_or_create(
        sleutel=sleutel[:200],
        defaults={
            "email": email,
            "soort": soort,
            "op": op,
            "aan": (event.recipient or email.aan)[:254],
            "omschrijving": str(event.description or "")[:500],
            "esp_event": _esp_event_minimaal(event.esp_event),
        },
    )
    if not nieuw:
        return gebeurtenis
    brief = _brief_van(email)
    if soort in AFGELEVERD:
        _afgeleverd(email=email, brief=brief, gebeurtenis=gebeurtenis)
    elif soort in ONBESTELBAAR:
        _onbestelbaar(email=email, brief=brief, gebeurtenis=gebeurtenis)
    else:
        _klacht(email=email, brief=brief, gebeurtenis=gebeurtenis)
    return gebeurtenis


def _esp_event_minimaal(esp_event: Any) -> dict:
    if not isinstance(esp_event, dict):
        return {}
    return {k: v for k, v in esp_event.items() if k in ESP_VELDEN and isinstance(v, str | int | bool | None)}


def _brief_van(email: UitgaandeEmail) -> Brief | None:
    """The letter the e-mail carried (outbox key ``brief:<letter key>``, see ``letters.brief_verstuur``)."""
    if not email.sleutel.startswith("brief:"):
        return None
    return Brief.objects.filter(sleutel=email.sleutel.removeprefix("brief:")).first()


def _moment(op: datetime) -> str:
    lokaal = timezone.localtime(op)
    return f"{datum_nl(lokaal.date())} om {lokaal:%H:%M}"


def _wat(email: UitgaandeEmail, brief: Brief | None) -> str:
    if brief is not None:
        return f"{BriefSoort(brief.soort).label.capitalize()} per e-mail"
    return f"E-mail „{email.onderwerp}”"


def _tijdlijn(*, email: UitgaandeEmail, gebeurtenis: AfleverGebeurtenis, tekst: str) -> None:
    if email.dossier_id is None:
        return
    tijdlijn_voeg_toe(
        dossier=email.dossier,
        soort=TijdlijnGebeurtenis.Soort.EMAIL,
        tekst=tekst,
        intern=True,  # the debtor's mailbox is none of the client's business
        op=gebeurtenis.op,
        sleutel=f"aflevering:{gebeurtenis.pk}",
    )


def _afgeleverd(*, email: UitgaandeEmail, brief: Brief | None, gebeurtenis: AfleverGebeurtenis) -> None:
    UitgaandeEmail.objects.filter(pk=email.pk, afgeleverd_op__isnull=True).update(
        afgeleverd_op=gebeurtenis.op
    )
    if brief is not None:
        Brief.objects.filter(pk=brief.pk, email_afgeleverd_op__isnull=True).update(
            email_afgeleverd_op=gebeurtenis.op
        )
    _tijdlijn(
        email=email,
        gebeurtenis=gebeurtenis,
        tekst=f"{_wat(email, brief)} afgeleverd op {_moment(gebeurtenis.op)}",
    )


def _klacht(*, email: UitgaandeEmail, brief: Brief | None, gebeurtenis: AfleverGebeurtenis) -> None:
    # A complaint means the message was delivered: the letter still reached the debtor.
    _tijdlijn(
        email=email,
        gebeurtenis=gebeurtenis,
        tekst=f"{_wat(email, brief)}: de ontvanger meldde het bericht als spam op {_moment(gebeurtenis.op)}",
    )


def _onbestelbaar(*, email: UitgaandeEmail, brief: Brief | None, gebeurtenis: AfleverGebeurtenis) -> None:
    UitgaandeEmail.objects.filter(pk=email.pk, bounce_op__isnull=True).update(bounce_op=gebeurtenis.op)
    reden = f" ({gebeurtenis.omschrijving.rstrip('.')})" if gebeurtenis.omschrijving else ""
    tekst = f"{_wat(email, brief)} kwam niet aan: onbestelbaar op {_moment(gebeurtenis.op)}{reden}."
    if brief is None:
        _tijdlijn(email=email, gebeurtenis=gebeurtenis, tekst=tekst)
        if email.dossier_id is not None:
            taak_maak(
                dossier=email.dossier,
                omschrijving=f"E-mail aan {email.aan} kwam niet aan ({email.onderwerp}). Controleer het adres.",
                deadline=kalender().werkdagen_na(timezone.localdate(), 1),
                sleutel=f"bounce:{email.pk}"[:100],
            )
        return
    tekst += " " + brief_per_post_na_bounce(brief=brief, op=gebeurtenis.op)
    _tijdlijn(email=email, gebeurtenis=gebeurtenis, tekst=tekst)


def brief_per_post_na_bounce(*, brief: Brief, op: datetime) -> str:
    """The letter's e-mail did not reach the debtor: no stuiting by e-mail, and the letter goes with the next
    working day's print batch (or, without a postal address, the case manager gets a task). Once per letter
    (compare-and-set on ``email_bounce_op``); returns what happened, for the timeline."""
    if (
        Brief.objects.filter(pk=brief.pk, verzonden_via=Brief.Via.EMAIL, email_bounce_op__isnull=True).update(
            email_bounce_op=op
        )
        != 1
    ):
        return "De brief was al eerder als onbestelbaar verwerkt."
    vervallen = brief_email_stuiting_vervalt(brief=brief)
    stuiting = (
        f"De stuiting van {datum_nl(vervallen)} vervalt: de brief heeft de debiteur niet bereikt. "
        if vervallen
        else ""
    )
    debiteur = brief.dossier.debiteur
    if not debiteur.straat or debiteur.adres_onbekend:
        taak_maak(
            dossier=brief.dossier,
            omschrijving=(
                f"{BriefSoort(brief.soort).label.capitalize()} per e-mail kwam niet aan en het postadres van "
                "de debiteur is onbekend. Zoek het adres op en verstuur de brief per post."
            ),
            deadline=kalender().werkdagen_na(timezone.localdate(), 1),
            sleutel=f"bounce-geen-adres:{brief.sleutel}"[:100],
        )
        return stuiting + "Geen postadres bekend: er is een taak gemaakt."
    postdag = kalender().werkdagen_na(timezone.localdate(), 1)
    batch, _ = Printbatch.objects.get_or_create(datum=postdag)
    if batch.document_id is not None:  # that day's batch is already printed: the next batch takes the letter
        Brief.objects.filter(pk=brief.pk).update(verzonden_via=Brief.Via.POST, printbatch=None)
        return stuiting + "De brief gaat per post mee met de eerstvolgende printbatch."
    Brief.objects.filter(pk=brief.pk).update(verzonden_via=Brief.Via.POST, printbatch=batch)
    return stuiting + f"De brief gaat per post mee met de printbatch van {datum_nl(postdag)}."
