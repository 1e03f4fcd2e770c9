"""Writes on dossiers. Keyword-only, typed, atomic; side effects via transaction.on_commit."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from accounts.models import User
from tarieven.selectors import kalender

from . import statemachine
from .models import (
    Bericht,
    Client,
    Debiteur,
    Document,
    Dossier,
    DossierInzage,
    EenmaligeVordering,
    Opdracht,
    StatusOvergang,
    Taak,
    TijdlijnGebeurtenis,
    Titel,
    Verplichting,
)


@transaction.atomic
def tijdlijn_voeg_toe(
    *,
    dossier: Dossier,
    soort: str,
    tekst: str,
    actor: User | None = None,
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
                actor=actor,
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
def volgende_actie_zet(*, dossier: Dossier, actie: str, datum: date, actor: User | None = None) -> Dossier:
    """Every open dossier has a next action with a due date (also enforced by a database constraint)."""
    if not actie.strip():
        raise ValueError("Een volgende actie mag niet leeg zijn.")
    Dossier.objects.filter(pk=dossier.pk).update(volgende_actie=actie, volgende_actie_datum=datum)
    dossier.volgende_actie, dossier.volgende_actie_datum = actie, datum
    return dossier


@transaction.atomic
def dossier_wettelijke_rente_zet(*, dossier: Dossier, vorderen: bool, actor: User | None = None) -> Dossier:
    """Claim statutory interest (art. 6:119 BW) on the dossier, or stop claiming it: only at the client's
    request (DOMAIN). Receipts allocated before stay as they were allocated (corrections go by undoing a
    match); from now on a receipt pays open interest before the termijnen (art. 6:44 BW)."""
    gewijzigd = (
        Dossier.objects.filter(pk=dossier.pk)
        .exclude(wettelijke_rente=vorderen)
        .update(wettelijke_rente=vorderen)
    )
    dossier.wettelijke_rente = vorderen
    if gewijzigd:
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.NOTITIE,
            tekst=(
                "Op verzoek van de cliënt wordt voortaan wettelijke rente gevorderd."
                if vorderen
                else "Op verzoek van de cliënt wordt geen wettelijke rente meer gevorderd."
            ),
            actor=actor,
            intern=True,
        )
    return dossier


# --- Orders ------------------------------------------------------------------------------------------------

VOLGENDE_ACTIE_BEOORDELEN = "Opdracht beoordelen"


def betaalkenmerk_maak(*, volgnummer: int) -> str:
    """ISO 11649 creditor reference for a dossier: ``RF`` + 2 check digits + the sequence number.

    The check digits make the ISO 7064 mod 97-10 of ``<reference>RF<check>`` equal to 1, so any single
    typo in the reference the debtor types is rejected by `betaalkenmerk_controleer`.
    """
    if volgnummer < 0:
        raise ValueError("Het volgnummer van een betalingskenmerk mag niet negatief zijn.")
    referentie = str(volgnummer)
    controle = mod_97_10.calc_check_digits(referentie + "RF")
    kenmerk = f"RF{controle}{referentie}"
    iso11649.validate(kenmerk)
    return kenmerk


_EIGEN_KENMERK = re.compile(r"RF\d{2}\d{1,21}")


def betaalkenmerk_controleer(kenmerk: str) -> bool:
    """True when `kenmerk` is one of our ISO 11649 references (spaces and lower case allowed).

    Our references are numeric after ``RF``; requiring that as well as the mod 97 check means every
    single-character typo is rejected (a digit for a digit is caught by mod 97-10, anything else by the
    format).
    """
    compact = iso11649.compact(kenmerk or "")
    return bool(_EIGEN_KENMERK.fullmatch(compact)) and iso11649.is_valid(compact)


def _nummer_volgende(jaar: int) -> tuple[str, int]:
    """The next free dossier number of a year ("2026-000123") and its payment-reference sequence number."""
    prefix = f"{jaar}-"
    laatste = (
        Dossier.objects.filter(nummer__startswith=prefix).order_by("-nummer").values_list("nummer", flat=True)
    ).first()
    volgend = int(laatste.split("-", 1)[1]) + 1 if laatste else 1
    return f"{jaar}-{volgend:06d}", int(f"{jaar}{volgend:06d}")


def _fouten_van(exc: ValidationError, prefix: str) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            f"{prefix}{veld}": [str(m) for e in lijst for m in e.messages]
            for veld, lijst in exc.error_dict.items()
        }
    return {prefix.rstrip("."): list(exc.messages)}


def _decimaal(waarde) -> Decimal | None:
    if waarde in (None, ""):
        return None
    try:
        return Decimal(str(waarde).replace(",", ".")) if not isinstance(waarde, Decimal) else waarde
    except InvalidOperation:
        return None


def opdracht_valideer(
    *,
    debiteur: dict,
    titel: dict,
    verplichtingen: list[dict],
    eenmalig: list[dict],
    ontvangen_op: datetime,
    voorwaarden_versie: str,
) -> dict[str, list[str]]:
    """All problems of an order, keyed per field: ``debiteur.naam``, ``titel.datum``,
    ``verplichtingen.0.bedrag``, ``eenmalig.1.omschrijving``, ``verplichtingen`` (none at all), …

    Dutch messages. An empty dict means the order can be registered. Old claims (> 5 years) are not an
    error but a warning: see `dossiers.selectors.opdracht_waarschuwingen`.
    """
    fouten: dict[str, list[str]] = {}
    ontvangen = timezone.localdate(ontvangen_op) if timezone.is_aware(ontvangen_op) else ontvangen_op.date()

    def fout(veld: str, tekst: str) -> None:
        fouten.setdefault(veld, []).append(str(tekst))

    # Debtor
    deb_velden = {f.name for f in Debiteur._meta.get_fields()}
    onbekend = set(debiteur) - deb_velden
    if onbekend:
        fout("debiteur", _("Onbekende gegevens: %(v)s.") % {"v": ", ".join(sorted(onbekend))})
    naam = (debiteur.get("naam") or "").strip()
    if not naam:
        fout("debiteur.naam", _("Vul de naam van de debiteur in."))
    gebdat = debiteur.get("geboortedatum")
    if gebdat and gebdat >= ontvangen:
        fout("debiteur.geboortedatum", _("De geboortedatum moet in het verleden liggen."))
    land = (debiteur.get("land") or "NL").upper()
    if len(land) != 2 or not land.isalpha():
        fout("debiteur.land", _("Kies een land (tweeletterige landcode, bijvoorbeeld NL of BE)."))
    if not debiteur.get("adres_onbekend"):
        if not (debiteur.get("straat") or "").strip():
            fout("debiteur.straat", _("Vul straat en huisnummer in, of geef aan dat het adres onbekend is."))
        if not (debiteur.get("woonplaats") or "").strip():
            fout("debiteur.woonplaats", _("Vul de woonplaats in, of geef aan dat het adres onbekend is."))
    iban = (debiteur.get("iban") or "").replace(" ", "").upper()
    if iban:
        try:
            IBAN(iban)
        except Exception:  # schwifty raises several exception types for invalid input
            fout("debiteur.iban", _("Dit IBAN klopt niet. Controleer het nummer."))
    email = debiteur.get("email") or ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            fout("debiteur.email", _("Vul een geldig e-mailadres in."))

    # Title
    soort = titel.get("soort") or ""
    if soort not in Titel.Soort.values:
        fout("titel.soort", _("Kies de soort titel (of 'geen titel')."))
    elif soort != Titel.Soort.GEEN:
        if not titel.get("datum"):
            fout("titel.datum", _("Vul de datum van de beschikking, het vonnis of de akte in."))
        elif titel["datum"] > ontvangen:
            fout("titel.datum", _("De datum van de titel kan niet in de toekomst liggen."))
        if not (titel.get("instantie") or "").strip():
            fout("titel.instantie", _("Vul de rechtbank of notaris in."))

    # Obligations
    if not verplichtingen and not eenmalig:
        fout("verplichtingen", _("Geef ten minste één alimentatieverplichting of eenmalige vordering op."))
    verplichting_velden = {f.name for f in Verplichting._meta.get_fields()} - {"id", "dossier", "titel"}
    for i, v in enumerate(verplichtingen):
        p = f"verplichtingen.{i}."
        if set(v) - verplichting_velden:
            fout(
                p.rstrip("."),
                _("Onbekende gegevens: %(v)s.") % {"v": ", ".join(sorted(set(v) - verplichting_velden))},
            )
        vsoort = v.get("soort")
        if vsoort not in Verplichting.Soort.values:
            fout(p + "soort", _("Kies kinderalimentatie of partneralimentatie."))
        if vsoort == Verplichting.Soort.KINDERALIMENTATIE:
            if not (v.get("kind_naam") or "").strip():
                fout(p + "kind_naam", _("Vul de naam van het kind in."))
            if not v.get("kind_geboortedatum"):
                fout(p + "kind_geboortedatum", _("Vul de geboortedatum van het kind in."))
            elif v["kind_geboortedatum"] > ontvangen:
                fout(
                    p + "kind_geboortedatum", _("De geboortedatum van het kind moet in het verleden liggen.")
                )
        bedrag = _decimaal(v.get("bedrag"))
        if bedrag is None:
            fout(p + "bedrag", _("Vul het bedrag per maand in, bijvoorbeeld 325,50."))
        elif bedrag <= 0:
            fout(p + "bedrag", _("Het bedrag moet groter zijn dan € 0,00."))
        elif bedrag.as_tuple().exponent < -2:
            fout(p + "bedrag", _("Gebruik ten hoogste twee cijfers achter de komma."))
        elif bedrag >= Decimal("1000000"):
            fout(p + "bedrag", _("Dit bedrag is onwaarschijnlijk hoog; controleer het."))
        vervaldag = v.get("vervaldag", 1)
        if not isinstance(vervaldag, int) or not 1 <= vervaldag <= 28:
            fout(p + "vervaldag", _("De vervaldag is een dag van 1 tot en met 28."))
        if not v.get("vastgesteld_op"):
            fout(p + "vastgesteld_op", _("Vul in wanneer het bedrag is vastgesteld."))
        elif v["vastgesteld_op"] > ontvangen:
            fout(p + "vastgesteld_op", _("De datum van vaststelling kan niet in de toekomst liggen."))
        ingang = v.get("ingangsdatum")
        if not ingang:
            fout(p + "ingangsdatum", _("Vul de ingangsdatum in."))
        eind = v.get("einddatum")
        if ingang and eind and eind < ingang:
            fout(p + "einddatum", _("De einddatum ligt vóór de ingangsdatum."))
    for i, e in enumerate(eenmalig):
        p = f"eenmalig.{i}."
        if set(e) - {"datum", "bedrag", "omschrijving"}:
            fout(
                p.rstrip("."),
                _("Onbekende gegevens: %(v)s.")
                % {"v": ", ".join(sorted(set(e) - {"datum", "bedrag", "omschrijving"}))},
            )
        if not e.get("datum"):
            fout(p + "datum", _("Vul de datum in."))
        elif e["datum"] > ontvangen:
            fout(p + "datum", _("De datum kan niet in de toekomst liggen."))
        bedrag = _decimaal(e.get("bedrag"))
        if bedrag is None or bedrag <= 0:
            fout(p + "bedrag", _("Vul een bedrag groter dan € 0,00 in."))
        elif bedrag.as_tuple().exponent < -2:
            fout(p + "bedrag", _("Gebruik ten hoogste twee cijfers achter de komma."))
        if not (e.get("omschrijving") or "").strip():
            fout(p + "omschrijving", _("Beschrijf waar het bedrag voor is, bijvoorbeeld schoolkosten."))

    if not (voorwaarden_versie or "").strip():
        fout("voorwaarden", _("De cliënt moet de voorwaarden accepteren."))
    return fouten


@transaction.atomic
def opdracht_registreer(
    *,
    client: Client,
    debiteur: dict,
    titel: dict,
    verplichtingen: list[dict],
    eenmalig: list[dict],
    ontvangen_op: datetime,
    kanaal: str,
    ingevoerd_door: User | None,
    voorwaarden_versie: str,
    brieven_per_email: bool = True,
    toelichting: str = "",
    titel_document: Document | None = None,
) -> Dossier:
    """Register a client's order as a new dossier in state intake.

    Creates debtor, dossier (unique number + ISO 11649 payment reference), order, title, obligations and
    one-off claims; attaches the uploaded title scan; records "opdracht" on the timeline and sets the next
    action "Opdracht beoordelen" due 1 working day after receipt (an order not accepted by then is urgent,
    because the first reminder must go out within 2 working days).

    Raises ValidationError({field: [messages]}) (keys as in `opdracht_valideer`). Claims older than 5 years
    are no error: the warnings are on the returned dossier as ``dossier.waarschuwingen`` (also available
    beforehand from `dossiers.selectors.opdracht_waarschuwingen`).
    """
    from .selectors import opdracht_waarschuwingen

    if kanaal not in Opdracht.Kanaal.values:
        raise ValidationError({"kanaal": _("Onbekend kanaal.")})
    fouten = opdracht_valideer(
        debiteur=debiteur,
        titel=titel,
        verplichtingen=verplichtingen,
        eenmalig=eenmalig,
        ontvangen_op=ontvangen_op,
        voorwaarden_versie=voorwaarden_versie,
    )
    if titel_document is not None and titel_document.dossier_id is not None:
        fouten.setdefault("titel.scan", []).append(_("Dit document hoort al bij een ander dossier."))
    if fouten:
        raise ValidationError(fouten)

    deb = Debiteur(**{**debiteur, "land": (debiteur.get("land") or "NL").upper()})
    if deb.iban:
        deb.iban = deb.iban.replace(" ", "").upper()
    deb.save()

    jaar = timezone.localdate(ontvangen_op).year if timezone.is_aware(ontvangen_op) else ontvangen_op.year
    ontvangen = timezone.localdate(ontvangen_op) if timezone.is_aware(ontvangen_op) else ontvangen_op.date()
    beoordelen_voor = kalender().werkdagen_na(ontvangen, 1)
    dossier = None
    for _poging in range(5):
        nummer, volgnummer = _nummer_volgende(jaar)
        try:
            with transaction.atomic():
                dossier = Dossier.objects.create(
                    nummer=nummer,
                    betaalkenmerk=betaalkenmerk_maak(volgnummer=volgnummer),
                    client=client,
                    debiteur=deb,
                    status=Dossier.Status.INTAKE,
                    volgende_actie=VOLGENDE_ACTIE_BEOORDELEN,
                    volgende_actie_datum=beoordelen_voor,
                )
            break
        except IntegrityError:  # a concurrent order took the same number: take the next one
            continue
    if dossier is None:
        raise IntegrityError("Geen vrij dossiernummer gevonden.")

    Opdracht.objects.create(
        dossier=dossier,
        ontvangen_op=ontvangen_op,
        kanaal=kanaal,
        ingevoerd_door=ingevoerd_door,
        voorwaarden_versie=voorwaarden_versie,
        voorwaarden_geaccepteerd_op=ontvangen_op,
        brieven_per_email=brieven_per_email,
        toelichting=toelichting,
    )
    StatusOvergang.objects.create(dossier=dossier, van="", naar=Dossier.Status.INTAKE, door=ingevoerd_door)

    if titel_document is not None:
        Document.objects.filter(pk=titel_document.pk).update(dossier=dossier)
        titel_document.dossier = dossier
    t = Titel.objects.create(
        dossier=dossier,
        soort=titel["soort"],
        datum=titel.get("datum"),
        instantie=titel.get("instantie", ""),
        zaaknummer=titel.get("zaaknummer", ""),
        indexering_uitgesloten=bool(titel.get("indexering_uitgesloten", False)),
        scan=titel_document,
    )
    Verplichting.objects.bulk_create(
        [
            Verplichting(
                dossier=dossier,
                titel=t,
                **{
                    **v,
                    "bedrag": _decimaal(v["bedrag"]),
                    "indexeren": bool(v.get("indexeren", True)) and not t.indexering_uitgesloten,
                },
            )
            for v in verplichtingen
        ]
    )
    EenmaligeVordering.objects.bulk_create(
        [
            EenmaligeVordering(
                dossier=dossier,
                datum=e["datum"],
                bedrag=_decimaal(e["bedrag"]),
                omschrijving=e["omschrijving"],
            )
            for e in eenmalig
        ]
    )
    via = _("via het portaal") if kanaal == Opdracht.Kanaal.PORTAAL else _("telefonisch")
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.OPDRACHT,
        tekst=_("Opdracht ontvangen %(via)s op %(op)s.")
        % {"via": via, "op": timezone.localtime(ontvangen_op).strftime("%d-%m-%Y %H:%M")},
        actor=ingevoerd_door,
        op=ontvangen_op,
        sleutel="opdracht",
    )
    if titel_document is not None:
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.DOCUMENT,
            tekst=_("Titel geüpload: %(naam)s") % {"naam": titel_document.naam},
            actor=ingevoerd_door,
            document=titel_document,
            op=ontvangen_op,
            sleutel=f"document:{titel_document.pk}",
        )
    waarschuwingen = opdracht_waarschuwingen(
        verplichtingen=verplichtingen, eenmalig=eenmalig, ontvangen_op=ontvangen_op
    )
    if waarschuwingen:
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.NOTITIE,
            tekst=" ".join(waarschuwingen),
            intern=True,
            op=ontvangen_op,
            sleutel="opdracht:waarschuwing",
        )
    dossier.refresh_from_db()
    dossier.waarschuwingen = waarschuwingen
    return dossier


# --- State changes -----------------------------------------------------------------------------------------


def _dossier_vergrendel(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _opgeschort_vanuit(dossier: Dossier) -> str | None:
    return (
        StatusOvergang.objects.filter(dossier=dossier, naar=Dossier.Status.OPGESCHORT)
        .order_by("-op", "-id")
        .values_list("van", flat=True)
        .first()
    )


@transaction.atomic
def dossier_accepteer(*, dossier: Dossier, door: User, casemanager: User | None = None) -> Dossier:
    """Accept an order: intake → actief, assign the case manager.

    The first reminder is not this app's business: ``incasso.services.opdracht_accepteer`` wraps this and
    queues it on commit. The next action is checking that the first reminder went out, due 2 working days after receipt (the
    agency's promise); the reminder task itself may replace it with its own follow-up.
    """
    d = _dossier_vergrendel(dossier)
    try:
        statemachine.controleer_overgang(d.status, Dossier.Status.ACTIEF)
    except statemachine.OvergangNietToegestaan as exc:
        raise ValidationError(str(exc)) from exc
    nu = timezone.now()
    cm = casemanager or d.casemanager or door
    ontvangen = (
        timezone.localdate(d.opdracht.ontvangen_op) if hasattr(d, "opdracht") else timezone.localdate()
    )
    uiterlijk = max(kalender().werkdagen_na(ontvangen, 2), timezone.localdate())
    Dossier.objects.filter(pk=d.pk, status=Dossier.Status.INTAKE).update(
        status=Dossier.Status.ACTIEF,
        casemanager=cm,
        volgende_actie=_("Controleren of de eerste aanmaning is verstuurd"),
        volgende_actie_datum=uiterlijk,
        status_reden="",
    )
    Opdracht.objects.filter(dossier=d).update(beoordeeld_door=door, beoordeeld_op=nu)
    StatusOvergang.objects.create(dossier=d, van=Dossier.Status.INTAKE, naar=Dossier.Status.ACTIEF, door=door)
    tijdlijn_voeg_toe(
        dossier=d,
        soort=TijdlijnGebeurtenis.Soort.ACCEPTATIE,
        tekst=_("Opdracht geaccepteerd. Casemanager: %(cm)s.") % {"cm": cm.get_full_name() or cm.email},
        actor=door,
        op=nu,
        sleutel="acceptatie",
    )
    d.refresh_from_db()
    return d


@transaction.atomic
def dossier_weiger(*, dossier: Dossier, door: User, reden: str) -> Dossier:
    """Refuse an order (intake → geweigerd) with a reason the client sees on the timeline."""
    if not (reden or "").strip():
        raise ValidationError({"reden": _("Geef een reden voor de weigering.")})
    d = _dossier_vergrendel(dossier)
    try:
        statemachine.controleer_overgang(d.status, Dossier.Status.GEWEIGERD)
    except statemachine.OvergangNietToegestaan as exc:
        raise ValidationError(str(exc)) from exc
    nu = timezone.now()
    Dossier.objects.filter(pk=d.pk).update(
        status=Dossier.Status.GEWEIGERD,
        status_reden=reden.strip(),
        volgende_actie="",
        volgende_actie_datum=None,
        gesloten_op=nu,
    )
    Opdracht.objects.filter(dossier=d).update(
        beoordeeld_door=door, beoordeeld_op=nu, weigerreden=reden.strip()
    )
    StatusOvergang.objects.create(
        dossier=d, van=Dossier.Status.INTAKE, naar=Dossier.Status.GEWEIGERD, door=door, reden=reden.strip()
    )
    tijdlijn_voeg_toe(
        dossier=d,
        soort=TijdlijnGebeurtenis.Soort.WEIGERING,
        tekst=_("Opdracht geweigerd: %(reden)s") % {"reden": reden.strip()},
        actor=door,
        op=nu,
        sleutel="weigering",
    )
    d.refresh_from_db()
    return d


# Next action a dossier gets when it enters a state (text, working days from today).
_VOLGENDE_ACTIE_BIJ_STATUS = {
    Dossier.Status.ACTIEF: (_("Volgende stap bepalen"), 5),
    Dossier.Status.REGELING: (_("Betaling van de regeling controleren"), 10),
    Dossier.Status.DEURWAARDER: (_("Voortgang bij de deurwaarder nagaan"), 10),
    Dossier.Status.BESLAG: (_("Afdracht uit beslag controleren"), 20),
}


@transaction.atomic
def dossier_status_wijzig(
    *,
    dossier: Dossier,
    naar: str,
    door: User | None,
    reden: str = "",
    opgeschort_tot: date | None = None,
) -> Dossier:
    """Move a dossier to another state, if the state machine allows it; stores the transition and puts it on
    the timeline. Opgeschort needs a reason and an end date; the next action becomes resuming on that date.
    Accepting and refusing an order have their own services (`dossier_accepteer`, `dossier_weiger`).
    """
    if naar not in Dossier.Status.values:
        raise ValidationError({"naar": _("Onbekende status.")})
    d = _dossier_vergrendel(dossier)
    van = d.status
    if van == Dossier.Status.INTAKE:
        raise ValidationError(_("Een nieuwe opdracht wordt eerst geaccepteerd of geweigerd."))
    vanuit = _opgeschort_vanuit(d) if van == Dossier.Status.OPGESCHORT else None
    try:
        statemachine.controleer_overgang(van, naar, opgeschort_vanuit=vanuit)
    except statemachine.OvergangNietToegestaan as exc:
        raise ValidationError({"naar": str(exc)}) from exc
    reden = (reden or "").strip()
    vandaag = timezone.localdate()
    velden: dict = {"status": naar, "status_reden": reden}
    if naar == Dossier.Status.OPGESCHORT:
        fouten = {}
        if not reden:
            fouten["reden"] = [_("Geef een reden voor het opschorten.")]
        if opgeschort_tot is None:
            fouten["opgeschort_tot"] = [_("Geef aan tot wanneer het dossier is opgeschort.")]
        elif opgeschort_tot <= vandaag:
            fouten["opgeschort_tot"] = [_("De einddatum van de opschorting moet na vandaag liggen.")]
        if fouten:
            raise ValidationError(fouten)
        velden |= {
            "opgeschort_tot": opgeschort_tot,
            "volgende_actie": _("Opschorting loopt af: dossier hervatten"),
            "volgende_actie_datum": opgeschort_tot,
        }
    elif naar in (Dossier.Status.GESLOTEN, Dossier.Status.GEWEIGERD):
        if not reden:
            raise ValidationError({"reden": _("Geef een reden voor het sluiten.")})
        velden |= {"volgende_actie": "", "volgende_actie_datum": None, "gesloten_op": timezone.now()}
    else:
        actie, dagen = _VOLGENDE_ACTIE_BIJ_STATUS[naar]
        velden |= {
            "opgeschort_tot": None,
            "volgende_actie": actie,
            "volgende_actie_datum": kalender().werkdagen_na(vandaag, dagen),
        }
    gewijzigd = Dossier.objects.filter(pk=d.pk, status=van).update(**velden)
    if gewijzigd != 1:  # pragma: no cover - the row is locked, so this means a bug
        raise ValidationError(_("De status is intussen gewijzigd; probeer het opnieuw."))
    overgang = StatusOvergang.objects.create(dossier=d, van=van, naar=naar, door=door, reden=reden)
    tijdlijn_voeg_toe(
        dossier=d,
        soort=TijdlijnGebeurtenis.Soort.STATUS,
        tekst=status_tijdlijn_tekst(van=van, naar=naar, reden=reden, opgeschort_tot=opgeschort_tot),
        actor=door,
        sleutel=f"status:{overgang.pk}",
    )
    d.refresh_from_db()
    return d


def status_tijdlijn_tekst(*, van: str, naar: str, reden: str = "", opgeschort_tot: date | None = None) -> str:
    """The timeline text of a status change (also written by bulk paths, e.g. the arrangement check)."""
    tekst = _("Status gewijzigd van %(van)s naar %(naar)s.") % {
        "van": Dossier.Status(van).label,
        "naar": Dossier.Status(naar).label,
    }
    if naar == Dossier.Status.OPGESCHORT and opgeschort_tot is not None:
        tekst += " " + _("Opgeschort tot %(tot)s.") % {"tot": opgeschort_tot.strftime("%d-%m-%Y")}
    if reden:
        tekst += " " + _("Reden: %(reden)s") % {"reden": reden}
    return tekst


def taak_tijdlijn_tekst(*, omschrijving: str, deadline: date) -> str:
    """The timeline text of a new task (also written by bulk paths)."""
    return f"Taak: {omschrijving} (uiterlijk {deadline:%d-%m-%Y})"


# --- Notes, messages, tasks, audit -------------------------------------------------------------------------


@transaction.atomic
def notitie_maak(*, dossier: Dossier, tekst: str, door: User, intern: bool = True) -> TijdlijnGebeurtenis:
    """An internal note on the timeline (hidden from the client unless `intern=False`)."""
    if not (tekst or "").strip():
        raise ValidationError({"tekst": _("Een notitie mag niet leeg zijn.")})
    return tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.NOTITIE,
        tekst=tekst.strip(),
        actor=door,
        intern=intern,
    )


@transaction.atomic
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
        actor=door,
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
        actor=afzender,
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


@transaction.atomic
def taak_afronden(*, taak: Taak, door: User) -> Taak:
    """Mark a task done (compare-and-set: a task is finished once)."""
    nu = timezone.now()
    if Taak.objects.filter(pk=taak.pk, afgerond_op__isnull=True).update(afgerond_op=nu) == 1:
        tijdlijn_voeg_toe(
            dossier=taak.dossier,
            soort=TijdlijnGebeurtenis.Soort.TAAK,
            tekst=_("Taak afgerond: %(omschrijving)s") % {"omschrijving": taak.omschrijving},
            actor=door,
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
    volgende_actie_zet(dossier=dossier, actie=actie.strip(), datum=datum, actor=door)
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.NOTITIE,
        tekst=_("Volgende actie: %(actie)s (uiterlijk %(datum)s)")
        % {"actie": actie.strip(), "datum": datum.strftime("%d-%m-%Y")},
        actor=door,
        intern=True,
    )
    return dossier


def dossier_inzage_log(*, dossier: Dossier, gebruiker: User, pagina: str) -> DossierInzage:
    """Privacy audit: a staff member opened (a page of) a dossier."""
    return DossierInzage.objects.create(dossier=dossier, gebruiker=gebruiker, pagina=pagina[:100])


@transaction.atomic
def client_maak(
    *,
    naam: str,
    email: str = "",
    telefoon: str = "",
    straat: str = "",
    postcode: str = "",
    woonplaats: str = "",
    land: str = "NL",
    uitbetaal_iban: str = "",
    uitbetaal_tenaamstelling: str = "",
    user: User | None = None,
) -> Client:
    """A client record (e.g. for an order taken by phone). The payout IBAN is checked with schwifty."""
    fouten: dict[str, list[str]] = {}
    if not naam.strip():
        fouten["naam"] = [_("Vul de naam van de cliënt in.")]
    iban = (uitbetaal_iban or "").replace(" ", "").upper()
    if iban:
        try:
            IBAN(iban)
        except Exception:  # schwifty raises several exception types
            fouten["uitbetaal_iban"] = [_("Dit IBAN klopt niet. Controleer het nummer.")]
        if not uitbetaal_tenaamstelling.strip():
            fouten["uitbetaal_tenaamstelling"] = [_("Vul de tenaamstelling van de rekening in.")]
    if fouten:
        raise ValidationError(fouten)
    return Client.objects.create(
        naam=naam.strip(),
        email=email,
        telefoon=telefoon,
        straat=straat,
        postcode=postcode,
        woonplaats=woonplaats,
        land=(land or "NL").upper(),
        uitbetaal_iban=iban,
        uitbetaal_tenaamstelling=uitbetaal_tenaamstelling.strip(),
        user=user,
    )
