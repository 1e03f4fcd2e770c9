"""The bailiff's steps: recording one with its costs beside the Btag tariff and the statutory deadline that
follows it, planning a visit, proposing a step (costs against yield), and the deadlines on the work queue —
dealt with by a case manager, or closed by the hourly check once long passed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, Stuiting, TijdlijnGebeurtenis
from dossiers.services import tijdlijn_voeg_toe
from inning.services import kosten_registreer
from recht import beslag_termijnen as recht_termijnen
from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, euro, rond_af
from recht.proportionaliteit import Proportionaliteit, proportionaliteit_toets
from tarieven.selectors import kalender

from .. import selectors
from ..models import Beslag, BeslagStap, DeurwaarderOpdracht
from .gemeen import fout, tenuitvoerlegging_controleer, vergrendel, volgende_actie_bijwerken

# Steps that are a daad van tenuitvoerlegging and therefore interrupt limitation (art. 3:325 BW).
STUITENDE_STAPPEN = {
    BeslagStap.Soort.BETEKENING_TITEL,
    BeslagStap.Soort.LOONBESLAG,
    BeslagStap.Soort.BANKBESLAG,
    BeslagStap.Soort.BESLAG_ROERENDE_ZAKEN,
}

# A step fulfils the open deadline of these earlier steps.
VERVULT = {
    BeslagStap.Soort.LOONBESLAG: {BeslagStap.Soort.BETEKENING_TITEL},
    BeslagStap.Soort.BANKBESLAG: {BeslagStap.Soort.BETEKENING_TITEL},
    BeslagStap.Soort.BESLAG_ROERENDE_ZAKEN: {BeslagStap.Soort.BETEKENING_TITEL},
    BeslagStap.Soort.OVERBETEKENING: {BeslagStap.Soort.LOONBESLAG, BeslagStap.Soort.BANKBESLAG},
    BeslagStap.Soort.DERDENVERKLARING: {BeslagStap.Soort.OVERBETEKENING},
    BeslagStap.Soort.BVV_VASTSTELLING: {BeslagStap.Soort.OVERBETEKENING},
}


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
    debtor's costs; its statutory deadline becomes the dossier's next action.

    Not durable: a visit, a garnishment and a BVV determination record their step through it."""
    dossier = vergrendel(opdracht.dossier)
    if kosten_in_rekening < 0:
        raise fout("kosten_in_rekening", "Kosten kunnen niet negatief zijn.")
    if datum > timezone.localdate() and soort != BeslagStap.Soort.BEZOEK:
        raise fout("datum", "Een stap kan niet in de toekomst liggen.")
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
        kosten_registreer(
            dossier=dossier,
            bedrag=kosten,
            datum=datum,
            omschrijving=f"Deurwaarderskosten: {stap.get_soort_display()} ({opdracht.kantoor.naam})",
            sleutel=f"beslagstap:{stap.pk}",
            door=door,
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
        door=door,
        tekst=f"{stap.get_soort_display()} op {datum:%d-%m-%Y}; kosten {euro(kosten)}{tarieftekst}{termijntekst}.",
        sleutel=f"beslag:stap:{stap.pk}",
    )
    volgende_actie_bijwerken(dossier, door)
    return stap


@transaction.atomic(durable=True)
def bezoek_plan(
    *, opdracht: DeurwaarderOpdracht, gepland_op: datetime, door, omschrijving: str = ""
) -> BeslagStap:
    """Plan a bailiff's visit; refused outside 07:00–20:00 Monday to Saturday (and on holidays)."""
    if timezone.is_naive(gepland_op):
        gepland_op = timezone.make_aware(gepland_op)
    lokaal = timezone.localtime(gepland_op)
    try:
        recht_termijnen.bezoek_toets(lokaal, extra=kalender().besluitdagen)
    except OngeldigeInvoer as exc:
        raise fout(exc.veld, exc.bericht) from exc
    if lokaal < timezone.localtime():
        raise fout("gepland_op", "Een bezoek kan niet in het verleden worden gepland.")
    tenuitvoerlegging_controleer(opdracht.dossier, toestemming="formeel_bevel")
    return stap_registreer(
        opdracht=opdracht,
        soort=BeslagStap.Soort.BEZOEK,
        datum=lokaal.date(),
        gepland_op=gepland_op,
        kosten_in_rekening=NUL,
        door=door,
        omschrijving=omschrijving,
    )


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
        achterstand = selectors.achterstand_open(dossier=dossier)
    if achterstand is None:
        raise fout("achterstand", "De achterstand is niet bekend; vul die in.")
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
    except KeyError as exc:
        raise fout("datum", f"Voor {datum.year} ontbreekt het Btag-tarief {exc.args[0]}.") from exc
    except OngeldigeInvoer as exc:
        raise fout(exc.veld, exc.bericht) from exc


# --- Deadlines on the work queue ---------------------------------------------------------------------------
# A deadline (Atw) of a bailiff step is open until a following step fulfils it or a case manager marks it dealt
# with. One that passed more than ``selectors.VERLOPEN_BEWAAR_DAGEN`` days ago without either is closed by the
# hourly bailiff check, with a line on the dossier's timeline, so the list shows what can still be acted on.


@transaction.atomic(durable=True)
def beslagstap_termijn_afhandel(*, stap: BeslagStap, door, toelichting: str = "") -> BeslagStap:
    """A case manager marks the deadline of ``stap`` as dealt with (compare-and-set: once)."""
    if (
        BeslagStap.objects.filter(pk=stap.pk, afgerond_op__isnull=True).update(afgerond_op=timezone.now())
        != 1
    ):
        raise ValidationError("Deze termijn is al afgehandeld.")
    stap.refresh_from_db()
    dossier = Dossier.objects.get(pk=stap.dossier_id)
    tekst = f"Termijn deurwaarder afgehandeld: {stap.termijn} (uiterlijk {stap.uiterste_datum:%d-%m-%Y})"
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        tekst=tekst + (f". {toelichting.strip()}" if toelichting.strip() else "."),
        door=door,
        intern=True,
    )
    volgende_actie_bijwerken(dossier, door)
    return stap


@transaction.atomic(durable=True)
def beslag_termijnen_opruimen(*, vandaag: date) -> int:
    """Close the deadlines that passed more than ``VERLOPEN_BEWAAR_DAGEN`` days ago; idempotent."""
    dagen = selectors.VERLOPEN_BEWAAR_DAGEN
    grens = vandaag - timedelta(days=dagen)
    stappen = list(
        BeslagStap.objects.select_for_update()
        .filter(afgerond_op__isnull=True, uiterste_datum__lt=grens)
        .select_related("dossier")
        .order_by("id")
    )
    if not stappen:
        return 0
    BeslagStap.objects.filter(pk__in=[s.pk for s in stappen]).update(afgerond_op=timezone.now())
    for s in stappen:
        tijdlijn_voeg_toe(
            dossier=s.dossier,
            soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
            tekst=(
                f"Termijn deurwaarder verlopen op {s.uiterste_datum:%d-%m-%Y} ({s.termijn}) en na "
                f"{dagen} dagen van de werkvoorraad gehaald."
            ),
            intern=True,
            sleutel=f"beslag:stap:{s.pk}:opgeruimd",
        )
    return len(stappen)
