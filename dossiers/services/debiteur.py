"""What the debtor sends from the debtor portal: a dispute of the claim or a question to the case manager.

Each one is a ``DebiteurVraag`` with its documents, a ``Taak`` with a deadline and an event on the timeline.
The timeline event is what stops the stagnation clock: ``tijdlijn_voeg_toe`` moves the dossier's
``laatste_gebeurtenis_op``, the one column the work queue's "stagnant" section and the daily sweep
(``incasso.services.controles.stagnatie_controle``) both read through ``selectors.stil_sinds``.

Deadlines, in working days (``tarieven.selectors.kalender``):
- a question: 3 working days. The portal promises the client an answer within 2 working days; a debtor's
  question is usually as simple (where is my payment, what is this amount), one more day for the file.
- a dispute: 5 working days. The case manager must read the title, the statement and the debtor's documents
  and may have to ask the client; a week is still short enough that the debtor is not left waiting.

A dispute does NOT pause the escalation automatically: an executoriale titel stays enforceable while a debtor
disputes it (only a court stops enforcement), and an automatic pause would let any debtor stop the
collection with one click. Instead the dossier shows a banner while a dispute is open and the task has a short
deadline: the case manager looks at it before the next step.

The answer is written by the case manager: ``debiteurvraag_antwoord_leg_vast`` records it; the e-mail to the
debtor goes through the incasso outbox (``incasso.services.debiteurvraag.debiteurvraag_beantwoord``, a layer
up, is the entry point the staff screen calls).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from tarieven.selectors import kalender

from ..models import Client, DebiteurVraag, Dossier, Taak, TijdlijnGebeurtenis
from .tijdlijn import taak_maak, tijdlijn_voeg_toe

VRAAG_WERKDAGEN = 3
BETWISTING_WERKDAGEN = 5
MAX_DOCUMENTEN = 5
MAX_TEKST = 4000


def _compact(tekst: str) -> str:
    return re.sub(r"[\s.\-]", "", tekst).lower()


def client_gegevens_controleer(*, tekst: str, client: Client, veld: str = "tekst") -> None:
    """Refuse a text meant for the debtor that contains the client's address, phone, e-mail or IBAN.

    In families where one parent must not find the other, a case manager's answer or a client's reason for
    rejecting a payment must never carry these to the debtor. Raises ValidationError (Dutch)."""
    compact = _compact(tekst)
    waarden = [
        client.email,
        client.telefoon,
        client.uitbetaal_iban,
        client.postcode,
        client.straat,
    ]
    for waarde in waarden:
        if waarde and len(_compact(waarde)) >= 4 and _compact(waarde) in compact:
            raise ValidationError(
                {
                    veld: _(
                        "Deze tekst bevat het adres, telefoonnummer, e-mailadres of rekeningnummer van de "
                        "cliënt. Dat mag de betalingsplichtige nooit zien; haal het weg."
                    )
                }
            )


@transaction.atomic(durable=True)
def debiteurvraag_stel(
    *,
    dossier: Dossier,
    soort: str,
    tekst: str,
    bestanden: Iterable[UploadedFile] = (),
    taal: str = "nl",
) -> DebiteurVraag:
    """The debtor disputes the claim or asks a question: stored with its documents (checked by content, the
    whole question refused when one file is refused), a task for the case manager, on the timeline."""
    from ..documenten import document_opslaan

    tekst = (tekst or "").strip()
    if soort not in DebiteurVraag.Soort.values:
        raise ValidationError({"soort": _("Kies of u de vordering betwist of een vraag heeft.")})
    if not tekst:
        raise ValidationError({"tekst": _("Schrijf uw vraag of uw reden op.")})
    if len(tekst) > MAX_TEKST:
        raise ValidationError(
            {"tekst": _("Uw tekst is te lang (hoogstens %(n)s tekens).") % {"n": MAX_TEKST}}
        )
    bestanden = [b for b in bestanden if b]
    if len(bestanden) > MAX_DOCUMENTEN:
        raise ValidationError(
            {"documenten": _("U kunt hoogstens %(n)s bestanden meesturen.") % {"n": MAX_DOCUMENTEN}}
        )
    documenten = []
    for bestand in bestanden:
        try:
            documenten.append(
                document_opslaan(
                    bestand=bestand,
                    soort="overig",
                    dossier=dossier,
                    geupload_door=None,
                    zichtbaar_voor_client=False,  # the debtor's papers to the case manager, not the client
                )
            )
        except ValidationError as fout:
            raise ValidationError({"documenten": fout.messages}) from fout
    vraag = DebiteurVraag.objects.create(dossier=dossier, soort=soort, tekst=tekst, taal=taal[:8] or "nl")
    if documenten:
        vraag.documenten.set(documenten)

    betwisting = soort == DebiteurVraag.Soort.BETWISTING
    vandaag = timezone.localdate()
    deadline = kalender().werkdagen_na(vandaag, BETWISTING_WERKDAGEN if betwisting else VRAAG_WERKDAGEN)
    with override("nl"):  # staff read tasks and the timeline in Dutch, whatever the debtor's language
        kop = (
            _("De betalingsplichtige betwist de vordering")
            if betwisting
            else _("Vraag van de betalingsplichtige")
        )
        vraag.taak = taak_maak(
            dossier=dossier,
            omschrijving=(
                _("Betwisting beantwoorden")
                if betwisting
                else _("Vraag van de betalingsplichtige beantwoorden")
            ),
            deadline=deadline,
            sleutel=f"debiteurvraag:{vraag.pk}",
        )
        vraag.save(update_fields=["taak"])
        bijlagen = " " + _("(%(n)s document(en) bijgevoegd)") % {"n": len(documenten)} if documenten else ""
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.BERICHT,
            tekst=f"{kop}: {tekst}{bijlagen}",
            document=documenten[0] if documenten else None,
            intern=True,  # between the debtor and the case manager; the case manager informs the client
            sleutel=f"debiteurvraag:{vraag.pk}:gesteld",
        )
    return vraag


@transaction.atomic
def debiteurvraag_antwoord_leg_vast(*, vraag: DebiteurVraag, antwoord: str, door: User) -> DebiteurVraag:
    """Record the case manager's answer (once: compare-and-set on the status), finish the task, put it on the
    timeline. The caller sends the e-mail (``incasso.services.debiteurvraag``)."""
    antwoord = (antwoord or "").strip()
    if not antwoord:
        raise ValidationError({"antwoord": _("Schrijf een antwoord.")})
    if len(antwoord) > MAX_TEKST:
        raise ValidationError(
            {"antwoord": _("Het antwoord is te lang (hoogstens %(n)s tekens).") % {"n": MAX_TEKST}}
        )
    dossier = Dossier.objects.select_related("client").get(pk=vraag.dossier_id)
    client_gegevens_controleer(tekst=antwoord, client=dossier.client, veld="antwoord")
    nu = timezone.now()
    gewijzigd = DebiteurVraag.objects.filter(pk=vraag.pk, status=DebiteurVraag.Status.OPEN).update(
        status=DebiteurVraag.Status.BEANTWOORD, antwoord=antwoord, beantwoord_door=door, beantwoord_op=nu
    )
    if gewijzigd != 1:
        raise ValidationError(_("Deze vraag is al beantwoord."))
    vraag = DebiteurVraag.objects.select_related("dossier", "dossier__debiteur", "taak").get(pk=vraag.pk)
    if vraag.taak_id and Taak.objects.filter(pk=vraag.taak_id, afgerond_op__isnull=True).update(
        afgerond_op=nu
    ):
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.TAAK,
            tekst=_("Taak afgerond: %(omschrijving)s") % {"omschrijving": vraag.taak.omschrijving},
            door=door,
            intern=True,
            sleutel=f"taak:{vraag.taak_id}:afgerond",
        )
    kop = (
        _("Antwoord aan de betalingsplichtige op de betwisting")
        if vraag.soort == DebiteurVraag.Soort.BETWISTING
        else _("Antwoord aan de betalingsplichtige")
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.BERICHT,
        tekst=f"{kop}: {antwoord}",
        door=door,
        intern=True,
        sleutel=f"debiteurvraag:{vraag.pk}:beantwoord",
    )
    return vraag
