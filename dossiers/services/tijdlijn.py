"""The dossier's timeline and work: events on the timeline (once per key), tasks, the next action, notes,
phone notes, messages between client and case manager, and the privacy audit of who opened a dossier."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Bericht, Document, Dossier, DossierInzage, Taak, TijdlijnGebeurtenis


@transaction.atomic
def tijdlijn_voeg_toe(
    *,
    dossier: Dossier,
    soort: str,
    tekst: str,
    door: User | None = None,
    intern: bool = False,
    document: Document | None = None,
    sleutel: str = "",
    op=None,
) -> TijdlijnGebeurtenis:
    """Record an event on the dossier's timeline. With a `sleutel` the same event is recorded only once."""
    if sleutel:
        bestaand = TijdlijnGebeurtenis.objects.filter(dossier=dossier, sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    op = op or timezone.now()
    try:
        with transaction.atomic():
            gebeurtenis = TijdlijnGebeurtenis.objects.create(
                dossier=dossier,
                soort=soort,
                tekst=tekst,
                door=door,
                intern=intern,
                document=document,
                sleutel=sleutel,
                op=op,
            )
    except IntegrityError:  # a concurrent run recorded the same key first
        return TijdlijnGebeurtenis.objects.get(dossier=dossier, sleutel=sleutel)
    Dossier.objects.filter(pk=dossier.pk).update(laatste_gebeurtenis_op=op)
    return gebeurtenis


@transaction.atomic
def taak_maak(
    *,
    dossier: Dossier,
    omschrijving: str,
    deadline: date,
    toegewezen_aan: User | None = None,
    sleutel: str = "",
) -> Taak:
    """Create a task for the case manager (idempotent by `sleutel`), and put it on the timeline."""
    if sleutel:
        bestaand = Taak.objects.filter(dossier=dossier, sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    taak = Taak.objects.create(
        dossier=dossier,
        omschrijving=omschrijving,
        deadline=deadline,
        toegewezen_aan=toegewezen_aan or dossier.casemanager,
        sleutel=sleutel,
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.TAAK,
        tekst=taak_tijdlijn_tekst(omschrijving=omschrijving, deadline=deadline),
        intern=True,
        sleutel=f"taak:{taak.pk}",
    )
    return taak


@transaction.atomic
def volgende_actie_zet(*, dossier: Dossier, actie: str, datum: date, door: User | None = None) -> Dossier:
    """Every open dossier has a next action with a due date (also enforced by a database constraint)."""
    if not actie.strip():
        raise ValueError("Een volgende actie mag niet leeg zijn.")
    Dossier.objects.filter(pk=dossier.pk).update(volgende_actie=actie, volgende_actie_datum=datum)
    dossier.volgende_actie, dossier.volgende_actie_datum = actie, datum
    return dossier


def taak_tijdlijn_tekst(*, omschrijving: str, deadline: date) -> str:
    """The timeline text of a new task (also written by bulk paths)."""
    return f"Taak: {omschrijving} (uiterlijk {deadline:%d-%m-%Y})"


@transaction.atomic(durable=True)
def notitie_maak(*, dossier: Dossier, tekst: str, door: User, intern: bool = True) -> TijdlijnGebeurtenis:
    """An internal note on the timeline (hidden from the client unless `intern=False`)."""
    if not (tekst or "").strip():
        raise ValidationError({"tekst": _("Een notitie mag niet leeg zijn.")})
    return tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.NOTITIE,
        tekst=tekst.strip(),
        door=door,
        intern=intern,
    )


@transaction.atomic(durable=True)
def telefoonnotitie_maak(
    *, dossier: Dossier, tekst: str, door: User, gesprek_met: str = "", intern: bool = True
) -> TijdlijnGebeurtenis:
    """A note of a phone call (with whom, what was said) on the timeline."""
    if not (tekst or "").strip():
        raise ValidationError({"tekst": _("Beschrijf wat er besproken is.")})
    kop = _("Telefoongesprek met %(met)s: ") % {"met": gesprek_met.strip()} if gesprek_met.strip() else ""
    return tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.TELEFOON,
        tekst=f"{kop}{tekst.strip()}",
        door=door,
        intern=intern,
    )


