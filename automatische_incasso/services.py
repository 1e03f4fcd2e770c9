"""Writes of SEPA direct debit: give, record and revoke a mandate; prepare, release, approve, reject and
download a collection batch; pre-notify the debtor; and what the bank statement says about a collection
(credited, or returned with a reason code).

Mandate. One active mandate per running arrangement; the reference (``NLAI-M<arrangement>-<n>``) is unique
and never reused. Revoking it stops every collection not yet in an approved file (they lapse) and gives the
case manager a task.

Batch. The weekly beat (``INCASSO_DAG``) and a financieel user on demand prepare a batch: every open term of
a running arrangement with an active mandate due in ``VENSTER`` (from ``VOORAANKONDIGING_DAGEN`` to
``VENSTER_TOT`` calendar days ahead), one term per mandate, collected on the last TARGET2 day on or before
the term's due date (never later, so the arrangement check sees the money in time). Four eyes as the payout
batch (``uitbetaling.services.batch_vier_ogen_fout``): a person's batch is approved by another person, the
beat's batch is first released. Approval makes the pain.008.001.02 file (XSD-checked) and checks the lead
time in TARGET2 days (``recht.sepa_incasso.AANLEVERTIJD``). Nothing is booked then.

Bank. A credit whose EndToEndId is a collection's becomes exactly one receipt of its bank line, matched to
the dossier at once (allocation, commission, ledger: ``inning.services``); the arrangement check marks the
term paid. A return (reversal, refusal, refund: AM04, AC04, MD06, MS02, ...) reverses that receipt with its
allocation and commission (``ontvangst_terugboek``), keeps the reason code, reopens the term and runs the
arrangement check after commit, which finds it missed and runs the missed-term flow. What the client was
already paid stays a debit on the client's ledger account, so the next payout batch sets it off
(``uitbetaling.voorbereiden`` pays the ledger balance).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN

from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL, heeft_rol
from dossiers.models import Dossier, TijdlijnGebeurtenis
from dossiers.services import taak_maak, tijdlijn_voeg_toe
from incasso.letters import datum_nl
from incasso.models import Betalingsregeling, BriefSoort, Regeltermijn
from incasso.outbox import email_plaats
from incasso.tasks import brief_stuur as brief_stuur_task
from incasso.tasks import regeling_controle as regeling_controle_task
from inning.models import Bankregel, Ontvangst
from inning.services import ontvangst_bank_registreer, ontvangst_koppel, ontvangst_terugboek
from recht.geld import euro
from recht.sepa_incasso import (
    AANLEVERTIJD,
    VOORAANKONDIGING_DAGEN,
    target2_dagen_na,
    target2_op_of_voor,
)
from tarieven.selectors import kalender
from uitbetaling.services import batch_vier_ogen_fout, iso_week, uitbetaling_houd_in

from .models import Incasso, Incassobatch, Machtiging
from .sepa import IncassoFout, IncassoRegel, pain008_maak

logger = logging.getLogger(__name__)

__all__ = [
    "IncassoFout",
    "incasso_credit_verwerk",
    "incasso_storno_verwerk",
    "incassobatch_afwijzen",
    "incassobatch_download",
    "incassobatch_keur_goed",
    "incassobatch_maak",
    "incassobatch_vrijgeven",
    "machtiging_geef",
    "machtiging_trek_in",
]

VENSTER_TOT = 18  # calendar days ahead: a weekly run catches every term once, 12 to 18 days before it is due
LEVEND = [Incasso.Status.VOORBEREID, Incasso.Status.AANGEBODEN, Incasso.Status.GECREDITEERD]

REDENEN = {
    "AC01": "rekeningnummer onjuist",
    "AC04": "rekening opgeheven",
    "AC06": "rekening geblokkeerd",
    "AG01": "incasso op deze rekening niet toegestaan",
    "AM04": "onvoldoende saldo",
    "AM05": "dubbele incasso",
    "MD01": "geen machtiging",
    "MD06": "terugboeking op verzoek van de rekeninghouder",
    "MD07": "rekeninghouder overleden",
    "MS02": "geweigerd door de rekeninghouder",
    "MS03": "reden niet opgegeven",
    "SL01": "specifieke dienst van de bank",
}


def reden_tekst(code: str) -> str:
    return f"{code} ({REDENEN[code]})" if code in REDENEN else (code or "zonder redencode")


# --- Mandate ----------------------------------------------------------------------------------------------


def iban_sepa_controleer(iban: str) -> str:
    """Upper case without spaces, checked with schwifty (as ``dossiers.iban.iban_normaliseer``) and in the
    SEPA zone; raises ``ValidationError`` in Dutch."""
    waarde = (iban or "").replace(" ", "").upper()
    try:
        gecontroleerd = IBAN(waarde)
    except Exception as exc:  # schwifty raises several exception types
        raise ValidationError({"iban": [_("Dit IBAN klopt niet. Controleer het nummer.")]}) from exc
    if not gecontroleerd.in_sepa_zone:
        raise ValidationError(
            {
                "iban": [
                    _(
                        "Een incasso kan alleen van een rekening in het SEPA-gebied; %(land)s hoort daar niet "
                        "bij. Kies een Europese rekening of betaal zelf per overboeking."
                    )
                    % {"land": gecontroleerd.country_code}
                ]
            }
        )
    return waarde


def _kenmerk(regeling: Betalingsregeling) -> str:
    n = Machtiging.objects.filter(regeling=regeling).count() + 1
    return f"NLAI-M{regeling.pk}-{n}"


@transaction.atomic
def machtiging_geef(
    *,
    regeling: Betalingsregeling,
    rekeninghouder: str,
    iban: str,
    plaats: str,
    ondertekend_op: date | None,
    bron: str = Machtiging.Bron.PORTAAL,
    door=None,
) -> Machtiging:
    """A SEPA Core mandate for ``regeling`` (the debtor in the portal, or a case manager recording a paper
    form: ``bron=papier`` and ``door``). Raises ``ValidationError`` with Dutch messages per field."""
    if bron == Machtiging.Bron.PAPIER and not heeft_rol(door, CASEMANAGER, BEHEERDER):
        raise ValidationError("Alleen een casemanager kan een papieren machtiging vastleggen.")
    regeling = Betalingsregeling.objects.select_for_update().select_related("dossier").get(pk=regeling.pk)
    fouten: dict[str, list[str]] = {}
    if regeling.status != Betalingsregeling.Status.LOOPT:
        raise ValidationError(_("Een machtiging kan alleen voor een lopende betalingsregeling."))
    if Machtiging.objects.filter(regeling=regeling, status=Machtiging.Status.ACTIEF).exists():
        raise ValidationError(_("Voor deze regeling is al een machtiging actief. Trek die eerst in."))
    if ondertekend_op is None:
        fouten["ondertekend_op"] = [_("Een machtiging zonder datum van ondertekening is ongeldig.")]
    elif ondertekend_op > timezone.localdate():
        fouten["ondertekend_op"] = [_("De datum van ondertekening kan niet in de toekomst liggen.")]
    if not (rekeninghouder or "").strip():
        fouten["rekeninghouder"] = [_("Vul de naam van de rekeninghouder in.")]
    if not (plaats or "").strip():
        fouten["plaats"] = [_("Vul de plaats van ondertekening in.")]
    try:
        iban = iban_sepa_controleer(iban)
    except ValidationError as exc:
        fouten.update(exc.message_dict)
    if fouten:
        raise ValidationError(fouten)
    m = Machtiging.objects.create(
        regeling=regeling,
        kenmerk=_kenmerk(regeling),
        rekeninghouder=rekeninghouder.strip()[:70],
        iban=iban,
        plaats=plaats.strip()[:70],
        ondertekend_op=ondertekend_op,
        bron=bron,
        vastgelegd_door=door,
    )
    wie = "op papier (vastgelegd door een medewerker)" if bron == Machtiging.Bron.PAPIER else "in het portaal"
    tijdlijn_voeg_toe(
        dossier=regeling.dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=f"Machtiging {m.kenmerk} voor automatische incasso van de termijnen gegeven {wie}, "
        f"rekening …{iban[-4:]}.",
        door=door,
        sleutel=f"machtiging:{m.pk}",
    )
    return m


@transaction.atomic
def machtiging_trek_in(*, machtiging: Machtiging, door=None) -> Machtiging:
    """Revoke a mandate (the debtor in the portal, or staff). Every collection not yet in an approved file
    lapses; the case manager gets a task to agree how the debtor pays from now on. Idempotent."""
    m = Machtiging.objects.select_for_update().select_related("regeling__dossier").get(pk=machtiging.pk)
    if m.status == Machtiging.Status.INGETROKKEN:
        return m
    m.status = Machtiging.Status.INGETROKKEN
    m.ingetrokken_op = timezone.now()
    m.ingetrokken_door = door
    m.save(update_fields=["status", "ingetrokken_op", "ingetrokken_door"])
    vervallen = Incasso.objects.filter(
        machtiging=m,
        status=Incasso.Status.VOORBEREID,
        batch__status__in=[Incassobatch.Status.VOORBEREID, Incassobatch.Status.VRIJGEGEVEN],
    ).update(status=Incasso.Status.VERVALLEN)
    dossier = m.regeling.dossier
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.REGELING,
        tekst=f"Machtiging {m.kenmerk} ingetrokken; er wordt niet meer automatisch geïncasseerd"
        + (f" ({vervallen} voorbereide incasso vervallen)." if vervallen else "."),
        door=door,
        sleutel=f"machtiging:{m.pk}:ingetrokken",
    )
    taak_maak(
        dossier=dossier,
        omschrijving=f"Machtiging {m.kenmerk} ingetrokken: afspreken hoe de debiteur de termijnen voortaan betaalt",
        deadline=kalender().werkdagen_na(timezone.localdate(), 2),
        toegewezen_aan=dossier.casemanager,
        sleutel=f"machtiging:{m.pk}:ingetrokken",
    )
    return m


def _machtiging_controleer(m: Machtiging) -> None:
    if m.status != Machtiging.Status.ACTIEF:
        raise IncassoFout(
            f"Machtiging {m.kenmerk} is ingetrokken: op een ingetrokken machtiging wordt niet geïncasseerd."
        )


# --- Batch ------------------------------------------------------------------------------------------------


def _incassodatum(termijn: Regeltermijn, vandaag: date) -> date | None:
    """The collection date of ``termijn`` in a batch prepared ``vandaag``, or None when it is too late for the
    pre-notification and the lead time (the debtor then pays this term himself)."""
    datum = target2_op_of_voor(termijn.vervaldatum)
    vroegst = max(
        vandaag + timedelta(days=VOORAANKONDIGING_DAGEN),
        target2_dagen_na(vandaag, max(AANLEVERTIJD.values())),
    )
    return datum if datum >= vroegst else None


@transaction.atomic
def incassobatch_maak(*, door=None, vandaag: date | None = None) -> Incassobatch | None:
    """Prepare a collection batch (the weekly beat: ``door=None``; on demand: a financieel user). Returns
    None when no term is due for collection. Sends each debtor the pre-notification after commit."""
    if door is not None and not heeft_rol(door, FINANCIEEL, BEHEERDER):
        raise IncassoFout("Alleen een financieel medewerker kan een incassobatch voorbereiden.")
    vandaag = vandaag or timezone.localdate()
    levend = Incasso.objects.filter(termijn=OuterRef("pk"), status__in=LEVEND)
    actief = Machtiging.objects.filter(regeling=OuterRef("regeling_id"), status=Machtiging.Status.ACTIEF)
    termijnen = (
        Regeltermijn.objects.filter(
            status=Regeltermijn.Status.OPEN,
            regeling__status=Betalingsregeling.Status.LOOPT,
            vervaldatum__gte=vandaag + timedelta(days=VOORAANKONDIGING_DAGEN),
            vervaldatum__lte=vandaag + timedelta(days=VENSTER_TOT),
        )
        .filter(Exists(actief))
        .exclude(Exists(levend))
        .order_by("regeling_id", "volgnummer")
    )
    gekozen: dict[int, tuple[Regeltermijn, date]] = {}
    for t in termijnen:
        if t.regeling_id in gekozen:
            continue  # one collection per mandate per batch: a second waits for the next week
        datum = _incassodatum(t, vandaag)
        if datum is not None:
            gekozen[t.regeling_id] = (t, datum)
    if not gekozen:
        if door is not None:
            raise IncassoFout("Er zijn geen termijnen te incasseren in de komende dagen.")
        return None
    machtigingen = {
        m.regeling_id: m
        for m in Machtiging.objects.select_for_update().filter(
            regeling_id__in=list(gekozen), status=Machtiging.Status.ACTIEF
        )
    }
    week = iso_week(vandaag)
    volgnummer = Incassobatch.objects.filter(week=week).count() + 1
    batch = Incassobatch.objects.create(week=week, volgnummer=volgnummer, voorbereid_door=door)
    nieuw = []
    for regeling_id, (t, datum) in gekozen.items():
        m = machtigingen.get(regeling_id)
        if m is None:
            continue
        nieuw.append(
            Incasso(
                batch=batch,
                termijn=t,
                machtiging=m,
                bedrag=t.bedrag,
                incassodatum=datum,
                volgorde=Incasso.Volgorde.RCUR if m.eerste_incasso_gedaan else Incasso.Volgorde.FRST,
                end_to_end_id=f"NLAI-I{batch.pk}-T{t.pk}",
            )
        )
    Incasso.objects.bulk_create(nieuw)
    for i in Incasso.objects.filter(batch=batch).select_related(
        "termijn__regeling__dossier__debiteur", "machtiging"
    ):
        _vooraankondig(i)
    return batch


def iban_maskeer(iban: str) -> str:
    """The IBAN as printed in a letter: every character but the last 4 hidden, in groups of 4
    ('NL02ABNA0123456789' -> '**** **** **** **67 89'), so a lost letter gives away no account number."""
    waarde = (iban or "").replace(" ", "").upper()
    gemaskeerd = "*" * max(len(waarde) - 4, 0) + waarde[-4:]
    return " ".join(gemaskeerd[k : k + 4] for k in range(0, len(gemaskeerd), 4))


def vooraankondiging_sleutel(i: Incasso) -> str:
    """One pre-notification per collection: the e-mail's and the letter's key is the EndToEndId."""
    return f"vooraankondiging:{i.end_to_end_id}"


def _vooraankondiging_context(i: Incasso) -> dict[str, str]:
    """What the letter prints, as strings (the Celery task's arguments are JSON). ``termijn_bedrag`` and
    ``termijn_datum`` fill the editable text's placeholders; ``bedrag`` is stored on the letter (the debtor's
    letter list shows it)."""
    return {
        "bedrag": str(i.bedrag),
        "incasso_bedrag": euro(i.bedrag),
        "incassodatum_nl": datum_nl(i.incassodatum),
        "termijn_bedrag": euro(i.bedrag),
        "termijn_datum": datum_nl(i.incassodatum),
        "termijn_volgnummer": str(i.termijn.volgnummer),
        "termijn_vervaldatum_nl": datum_nl(i.termijn.vervaldatum),
        "machtiging_kenmerk": i.machtiging.kenmerk,
        "incassant_id": settings.SEPA_CREDITOR_ID,
        "iban_gemaskeerd": iban_maskeer(i.machtiging.iban),
    }


def _vooraankondig(i: Incasso) -> None:
    """The pre-notification (SEPA rulebook): amount, date, mandate reference and creditor id, by e-mail to
    the debtor, or without an e-mail address as a letter by post (``incasso.tasks.brief_stuur`` after
    commit: made once and put in the day's print batch once, however often it runs)."""
    dossier = i.termijn.regeling.dossier
    debiteur = dossier.debiteur
    if not debiteur.email:
        transaction.on_commit(
            partial(
                brief_stuur_task.delay,
                dossier.pk,
                BriefSoort.INCASSO_VOORAANKONDIGING.value,
                vooraankondiging_sleutel(i),
                _vooraankondiging_context(i),
            )
        )
        return
    tekst = (
        f"Beste {debiteur.naam},\n\n"
        f"Op {i.incassodatum:%d-%m-%Y} schrijven wij {euro(i.bedrag)} van uw rekening …{i.machtiging.iban[-4:]} "
        f"af voor termijn {i.termijn.volgnummer} van uw betalingsregeling (dossier {dossier.nummer}).\n"
        f"Machtigingskenmerk: {i.machtiging.kenmerk}\nIncassant-ID: {settings.SEPA_CREDITOR_ID}\n\n"
        "Zorg dat er op die dag genoeg saldo is. U kunt de machtiging intrekken in het portaal; binnen 8 weken "
        "na de afschrijving kunt u uw bank vragen het bedrag terug te boeken.\n\n"
        f"{settings.BUREAU['naam']}\n\n"
        f"On {i.incassodatum:%d-%m-%Y} we will collect {euro(i.bedrag)} for instalment {i.termijn.volgnummer} "
        f"of your payment arrangement (mandate {i.machtiging.kenmerk}, creditor id {settings.SEPA_CREDITOR_ID})."
    )
    email_plaats(
        aan=debiteur.email,
        onderwerp=f"Aankondiging automatische incasso {euro(i.bedrag)} op {i.incassodatum:%d-%m-%Y}",
        tekst=tekst,
        dossier=dossier,
        sleutel=vooraankondiging_sleutel(i),
    )


def _rol(door, actie: str) -> None:
    if not heeft_rol(door, FINANCIEEL, BEHEERDER):
        raise IncassoFout(f"Alleen een financieel medewerker kan een incassobatch {actie}.")


@transaction.atomic
def incassobatch_vrijgeven(*, batch: Incassobatch, door) -> Incassobatch:
    """The first pair of eyes on a batch the beat prepared."""
    _rol(door, "vrijgeven")
    if batch.voorbereid_door_id is not None:
        raise IncassoFout("Deze batch is door een medewerker voorbereid; een collega keurt hem direct goed.")
    if (
        Incassobatch.objects.filter(
            pk=batch.pk, status=Incassobatch.Status.VOORBEREID, voorbereid_door__isnull=True
        ).update(status=Incassobatch.Status.VRIJGEGEVEN, vrijgegeven_door=door, vrijgegeven_op=timezone.now())
        != 1
    ):
        batch.refresh_from_db()
        raise IncassoFout(f"Batch {batch.naam} is al {batch.get_status_display()}.")
    batch.refresh_from_db()
    return batch


@transaction.atomic
def incassobatch_keur_goed(*, batch: Incassobatch, door, vandaag: date | None = None) -> Incassobatch:
    """Four eyes: another financieel user approves; the pain.008 file is made and checked against its XSD.
    Nothing is booked: a collection is money only when the statement shows its credit."""
    _rol(door, "goedkeuren")
    vandaag = vandaag or timezone.localdate()
    batch = Incassobatch.objects.select_for_update().get(pk=batch.pk)
    fout = batch_vier_ogen_fout(batch, door)
    if fout:
        raise IncassoFout(fout)
    van = (
        Incassobatch.Status.VRIJGEGEVEN
        if batch.voorbereid_door_id is None
        else Incassobatch.Status.VOORBEREID
    )
    if batch.status != van:
        raise IncassoFout(f"Batch {batch.naam} is {batch.get_status_display()}.")
    incasso_s = list(
        batch.incasso_s.select_related("machtiging", "termijn")
        .filter(status=Incasso.Status.VOORBEREID)
        .order_by("id")
    )
    for i in incasso_s:
        _machtiging_controleer(i.machtiging)
        vroegst = target2_dagen_na(vandaag, AANLEVERTIJD[i.volgorde])
        if i.incassodatum < vroegst:
            raise IncassoFout(
                f"Incasso {i.end_to_end_id} staat op {i.incassodatum:%d-%m-%Y}; de bank wil het bestand "
                f"{AANLEVERTIJD[i.volgorde]} TARGET2-werkdagen vooraf. Wijs deze batch af en bereid een nieuwe voor."
            )
    if not incasso_s:
        raise IncassoFout("Deze batch bevat geen incasso's meer (machtigingen ingetrokken?). Wijs hem af.")
    msg_id = f"NLAI-IB-{batch.week.replace('-', '')}-{batch.volgnummer}"
    xml = pain008_maak(
        regels=[
            IncassoRegel(
                naam=i.machtiging.rekeninghouder,
                iban=i.machtiging.iban,
                bedrag=i.bedrag,
                end_to_end_id=i.end_to_end_id,
                machtiging=i.machtiging.kenmerk,
                machtiging_datum=i.machtiging.ondertekend_op,
                volgorde=i.volgorde,
                incassodatum=i.incassodatum,
                omschrijving=f"Termijn {i.termijn.volgnummer} betalingsregeling {i.end_to_end_id}",
            )
            for i in incasso_s
        ],
        bureau=settings.BUREAU,
        incassant_id=settings.SEPA_CREDITOR_ID,
        msg_id=msg_id,
    )
    batch.status = Incassobatch.Status.GOEDGEKEURD
    batch.goedgekeurd_door = door
    batch.goedgekeurd_op = timezone.now()
    batch.msg_id = msg_id
    batch.xml = xml.decode("utf-8")
    batch.save(update_fields=["status", "goedgekeurd_door", "goedgekeurd_op", "msg_id", "xml"])
    Incasso.objects.filter(pk__in=[i.pk for i in incasso_s]).update(status=Incasso.Status.AANGEBODEN)
    Machtiging.objects.filter(
        pk__in=[i.machtiging_id for i in incasso_s if i.volgorde == Incasso.Volgorde.FRST]
    ).update(eerste_incasso_gedaan=True)
    return batch


@transaction.atomic
def incassobatch_afwijzen(*, batch: Incassobatch, door, reden: str) -> Incassobatch:
    _rol(door, "afwijzen")
    reden = (reden or "").strip()
    if not reden:
        raise IncassoFout("Geef de reden van de afwijzing.")
    if (
        Incassobatch.objects.filter(
            pk=batch.pk, status__in=[Incassobatch.Status.VOORBEREID, Incassobatch.Status.VRIJGEGEVEN]
        ).update(
            status=Incassobatch.Status.AFGEWEZEN,
            afgewezen_door=door,
            afgewezen_op=timezone.now(),
            afwijsreden=reden[:2000],
        )
        != 1
    ):
        batch.refresh_from_db()
        raise IncassoFout(
            f"Batch {batch.naam} is {batch.get_status_display()} en kan niet meer worden afgewezen."
        )
    Incasso.objects.filter(batch=batch, status=Incasso.Status.VOORBEREID).update(
        status=Incasso.Status.VERVALLEN
    )
    batch.refresh_from_db()
    return batch


@transaction.atomic
def incassobatch_download(*, batch: Incassobatch, door) -> Incassobatch:
    """Record who downloaded the approved file for the bank."""
    _rol(door, "downloaden")
    if batch.status != Incassobatch.Status.GOEDGEKEURD or not batch.xml:
        raise IncassoFout("Alleen een goedgekeurde batch heeft een incassobestand.")
    Incassobatch.objects.filter(pk=batch.pk).update(gedownload_door=door, gedownload_op=timezone.now())
    batch.refresh_from_db()
    return batch


# --- Bank statement ---------------------------------------------------------------------------------------


def _incasso_van(regel: Bankregel, statussen) -> Incasso | None:
    if not regel.end_to_end_id:
        return None
    return (
        Incasso.objects.select_for_update()
        .select_related("termijn__regeling")
        .filter(end_to_end_id=regel.end_to_end_id, bedrag=abs(regel.bedrag), status__in=statussen)
        .first()
    )


def incasso_credit_verwerk(*, regel: Bankregel, door=None) -> bool:
    """A credit line of a collection (its EndToEndId): exactly one receipt of the line, matched to the
    dossier at once. False when the line is no collection of ours (the ordinary matching takes it)."""
    i = _incasso_van(regel, [Incasso.Status.AANGEBODEN, Incasso.Status.VOORBEREID])
    if i is None:
        return False
    ontvangst = ontvangst_bank_registreer(bankregel=regel, door=door)
    if ontvangst.status == Ontvangst.Status.ONGEMATCHT:
        ontvangst_koppel(
            ontvangst=ontvangst,
            dossier=Dossier(pk=i.termijn.regeling.dossier_id),
            door=door,
            automatisch=True,
        )
    i.status = Incasso.Status.GECREDITEERD
    i.ontvangst = ontvangst
    i.save(update_fields=["status", "ontvangst"])
    return True


def incasso_storno_verwerk(*, regel: Bankregel, door=None) -> bool:
    """A return of a collection (debit line with its EndToEndId; reason in ``regel.retourcode``): the receipt
    is reversed with its allocation and commission, the term reopened and the arrangement check queued,
    which finds it missed. False when the line is no collection of ours."""
    i = _incasso_van(regel, [Incasso.Status.AANGEBODEN, Incasso.Status.GECREDITEERD])
    if i is None:
        return False
    if i.ontvangst_id is not None:
        ontvangst_terugboek(
            ontvangst=i.ontvangst, door=door, datum=regel.datum, bron_type="incasso_storno", bron_id=regel.pk
        )
    dossier = Dossier.objects.get(pk=i.termijn.regeling.dossier_id)
    # the client's share of this money is gone: a payout not yet approved is held back (the next batch pays
    # the balance as it is then); one already made is set off by the next batch (the ledger balance)
    ingehouden = uitbetaling_houd_in(client_id=dossier.client_id)
    i.status = Incasso.Status.GESTORNEERD
    i.retourcode = regel.retourcode
    i.gestorneerd_op = regel.datum
    i.save(update_fields=["status", "retourcode", "gestorneerd_op"])
    # A term the check already judged paid on this money counts again: the check finds it short now.
    Regeltermijn.objects.filter(pk=i.termijn_id, status=Regeltermijn.Status.BETAALD).update(
        status=Regeltermijn.Status.OPEN, gecontroleerd_op=None
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.BETALING,
        tekst=f"Incasso van {euro(i.bedrag)} (termijn {i.termijn.volgnummer}) gestorneerd door de bank: "
        f"{reden_tekst(i.retourcode)}. De termijn telt als niet betaald."
        + (
            " De uitbetaling aan de cliënt die nog niet was goedgekeurd, is ingehouden." if ingehouden else ""
        ),
        door=door,
        sleutel=f"incasso:{i.pk}:storno",
    )
    transaction.on_commit(_regelcontrole_plan)
    return True


def _regelcontrole_plan() -> None:
    try:
        regeling_controle_task.delay()
    except Exception:  # the hourly beat runs the same check; a broker that is down only delays it
        logger.warning("regelingcontrole na storno niet in de wachtrij gezet (broker onbereikbaar)")
