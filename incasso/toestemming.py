"""Consent given by phone or by letter, recorded by a case manager with the evidence.

Not every client answers in the portal: a client without a login, or one who calls. The case manager records
the answer here, with the phone note or the letter as a document, and the record says who recorded it and
how it came. The answer then takes the same path as a portal answer (``services.toestemming_beantwoord``:
timeline, next action, a task when refused), and the portal shows the client what was recorded.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import BEHEERDER, CASEMANAGER, heeft_rol
from dossiers.documenten import document_opslaan
from dossiers.models import Document, Dossier

from .models import Toestemmingsverzoek
from .selectors import garnering_blokkade
from .services.toestemming import toestemming_beantwoord

KANALEN = (Toestemmingsverzoek.Kanaal.TELEFOON, Toestemmingsverzoek.Kanaal.BRIEF)


@transaction.atomic(durable=True)
def toestemming_vastleg(
    *,
    dossier: Dossier,
    soort: str,
    gegeven: bool,
    kanaal: str,
    bewijs: UploadedFile,
    door: User,
    toelichting: str = "",
) -> Toestemmingsverzoek:
    """Record the client's answer given by phone or letter. Answers the open request of this kind, or makes
    one (a client may call before we asked). Raises ValidationError (Dutch) without evidence, for a closed
    dossier, a garnishment that is not possible, or a request that was already answered."""
    if not heeft_rol(door, CASEMANAGER, BEHEERDER):
        raise ValidationError(_("Alleen een casemanager kan een toestemming vastleggen."))
    if soort not in Toestemmingsverzoek.Soort.values:
        raise ValidationError({"soort": _("Kies een geldige stap.")})
    if kanaal not in KANALEN:
        raise ValidationError({"kanaal": _("Kies telefoon of brief.")})
    if bewijs is None:
        raise ValidationError(
            {"bewijs": _("Voeg het bewijs toe: de gespreksnotitie of de brief van de cliënt.")}
        )
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten; er kan geen toestemming meer worden vastgelegd."))
    if gegeven and soort in Toestemmingsverzoek.BESLAG_SOORTEN:
        reden = garnering_blokkade(dossier=dossier)
        if reden:
            raise ValidationError(reden)
    verzoek = (
        Toestemmingsverzoek.objects.select_for_update()
        .filter(dossier=dossier, soort=soort, status=Toestemmingsverzoek.Status.GEVRAAGD)
        .first()
    )
    if verzoek is None:
        verzoek = Toestemmingsverzoek.objects.create(
            dossier=dossier, soort=soort, gevraagd_op=timezone.now(), gevraagd_door=door
        )
    document = document_opslaan(
        bestand=bewijs,
        soort=Document.Soort.OVERIG,
        dossier=dossier,
        geupload_door=door,
        zichtbaar_voor_client=True,
    )
    wie = door.get_full_name() or door.email
    via = Toestemmingsverzoek.Kanaal(kanaal).label
    notitie = _("Per %(via)s, vastgelegd door %(wie)s.") % {"via": via, "wie": wie}
    verzoek = toestemming_beantwoord(
        verzoek=verzoek,
        gegeven=gegeven,
        door=None,  # the client answered, not a user of ours; who recorded it is vastgelegd_door
        toelichting=f"{notitie} {toelichting.strip()}".strip(),
    )
    # save(), not a queryset update: the consent's field history (Wijzigingen) records who recorded it.
    verzoek.kanaal, verzoek.bewijs, verzoek.vastgelegd_door = kanaal, document, door
    verzoek._history_user = door
    verzoek.save(update_fields=["kanaal", "bewijs", "vastgelegd_door"])
    return verzoek
