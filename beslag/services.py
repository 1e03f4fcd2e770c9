"""Writes on the bailiff track: instructing a bailiff, recording steps with their statutory deadlines and
tariffs, laying a garnishment (with its beslagvrije voet), concurrent garnishments, visits and the money the
bailiff passes on.

Every refusal is a ``django.core.exceptions.ValidationError`` with a Dutch message per field, so forms show it
beside the input and the API returns it as a 400.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, Stuiting, TijdlijnGebeurtenis
from dossiers.services import taak_maak, tijdlijn_voeg_toe, volgende_actie_zet
from recht import beslag_termijnen as recht_termijnen
from recht.bvv import BvvInvoer, BvvUitkomst, bvv_bereken
from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, euro, rond_af
from recht.proportionaliteit import Proportionaliteit, proportionaliteit_toets
from tarieven.selectors import kalender

from . import koppelingen, selectors
from .models import (
    Beslag,
    BeslagOntvangst,
    BeslagStap,
    Derde,
    DeurwaarderOpdracht,
    Deurwaarderskantoor,
    Samenloop,
)

# The bailiff confirms the instruction within 5 working days; without an answer a reminder (rappel) goes out
# and the answer is due 5 working days later. A service standard of the agency, not a statutory term.
ANTWOORD_WERKDAGEN = 5
# A month's garnished amount is expected from the bailiff by the 14th day after the month ends.
ONTVANGST_MARGE_DAGEN = 14

BESLAG_TOESTEMMING = {
    Beslag.Soort.LOON: "loonbeslag",
    Beslag.Soort.BANK: "bankbeslag",
    Beslag.Soort.ROEREND: "beslag_roerende_zaken",
}
BESLAG_STAP = {
    Beslag.Soort.LOON: BeslagStap.Soort.LOONBESLAG,
    Beslag.Soort.BANK: BeslagStap.Soort.BANKBESLAG,
    Beslag.Soort.ROEREND: BeslagStap.Soort.BESLAG_ROERENDE_ZAKEN,
}
DERDE_SOORTEN = {
    Beslag.Soort.LOON: {Derde.Soort.WERKGEVER, Derde.Soort.UWV, Derde.Soort.SVB, Derde.Soort.GEMEENTE},
    Beslag.Soort.BANK: {Derde.Soort.BANK},
}
# Steps that are a daad van tenuitvoerlegging and therefore interrupt limitation (art. 3:325 BW).
STUITENDE_STAPPEN = {
    BeslagStap.Soort.BETEKENING_TITEL,
    BeslagStap.Soort.LOONBESLAG,
    BeslagStap.Soort.BANKBESLAG,
    BeslagStap.Soort.BESLAG_ROERENDE_ZAKEN,
}


def _fout(veld: str, bericht: str) -> ValidationError:
    return ValidationError({veld: [bericht]})


def _vergrendel(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def buitenland_reden(dossier: Dossier) -> str | None:
    """Why domestic steps do not apply to this dossier, or None."""
    if dossier.debiteur.woont_in_buitenland:
        return (
            f"De debiteur woont in het buitenland ({dossier.debiteur.land}). Een Nederlandse deurwaarder kan daar "
            "niet betekenen of beslag leggen; de titel moet in dat land worden erkend en ten uitvoer gelegd "
            "(bijvoorbeeld via de Alimentatieverordening (EG) 4/2009 en het LBIO)."
        )
    return None


def _controleer_tenuitvoerlegging(dossier: Dossier, *, toestemming: str) -> None:
    """The common refusals: a closed dossier, a debtor abroad, no executoriale titel, no consent, a block."""
    if not dossier.is_open:
        raise _fout("dossier", "Het dossier is gesloten.")
    reden = buitenland_reden(dossier)
    if reden:
        raise _fout("dossier", reden)
    if not any(t.is_executoriaal for t in dossier.titels.all()):
        raise _fout(
            "dossier",
            "Er is geen executoriale titel: zonder titel kan alleen minnelijk worden geïnd en is beslag niet mogelijk.",
        )
    if not koppelingen.toestemming_gegeven(dossier=dossier, soort=toestemming):
        raise _fout(
            "dossier",
            f"De cliënt heeft (nog) geen toestemming gegeven voor: {toestemming.replace('_', ' ')}.",
        )
    blokkade = koppelingen.garnering_blokkade(dossier=dossier)
    if blokkade:
        raise _fout("dossier", blokkade)


@transaction.atomic
def deurwaarder_instrueer(
    *, dossier: Dossier, kantoor: Deurwaarderskantoor, door, datum: date | None = None
) -> DeurwaarderOpdracht:
    """Instruct a bailiff (after the client's consent to a formal order); the letter goes out by e-mail."""
    dossier = _vergrendel(dossier)
    _controleer_tenuitvoerlegging(dossier, toestemming="formeel_bevel")
    if DeurwaarderOpdracht.objects.filter(dossier=dossier, status__in=DeurwaarderOpdracht.OPEN).exists():
        raise _fout("kantoor", "Dit dossier heeft al een lopende deurwaarderopdracht.")
    if not kantoor.actief:
        raise _fout("kantoor", "Dit deurwaarderskantoor is niet actief.")
    datum = datum or timezone.localdate()
    uiterlijk = kalender().werkdagen_na(datum, ANTWOORD_WERKDAGEN)
    opdracht = DeurwaarderOpdracht.objects.create(
        dossier=dossier,
        kantoor=kantoor,
        geinstrueerd_op=datum,
        geinstrueerd_door=door,
        antwoord_uiterlijk=uiterlijk,
        rappel_op=uiterlijk,
    )
    koppelingen.dossier_status_wijzig(
        dossier=dossier,
        naar=Dossier.Status.DEURWAARDER,
        door=door,
        reden=f"Deurwaarder {kantoor.naam} ingeschakeld",
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        actor=door,
        tekst=f"Deurwaarder {kantoor.naam} opdracht gegeven; antwoord uiterlijk {uiterlijk:%d-%m-%Y}.",
        sleutel=f"beslag:opdracht:{opdracht.pk}",
    )
    _volgende_actie_bijwerken(dossier, door)

    from .tasks import deurwaarder_brief_verstuur

    transaction.on_commit(lambda: deurwaarder_brief_verstuur.delay(opdracht.pk))
    return opdracht


@transaction.atomic
def opdracht_beantwoord(*, opdracht: DeurwaarderOpdracht, datum: date, door) -> DeurwaarderOpdracht:
    """The bailiff confirmed the instruction: no reminder is needed any more."""
    if datum > timezone.localdate() or datum < opdracht.geinstrueerd_op:
        raise _fout("datum", "De bevestiging ligt tussen de opdrachtdatum en vandaag.")
    if DeurwaarderOpdracht.objects.filter(pk=opdracht.pk, status=DeurwaarderOpdracht.Status.VERZONDEN).update(
        status=DeurwaarderOpdracht.Status.BEANTWOORD, beantwoord_op=datum
    ):
        tijdlijn_voeg_toe(
            dossier=opdracht.dossier,
            soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
            actor=door,
            tekst=f"Deurwaarder {opdracht.kantoor.naam} bevestigde de opdracht op {datum:%d-%m-%Y}.",
            sleutel=f"beslag:bevestigd:{opdracht.pk}",
        )
    opdracht.refresh_from_db()
    _volgende_actie_bijwerken(opdracht.dossier, door)
    return opdracht


def _termijn_na(stap: BeslagStap, beslag: Beslag | None) -> tuple[str, date | None]:
    """The statutory deadline that follows a step: (description, last day)."""
    t = recht_termijnen
    if stap.soort == BeslagStap.Soort.BETEKENING_TITEL:
        soort = t.Termijnsoort.BEVEL
        vanaf = stap.datum
    elif stap.soort in (BeslagStap.Soort.LOONBESLAG, BeslagStap.Soort.BANKBESLAG):
        soort = t.Termijnsoort.OVERBETEKENING
        vanaf = stap.datum
    elif stap.soort == BeslagStap.Soort.OVERBETEKENING:
        soort = t.Termijnsoort.DERDENVERKLARING
        vanaf = beslag.datum if beslag is not None else stap.datum
    elif stap.soort == BeslagStap.Soort.BEZOEK and stap.gepland_op is not None:
        return ("bezoek van de deurwaarder", timezone.localtime(stap.gepland_op).date())
    else:
        return ("", None)
    regel = t.TERMIJNEN[soort]
    return (
        f"{regel.omschrijving} ({regel.artikel})",
        t.uiterste_datum(soort, vanaf, extra=kalender().besluitdagen),
    )


# A step fulfils the open deadline of these earlier steps.
VERVULT = {
    BeslagStap.Soort.LOONBESLAG: {BeslagStap.Soort.BETEKENING_TITEL},
    BeslagStap.Soort.BANKBESLAG: {BeslagStap.Soort.BETEKENING_TITEL},
    BeslagStap.Soort.BESLAG_ROERENDE_ZAKEN: {BeslagStap.Soort.BETEKENING_TITEL},
    BeslagStap.Soort.OVERBETEKENING: {BeslagStap.Soort.LOONBESLAG, BeslagStap.Soort.BANKBESLAG},
    BeslagStap.Soort.DERDENVERKLARING: {BeslagStap.Soort.OVERBETEKENING},
    BeslagStap.Soort.BVV_VASTSTELLING: {BeslagStap.Soort.OVERBETEKENING},
}


@transaction.atomic
def stap_registreer(
    *,
    opdracht: DeurwaarderOpdracht,
    soort: str,
    datum: date,
    kosten_in_rekening: Decimal,
    door,
    beslag: Beslag | None = None,
    omschrijving: str = "",
    gepland_op: datetime | None = None,
) -> BeslagStap:
    """Record a bailiff's step with its costs beside the Btag tariff for its date; book the costs as the
    debtor's costs; its statutory deadline becomes the dossier's next action."""
    dossier = _vergrendel(opdracht.dossier)
    if kosten_in_rekening < 0:
        raise _fout("kosten_in_rekening", "Kosten kunnen niet negatief zijn.")
    if datum > timezone.localdate() and soort != BeslagStap.Soort.BEZOEK:
        raise _fout("datum", "Een stap kan niet in de toekomst liggen.")
    kosten = rond_af(kosten_in_rekening)
    handeling = selectors.STAP_HANDELING.get(soort, "")
    if soort == BeslagStap.Soort.MAANDAFDRACHT and beslag is not None and beslag.samenloop.exists():
        # Btag art. 3(b): collecting and distributing for concurrent garnishments has its own monthly tariff.
        handeling = "inning_samenloop_twee_per_maand"
    tarief = artikel = None
    if handeling:
        try:
            regel = selectors.btag_regel(handeling=handeling, datum=datum)
            tarief, artikel = regel.bedrag, regel.artikel
        except OngeldigeInvoer:
            tarief = None  # no tariff for that year: shown as "onbekend", never guessed
    stap = BeslagStap(
        dossier=dossier,
        opdracht=opdracht,
        beslag=beslag,
        soort=soort,
        datum=datum,
        gepland_op=gepland_op,
        omschrijving=omschrijving,
        kosten_in_rekening=kosten,
        btag_handeling=handeling,
        btag_artikel=artikel or "",
        tarief_btag=tarief,
        geregistreerd_door=door,
    )
    stap.termijn, stap.uiterste_datum = _termijn_na(stap, beslag)
    stap.save()
    if soort in VERVULT:
        BeslagStap.objects.filter(
            dossier=dossier, soort__in=VERVULT[soort], afgerond_op__isnull=True
        ).exclude(pk=stap.pk).update(afgerond_op=timezone.now())
    if stap.uiterste_datum is None:
        stap.afgerond_op = timezone.now()
        stap.save(update_fields=["afgerond_op"])
    if opdracht.status == DeurwaarderOpdracht.Status.VERZONDEN:
        DeurwaarderOpdracht.objects.filter(pk=opdracht.pk).update(
            status=DeurwaarderOpdracht.Status.BEANTWOORD, beantwoord_op=datum
        )
    if kosten > 0:
        koppelingen.kosten_registreer(
            dossier=dossier,
            bedrag=kosten,
            datum=datum,
            omschrijving=f"Deurwaarderskosten: {stap.get_soort_display()} ({opdracht.kantoor.naam})",
            sleutel=f"beslagstap:{stap.pk}",
            actor=door,
        )
    if soort in STUITENDE_STAPPEN:
        Stuiting.objects.get_or_create(
            dossier=dossier,
            bron_sleutel=f"beslagstap:{stap.pk}",
            defaults={
                "datum": datum,
                "soort": Stuiting.Soort.EXECUTIE,
                "omschrijving": stap.get_soort_display(),
            },
        )
    tarieftekst = f"; wettelijk tarief {euro(tarief)}" if tarief is not None else ""
    termijntekst = (
        f"; {stap.termijn}: uiterlijk {stap.uiterste_datum:%d-%m-%Y}" if stap.uiterste_datum else ""
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        actor=door,
        tekst=f"{stap.get_soort_display()} op {datum:%d-%m-%Y}; kosten {euro(kosten)}{tarieftekst}{termijntekst}.",
        sleutel=f"beslag:stap:{stap.pk}",
    )
    _volgende_actie_bijwerken(dossier, door)
    return stap


def _volgende_actie_bijwerken(dossier: Dossier, door) -> None:
    """The earliest open bailiff deadline (or the bailiff's answer) becomes the dossier's next action."""
    stap = (
        BeslagStap.objects.filter(dossier=dossier, afgerond_op__isnull=True, uiterste_datum__isnull=False)
        .order_by("uiterste_datum", "id")
        .first()
    )
    if stap is not None:
        volgende_actie_zet(
            dossier=dossier, actie=f"Deurwaarder: {stap.termijn}"[:200], datum=stap.uiterste_datum, actor=door
        )
        return
    opdracht = (
        DeurwaarderOpdracht.objects.filter(dossier=dossier, status__in=DeurwaarderOpdracht.OPEN)
        .select_related("kantoor")
        .first()
    )
    if opdracht is not None and opdracht.status == DeurwaarderOpdracht.Status.VERZONDEN:
        volgende_actie_zet(
            dossier=dossier,
            actie=f"Antwoord deurwaarder {opdracht.kantoor.naam}"[:200],
            datum=opdracht.antwoord_uiterlijk,
            actor=door,
        )
        return
    afdracht = _eerste_open_afdracht(dossier)
    if afdracht is not None:
        maand, uiterlijk = afdracht
        volgende_actie_zet(
            dossier=dossier, actie=f"Afdracht beslag over {maand:%m-%Y} verwacht", datum=uiterlijk, actor=door
        )
    elif opdracht is not None:
        volgende_actie_zet(
            dossier=dossier,
            actie=f"Voortgang navragen bij deurwaarder {opdracht.kantoor.naam}"[:200],
            datum=kalender().werkdagen_na(timezone.localdate(), 20),
            actor=door,
        )


def _afdracht_uiterlijk(maand: date) -> date:
    return _maand_na(maand) - timedelta(days=1) + timedelta(days=ONTVANGST_MARGE_DAGEN)


def _eerste_open_afdracht(dossier: Dossier) -> tuple[date, date] | None:
    """The first month of an active wage garnishment without a receipt, with the date it is expected by."""
    beste: tuple[date, date] | None = None
    for beslag in Beslag.objects.filter(
        dossier=dossier, status=Beslag.Status.ACTIEF, maandbedrag__gt=0, eerste_maand__isnull=False
    ):
        ontvangen = set(
            BeslagOntvangst.objects.filter(beslag=beslag, ontvangen__gt=0).values_list("maand", flat=True)
        )
        maand = beslag.eerste_maand
        while maand in ontvangen:
            maand = _maand_na(maand)
        kandidaat = (maand, _afdracht_uiterlijk(maand))
        if beste is None or kandidaat[1] < beste[1]:
            beste = kandidaat
    return beste


@transaction.atomic
def bezoek_plan(
    *, opdracht: DeurwaarderOpdracht, gepland_op: datetime, door, omschrijving: str = ""
) -> BeslagStap:
    """Plan a bailiff's visit; refused outside 07:00–20:00 Monday to Saturday (and on holidays)."""
    if timezone.is_naive(gepland_op):
        gepland_op = timezone.make_aware(gepland_op)
    lokaal = timezone.localtime(gepland_op)
    try:
        recht_termijnen.bezoek_toets(lokaal, extra=kalender().besluitdagen)
    except OngeldigeInvoer as fout:
        raise _fout(fout.veld, fout.bericht) from fout
    if lokaal < timezone.localtime():
        raise _fout("gepland_op", "Een bezoek kan niet in het verleden worden gepland.")
    _controleer_tenuitvoerlegging(opdracht.dossier, toestemming="formeel_bevel")
    return stap_registreer(
        opdracht=opdracht,
        soort=BeslagStap.Soort.BEZOEK,
        datum=lokaal.date(),
        gepland_op=gepland_op,
        kosten_in_rekening=NUL,
        door=door,
        omschrijving=omschrijving,
    )


def bvv_uitkomst_json(uitkomst: BvvUitkomst) -> list[dict]:
    return [{**asdict(t), "bedrag": str(t.bedrag)} for t in uitkomst.termen]


def _als_json(waarde):
    if isinstance(waarde, dict):
        return {k: _als_json(v) for k, v in waarde.items()}
    return str(waarde) if isinstance(waarde, Decimal | date) else waarde


def bvv_bereken_met_tabellen(invoer: BvvInvoer) -> tuple[BvvUitkomst, list[str]]:
    """The BVV with the table values in force on the input's date (OngeldigeInvoer on bad input)."""
    tabellen, onbevestigd = selectors.bvv_tabellen(huishouden=invoer.huishouden, datum=invoer.datum)
    return bvv_bereken(invoer, tabellen), onbevestigd


@transaction.atomic
def bvv_vaststel(*, beslag: Beslag, invoer: BvvInvoer, door) -> Beslag:
    """Record the BVV determination (holds 12 months) and the expected monthly amount it leaves."""
    try:
        uitkomst, _ = bvv_bereken_met_tabellen(invoer)
    except OngeldigeInvoer as fout:
        raise _fout(fout.veld, fout.bericht) from fout
    beslag.bvv_bedrag = uitkomst.beslagvrije_voet
    beslag.bvv_geldig_tot = uitkomst.geldig_tot
    beslag.bvv_invoer = _als_json(asdict(invoer))
    beslag.bvv_termen = bvv_uitkomst_json(uitkomst)
    if uitkomst.beslagruimte is not None:
        beslag.maandbedrag = uitkomst.beslagruimte
    beslag.save()
    stap_registreer(
        opdracht=beslag.opdracht,
        soort=BeslagStap.Soort.BVV_VASTSTELLING,
        datum=min(invoer.datum, timezone.localdate()),
        kosten_in_rekening=NUL,
        door=door,
        beslag=beslag,
        # the messages say when the ceiling of lid 1 was used and why, or that a table lacks this half-year's row
        omschrijving=" ".join(
            [
                f"Beslagvrije voet {euro(uitkomst.beslagvrije_voet)}, geldig tot {uitkomst.geldig_tot:%d-%m-%Y}.",
                *uitkomst.meldingen,
            ]
        )[:300],
    )
    return beslag


@transaction.atomic
def beslag_leg(
    *,
    opdracht: DeurwaarderOpdracht,
    soort: str,
    datum: date,
    kosten_in_rekening: Decimal,
    door,
    derde: Derde | None = None,
    bvv: BvvInvoer | None = None,
    eerste_maand: date | None = None,
) -> Beslag:
    """A garnishment laid by the bailiff. Refused without an executoriale titel, without the client's consent
    for this kind, or for a debtor abroad."""
    dossier = _vergrendel(opdracht.dossier)
    if soort not in Beslag.Soort.values:
        raise _fout("soort", "Onbekende soort beslag.")
    _controleer_tenuitvoerlegging(dossier, toestemming=BESLAG_TOESTEMMING[soort])
    if opdracht.status not in DeurwaarderOpdracht.OPEN:
        raise _fout("opdracht", "De deurwaarderopdracht loopt niet meer.")
    toegestaan = DERDE_SOORTEN.get(soort)
    if toegestaan is not None:
        if derde is None:
            raise _fout(
                "derde", "Kies de derde (werkgever, uitkeringsinstantie of bank) onder wie beslag is gelegd."
            )
        if derde.soort not in toegestaan:
            raise _fout(
                "derde",
                f"Bij {Beslag.Soort(soort).label} past geen derde van de soort {derde.get_soort_display()}.",
            )
    beslag = Beslag.objects.create(
        dossier=dossier,
        opdracht=opdracht,
        soort=soort,
        derde=derde,
        datum=datum,
        eerste_maand=(eerste_maand or _maand_na(datum)) if soort == Beslag.Soort.LOON else None,
    )
    stap_registreer(
        opdracht=opdracht,
        soort=BESLAG_STAP[soort],
        datum=datum,
        kosten_in_rekening=kosten_in_rekening,
        door=door,
        beslag=beslag,
        omschrijving=str(derde) if derde else "",
    )
    koppelingen.dossier_status_wijzig(
        dossier=dossier, naar=Dossier.Status.BESLAG, door=door, reden=f"{beslag.get_soort_display()} gelegd"
    )
    if bvv is not None:
        bvv_vaststel(beslag=beslag, invoer=bvv, door=door)
    dossier.refresh_from_db()
    _volgende_actie_bijwerken(dossier, door)
    return beslag


def _maand_na(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


@transaction.atomic
def samenloop_registreer(
    *,
    beslag: Beslag,
    beslaglegger: str,
    deurwaarder: str,
    datum: date,
    door,
    coordinerend_kantoor: Deurwaarderskantoor | None = None,
) -> Samenloop:
    """Another garnishment on the same income; the first garnishing bailiff coordinates (collects and
    distributes)."""
    if not beslaglegger.strip() or not deurwaarder.strip():
        raise _fout("beslaglegger", "Vul de andere beslaglegger en zijn deurwaarder in.")
    regel = Samenloop.objects.create(
        beslag=beslag, beslaglegger=beslaglegger, deurwaarder=deurwaarder, datum=datum
    )
    if coordinerend_kantoor is not None:
        Beslag.objects.filter(pk=beslag.pk).update(coordinerend_kantoor=coordinerend_kantoor)
    tijdlijn_voeg_toe(
        dossier=beslag.dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        actor=door,
        intern=True,
        tekst=f"Samenloop: beslag van {beslaglegger} (deurwaarder {deurwaarder}) sinds {datum:%d-%m-%Y}.",
        sleutel=f"beslag:samenloop:{regel.pk}",
    )
    return regel


@transaction.atomic
def beslag_ontvangst_registreer(
    *, beslag: Beslag, maand: date, bedrag: Decimal, datum: date, door, referentie: str = ""
) -> BeslagOntvangst:
    """Money the bailiff passed on for a month of the garnishment: a receipt through the ledger."""
    if bedrag <= 0:
        raise _fout("bedrag", "Het bedrag moet groter zijn dan nul.")
    bedrag = rond_af(bedrag)
    maand = maand.replace(day=1)
    ontvangst, _ = BeslagOntvangst.objects.get_or_create(
        beslag=beslag, maand=maand, defaults={"verwacht": beslag.maandbedrag or NUL}
    )
    ontvangst = BeslagOntvangst.objects.select_for_update().get(pk=ontvangst.pk)
    sleutel = f"beslag:{beslag.pk}:{maand:%Y-%m}:{referentie or f'{datum.isoformat()}:{bedrag}'}"
    koppelingen.ontvangst_registreer(
        dossier=beslag.dossier,
        bedrag=bedrag,
        datum=datum,
        bron_id=ontvangst.pk,
        omschrijving=f"Afdracht deurwaarder {beslag.get_soort_display()} {maand:%m-%Y}",
        actor=door,
        sleutel=sleutel,
    )
    # What was received is derived from the ledger's receipts for this month, so a repeated statement line
    # (same key: the ledger returns its first receipt) never counts twice.
    ontvangst.ontvangen = koppelingen.ontvangen_voor(bron_id=ontvangst.pk)
    ontvangst.ontvangen_op = datum
    ontvangst.save(update_fields=["ontvangen", "ontvangen_op"])
    tijdlijn_voeg_toe(
        dossier=beslag.dossier,
        soort=TijdlijnGebeurtenis.Soort.BETALING,
        actor=door,
        tekst=f"Ontvangen van de deurwaarder: {euro(bedrag)} ({beslag.get_soort_display()}, {maand:%m-%Y}).",
        sleutel=f"beslag:ontvangst:{sleutel}"[:100],
    )
    _volgende_actie_bijwerken(beslag.dossier, door)
    return ontvangst


def maanden_tot(eerste: date, tot: date) -> list[date]:
    maanden, m = [], eerste.replace(day=1)
    while m <= tot:
        maanden.append(m)
        m = _maand_na(m)
    return maanden


def ontvangsten_controleer(*, vandaag: date) -> int:
    """Create the expected month rows of active wage garnishments and flag months without any receipt once
    their margin has passed. Idempotent: each month is flagged once (compare-and-set)."""
    gemeld = 0
    kal = kalender()
    beslagen = Beslag.objects.filter(
        status=Beslag.Status.ACTIEF, soort=Beslag.Soort.LOON, maandbedrag__gt=0, eerste_maand__isnull=False
    ).select_related("dossier")
    for beslag in beslagen:
        for maand in maanden_tot(beslag.eerste_maand, vandaag):
            BeslagOntvangst.objects.get_or_create(
                beslag=beslag, maand=maand, defaults={"verwacht": beslag.maandbedrag}
            )
        for ontvangst in BeslagOntvangst.objects.filter(
            beslag=beslag, ontvangen=0, ontbreekt_gemeld_op__isnull=True
        ):
            if vandaag <= _afdracht_uiterlijk(ontvangst.maand):
                continue
            with transaction.atomic():
                if not BeslagOntvangst.objects.filter(
                    pk=ontvangst.pk, ontbreekt_gemeld_op__isnull=True, ontvangen=0
                ).update(ontbreekt_gemeld_op=timezone.now()):
                    continue
                taak_maak(
                    dossier=beslag.dossier,
                    omschrijving=f"Geen afdracht uit {beslag.get_soort_display()} over {ontvangst.maand:%m-%Y}: "
                    f"navragen bij de deurwaarder",
                    deadline=kal.werkdagen_na(vandaag, 2),
                    sleutel=f"beslag:ontbreekt:{ontvangst.pk}",
                )
                gemeld += 1
    return gemeld


def rappels_verstuur(*, vandaag: date) -> int:
    """Remind the bailiffs who did not answer an instruction in time (once), and set a new answer date."""
    verstuurd = 0
    kal = kalender()
    for opdracht in DeurwaarderOpdracht.objects.filter(
        status=DeurwaarderOpdracht.Status.VERZONDEN, rappel_verstuurd_op__isnull=True, rappel_op__lt=vandaag
    ).select_related("kantoor", "dossier"):
        nieuw = kal.werkdagen_na(vandaag, ANTWOORD_WERKDAGEN)
        with transaction.atomic():
            if not DeurwaarderOpdracht.objects.filter(
                pk=opdracht.pk, rappel_verstuurd_op__isnull=True
            ).update(rappel_verstuurd_op=timezone.now(), antwoord_uiterlijk=nieuw):
                continue
            koppelingen.email_plaats(
                aan=opdracht.kantoor.email,
                onderwerp=f"Rappel: opdracht dossier {opdracht.dossier.nummer}",
                tekst=(
                    f"Geachte {opdracht.kantoor.naam},\n\nOp {opdracht.geinstrueerd_op:%d-%m-%Y} gaven wij u opdracht "
                    f"in dossier {opdracht.dossier.nummer}. Wij ontvingen nog geen bevestiging. Wilt u uiterlijk "
                    f"{nieuw:%d-%m-%Y} reageren?\n"
                ),
                dossier=opdracht.dossier,
                sleutel=f"beslag:rappel:{opdracht.pk}",
            )
            tijdlijn_voeg_toe(
                dossier=opdracht.dossier,
                soort=TijdlijnGebeurtenis.Soort.EMAIL,
                tekst=f"Rappel aan deurwaarder {opdracht.kantoor.naam}; antwoord uiterlijk {nieuw:%d-%m-%Y}.",
                sleutel=f"beslag:rappel:{opdracht.pk}",
            )
            _volgende_actie_bijwerken(opdracht.dossier, None)
            verstuurd += 1
    return verstuurd


def stap_voorstel(
    *,
    dossier: Dossier,
    stap: str,
    datum: date,
    achterstand: Decimal | None = None,
    beslagruimte_per_maand: Decimal | None = None,
    maanden: int = 12,
    verwacht_saldo: Decimal | None = None,
) -> Proportionaliteit:
    """Expected costs (Btag table for `datum`) against what the step can reasonably yield."""
    if achterstand is None:
        achterstand = koppelingen.achterstand(dossier=dossier)
    if achterstand is None:
        raise _fout("achterstand", "De achterstand is niet bekend; vul die in.")
    tarieven = selectors.btag_tarieven_op(datum=datum)
    try:
        return proportionaliteit_toets(
            stap=stap,
            tarieven=tarieven,
            achterstand=achterstand,
            beslagruimte_per_maand=beslagruimte_per_maand,
            maanden=maanden,
            verwacht_saldo=verwacht_saldo,
        )
    except KeyError as fout:
        raise _fout("datum", f"Voor {datum.year} ontbreekt het Btag-tarief {fout.args[0]}.") from fout
    except OngeldigeInvoer as fout:
        raise _fout(fout.veld, fout.bericht) from fout


@transaction.atomic
def kantoor_maak(**velden) -> Deurwaarderskantoor:
    kantoor = Deurwaarderskantoor(**velden)
    kantoor.full_clean()
    kantoor.save()
    return kantoor


@transaction.atomic
def derde_maak(**velden) -> Derde:
    derde = Derde(**velden)
    derde.full_clean()
    derde.save()
    return derde