@transaction.atomic
def bericht_stuur(*, dossier: Dossier, afzender: User, tekst: str, van_client: bool) -> Bericht:
    """A message between client and case manager; also on the timeline (visible to the client).

    A message from the case manager is announced to the client by e-mail (without its content: the
    portal is the safe place to read it).
    """
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": _("Een bericht mag niet leeg zijn.")})
    bericht = Bericht.objects.create(dossier=dossier, afzender=afzender, tekst=tekst, van_client=van_client)
    kop = _("Bericht van de cliënt") if van_client else _("Bericht van de casemanager")
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.BERICHT,
        tekst=f"{kop}: {tekst}",
        door=afzender,
        sleutel=f"bericht:{bericht.pk}",
    )
    if not van_client and dossier.client.email:
        onderwerp = _("Nieuw bericht over dossier %(nummer)s") % {"nummer": dossier.nummer}
        inhoud = _(
            "Uw casemanager heeft u een bericht gestuurd over dossier %(nummer)s. "
            "Log in op het portaal om het te lezen."
        ) % {"nummer": dossier.nummer}
        ontvanger = dossier.client.email
        transaction.on_commit(
            lambda: send_mail(onderwerp, inhoud, settings.DEFAULT_FROM_EMAIL, [ontvanger], fail_silently=True)
        )
    return bericht


def berichten_gelezen_markeer(*, dossier: Dossier, door: User) -> int:
    """Mark the client's unread messages on a dossier as read by staff; returns how many."""
    return Bericht.objects.filter(dossier=dossier, van_client=True, gelezen_op__isnull=True).update(
        gelezen_op=timezone.now()
    )


@transaction.atomic(durable=True)
def taak_rond_af(*, taak: Taak, door: User) -> Taak:
    """Mark a task done (compare-and-set: a task is finished once)."""
    nu = timezone.now()
    if Taak.objects.filter(pk=taak.pk, afgerond_op__isnull=True).update(afgerond_op=nu) == 1:
        tijdlijn_voeg_toe(
            dossier=taak.dossier,
            soort=TijdlijnGebeurtenis.Soort.TAAK,
            tekst=_("Taak afgerond: %(omschrijving)s") % {"omschrijving": taak.omschrijving},
            door=door,
            intern=True,
            sleutel=f"taak:{taak.pk}:afgerond",
        )
    taak.refresh_from_db()
    return taak


@transaction.atomic
def volgende_actie_wijzig(*, dossier: Dossier, actie: str, datum: date, door: User) -> Dossier:
    """A case manager changes the next action; recorded on the (internal) timeline."""
    fouten = {}
    if not (actie or "").strip():
        fouten["actie"] = [_("Beschrijf de volgende actie.")]
    if datum is None:
        fouten["datum"] = [_("Vul een uiterste datum in.")]
    elif datum < timezone.localdate():
        fouten["datum"] = [_("De uiterste datum mag niet in het verleden liggen.")]
    if not dossier.is_open:
        fouten["actie"] = [_("Een gesloten dossier heeft geen volgende actie.")]
    if fouten:
        raise ValidationError(fouten)
    volgende_actie_zet(dossier=dossier, actie=actie.strip(), datum=datum, door=door)
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.NOTITIE,
        tekst=_("Volgende actie: %(actie)s (uiterlijk %(datum)s)")
        % {"actie": actie.strip(), "datum": datum.strftime("%d-%m-%Y")},
        door=door,
        intern=True,
    )
    return dossier


def dossier_inzage_log(*, dossier: Dossier, gebruiker: User, pagina: str) -> DossierInzage:
    """Privacy audit: a staff member opened (a page of) a dossier."""
    return DossierInzage.objects.create(dossier=dossier, gebruiker=gebruiker, pagina=pagina[:100])
