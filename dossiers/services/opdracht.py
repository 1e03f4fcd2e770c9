"""Orders: the payment reference of a new dossier, checking an order field by field, registering it (portal or
phone) as a dossier in intake."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from simple_history.utils import bulk_create_with_history
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from accounts.models import User
from tarieven.selectors import kalender

from ..models import (
    Client,
    Debiteur,
    Document,
    Dossier,
    EenmaligeVordering,
    Opdracht,
    StatusOvergang,
    TijdlijnGebeurtenis,
    Titel,
    Verplichting,
)
from ..selectors import opdracht_waarschuwingen
from .tijdlijn import tijdlijn_voeg_toe

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
    # with their first history record (who entered which amount), which a plain bulk_create would skip
    bulk_create_with_history(
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
        ],
        Verplichting,
        default_user=ingevoerd_door,
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
        door=ingevoerd_door,
        op=ontvangen_op,
        sleutel="opdracht",
    )
    if titel_document is not None:
        tijdlijn_voeg_toe(
            dossier=dossier,
            soort=TijdlijnGebeurtenis.Soort.DOCUMENT,
            tekst=_("Titel geüpload: %(naam)s") % {"naam": titel_document.naam},
            door=ingevoerd_door,
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
