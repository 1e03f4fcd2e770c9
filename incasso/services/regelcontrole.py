"""The arrangement check: every due instalment of running arrangements against the receipts, in bulk.

Set-based per block: the one-by-one path (judge one arrangement, end it through the state machine, a task, a
letter, a status update) is what each block writes, in a fixed number of queries whatever its size. Keyed
writes happen once per key, as ``tijdlijn_voeg_toe``, ``taak_maak`` and ``statusupdate_stuur`` make them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from dossiers.models import Dossier, StatusOvergang, Taak, TijdlijnGebeurtenis
from dossiers.services import status_tijdlijn_tekst, taak_tijdlijn_tekst
from incasso.letters import datum_nl
from incasso.models import (
    Betalingsregeling,
    BriefSoort,
    Regeltermijn,
    Statusupdate,
    UitgaandeEmail,
)
from incasso.tasks import brief_stuur as brief_stuur_task
from incasso.tasks import email_verstuur as email_verstuur_task
from inning.selectors import dossiers_betalingen
from recht.geld import NUL, euro
from recht.kalender import Kalender
from tarieven.selectors import kalender

from .regeling import status_wijzig
from .statusupdate import statusupdate_email, statusupdate_tijdlijn_tekst

REGELING_BLOK = 500  # arrangements per block: a fixed number of queries per block, memory bounded by it


def regeling_controle(*, vandaag: date | None = None) -> dict[str, int]:
    """Check every due instalment of running arrangements against the receipts.

    An instalment due on D is checked on the first working day after D (bank statements of D arrive then),
    so a missed one is found within 2 working days. Paid means: receipts since the arrangement was proposed
    cover the cumulative amount of all instalments up to and including this one.

    Set-based, per block of ``REGELING_BLOK`` arrangements: the arrangements, their instalments and the
    receipts of their dossiers are read in bulk, judged in Python exactly as one by one, and the outcomes
    (instalment paid, arrangement fulfilled, arrangement broken with its task, letter and status update) are
    written in bulk, so the number of queries does not grow with the number of arrangements.
    """
    vandaag = vandaag or timezone.localdate()
    grens = kalender().werkdagen_terug(vandaag, 1)  # due on or before this day → checkable today
    regeling_ids = list(
        Regeltermijn.objects.filter(
            regeling__status=Betalingsregeling.Status.LOOPT,
            status=Regeltermijn.Status.OPEN,
            vervaldatum__lte=grens,
        )
        .order_by("regeling_id")
        .values_list("regeling_id", flat=True)
        .distinct()
    )
    kal = kalender() if regeling_ids else Kalender()
    gemist = nagekomen = 0
    for i in range(0, len(regeling_ids), REGELING_BLOK):
        uitkomst = _regelingen_controleer(
            regeling_ids=regeling_ids[i : i + REGELING_BLOK], grens=grens, vandaag=vandaag, kal=kal
        )
        gemist += uitkomst["gemist"]
        nagekomen += uitkomst["nagekomen"]
    return {"gemist": gemist, "nagekomen": nagekomen, "gecontroleerd": len(regeling_ids)}


def _regeling_betalingen(dossier_ids: list[int]) -> dict[int, list[tuple[date, Decimal]]]:
    """The receipts of many dossiers in one query, counted as an arrangement counts them (``met_rente``:
    what the debtor paid towards the claim)."""
    return dossiers_betalingen(dossier_ids=dossier_ids, met_rente=True)


def _regeling_beoordeel(
    *, termijnen: list[Regeltermijn], betaald: Decimal, grens: date
) -> tuple[list[Regeltermijn], tuple[Regeltermijn, Decimal] | None]:
    """Which open, due instalments are paid, and the first one that is not (with the shortfall).

    Instalments are judged in order and the judging stops at the first missed one: what follows it is left
    open (the arrangement is broken anyway). ``betaald`` is what came in since the proposal up to ``grens``.
    """
    betaalde: list[Regeltermijn] = []
    cumulatief = NUL
    for t in termijnen:
        cumulatief += t.bedrag
        if t.status != Regeltermijn.Status.OPEN or t.vervaldatum > grens:
            continue
        if betaald >= cumulatief:
            betaalde.append(t)
            continue
        return betaalde, (t, cumulatief - betaald)
    return betaalde, None


@dataclass(frozen=True, slots=True)
class _Einde:
    """How one arrangement ends in this run: what the one-by-one path wrote for it, as data for the bulk."""

    regeling: Betalingsregeling
    status: str  # nagekomen or verbroken
    reden: str  # of the dossier's transition back to actief
    tekst: str  # the arrangement's timeline event
    sleutel: str  # of that event, the status update and (when missed) the task and the letter
    actie: str
    actie_datum: date
    aanleiding: str  # the status update to the client
    taak: str = ""  # a task for the case manager (missed)
    taak_deadline: date | None = None
    brief_context: dict | None = None  # the letter to the debtor after commit (missed)


@transaction.atomic(durable=True)
def _regelingen_controleer(
    *, regeling_ids: Sequence[int], grens: date, vandaag: date, kal: Kalender
) -> dict[str, int]:
    """One block of ``regeling_controle`` in one transaction and a fixed number of queries."""
    # Locked in id order, as the one-by-one check locked each: a concurrent run waits here and then finds the
    # arrangements this run ended no longer running.
    regelingen = list(
        Betalingsregeling.objects.select_for_update()
        .filter(pk__in=regeling_ids, status=Betalingsregeling.Status.LOOPT)
        .order_by("pk")
    )
    if not regelingen:
        return {"gemist": 0, "nagekomen": 0}
    termijnen: dict[int, list[Regeltermijn]] = {r.pk: [] for r in regelingen}
    for t in Regeltermijn.objects.filter(regeling_id__in=list(termijnen)).order_by(
        "regeling_id", "volgnummer"
    ):
        termijnen[t.regeling_id].append(t)
    betalingen = _regeling_betalingen(sorted({r.dossier_id for r in regelingen}))

    betaald_ids: list[int] = []
    gemist_ids: list[int] = []
    eindes: list[_Einde] = []
    volgende: list[Dossier] = []
    for r in regelingen:
        start = timezone.localtime(r.voorgesteld_op).date()
        # Receipts between the proposal and the day it took effect already lowered the instalments.
        betaald = sum((b for d, b in betalingen.get(r.dossier_id, ()) if start <= d <= grens), NUL)
        betaald -= r.verrekend_bij_ingang
        betaalde, mis = _regeling_beoordeel(termijnen=termijnen[r.pk], betaald=betaald, grens=grens)
        betaald_ids += [t.pk for t in betaalde]
        for t in betaalde:
            t.status = Regeltermijn.Status.BETAALD
        if mis is not None:
            termijn, tekort = mis
            gemist_ids.append(termijn.pk)
            eindes.append(
                _regeling_verbroken(regeling=r, termijn=termijn, tekort=tekort, vandaag=vandaag, kal=kal)
            )
        elif all(t.status == Regeltermijn.Status.BETAALD for t in termijnen[r.pk]):
            eindes.append(
                _Einde(
                    regeling=r,
                    status=Betalingsregeling.Status.NAGEKOMEN,
                    reden="Betalingsregeling nagekomen",
                    tekst="Betalingsregeling volledig nagekomen.",
                    sleutel=f"regeling:{r.pk}:nagekomen",
                    actie="Lopende alimentatie bewaken na nagekomen regeling",
                    actie_datum=kal.werkdagen_na(vandaag, 10),
                    aanleiding="De debiteur heeft de betalingsregeling volledig nagekomen.",
                )
            )
        else:
            eerste_open = next((t for t in termijnen[r.pk] if t.status == Regeltermijn.Status.OPEN), None)
            if eerste_open is not None:
                volgende.append(
                    Dossier(
                        pk=r.dossier_id,
                        volgende_actie="Betaling termijn regeling controleren",
                        volgende_actie_datum=kal.werkdagen_na(eerste_open.vervaldatum, 2),
                    )
                )

    # Compare-and-set: only instalments still open are claimed, so none is judged twice.
    for ids, status in ((betaald_ids, Regeltermijn.Status.BETAALD), (gemist_ids, Regeltermijn.Status.GEMIST)):
        if ids and Regeltermijn.objects.filter(pk__in=ids, status=Regeltermijn.Status.OPEN).update(
            status=status, gecontroleerd_op=vandaag
        ) != len(ids):  # pragma: no cover - the arrangements are locked, so this means a bug
            raise RuntimeError("Regeltermijnen zijn intussen door een andere controle beoordeeld.")
    if volgende:
        Dossier.objects.bulk_update(volgende, ["volgende_actie", "volgende_actie_datum"])
    if eindes:
        _regelingen_beeindig(eindes=eindes)
    nagekomen = sum(e.status == Betalingsregeling.Status.NAGEKOMEN for e in eindes)
    return {"gemist": len(gemist_ids), "nagekomen": nagekomen}


def _regeling_verbroken(
    *,
    regeling: Betalingsregeling,
    termijn: Regeltermijn,
    tekort: Decimal,
    vandaag: date,
    kal: Kalender,
) -> _Einde:
    """A missed or short instalment breaks the arrangement: letter, task, escalation resumes."""
    n = termijn.volgnummer
    return _Einde(
        regeling=regeling,
        status=Betalingsregeling.Status.VERBROKEN,
        reden=f"Betalingsregeling verbroken: termijn {n} niet (volledig) betaald",
        tekst=(
            f"Termijn {n} van de regeling ({euro(termijn.bedrag)}, vervaldatum "
            f"{termijn.vervaldatum:%d-%m-%Y}) niet of niet volledig betaald; tekort {euro(tekort)}. Regeling verbroken."
        ),
        sleutel=f"regeling:{regeling.pk}:gemist:{n}",
        actie="Escalatie hervatten na verbroken regeling",
        actie_datum=kal.werkdagen_na(vandaag, 2),
        aanleiding=f"De debiteur heeft termijn {n} van de betalingsregeling niet betaald. "
        "De regeling is vervallen; wij hervatten de invordering.",
        taak=f"Regeling verbroken (termijn {n} gemist): vervolg en toestemming bespreken",
        taak_deadline=kal.werkdagen_na(vandaag, 1),
        brief_context={
            "termijn_bedrag": euro(termijn.bedrag),
            "termijn_datum": datum_nl(termijn.vervaldatum),
        },
    )


def _regelingen_beeindig(*, eindes: list[_Einde]) -> None:
    """Fulfilled and broken arrangements, in bulk: what the one-by-one path wrote per arrangement (the
    arrangement ended, the dossier back to actief through the allowed transition, timeline, a task when
    missed, next action, status update with e-mail to the client, a letter when missed), in a fixed number
    of queries. Keyed writes happen once per key, as ``tijdlijn_voeg_toe``, ``taak_maak`` and
    ``statusupdate_stuur`` make them."""
    nu = timezone.now()
    for status in (Betalingsregeling.Status.NAGEKOMEN, Betalingsregeling.Status.VERBROKEN):
        ids = [e.regeling.pk for e in eindes if e.status == status]
        if ids and Betalingsregeling.objects.filter(pk__in=ids, status=Betalingsregeling.Status.LOOPT).update(
            status=status, beeindigd_op=nu
        ) != len(ids):  # pragma: no cover - the arrangements are locked, so this means a bug
            raise RuntimeError("Betalingsregelingen zijn intussen door een andere controle beëindigd.")
    # Locked in id order, as dossier_status_wijzig locks each dossier it moves.
    dossiers = {
        d.pk: d
        for d in Dossier.objects.select_for_update(of=("self",))
        .select_related("client")
        .filter(pk__in=[e.regeling.dossier_id for e in eindes])
        .order_by("pk")
    }
    gebeurtenissen: list[TijdlijnGebeurtenis] = []

    # regeling → actief is always allowed and done here in bulk; a dossier in another state (a bailiff step
    # started meanwhile, say) goes through the state machine one by one, which refuses or allows it as before.
    omzetten = [e for e in eindes if dossiers[e.regeling.dossier_id].status == Dossier.Status.REGELING]
    for e in eindes:
        d = dossiers[e.regeling.dossier_id]
        if d.status not in (Dossier.Status.REGELING, Dossier.Status.ACTIEF):
            status_wijzig(dossier=d, naar=Dossier.Status.ACTIEF, door=None, reden=e.reden)
    if omzetten:
        ids = [e.regeling.dossier_id for e in omzetten]
        # One UPDATE; the reason names the missed instalment, so it is picked per group of dossiers.
        redenen: dict[str, list[int]] = {}
        for e in omzetten:
            redenen.setdefault(e.reden, []).append(e.regeling.dossier_id)
        omgezet = Dossier.objects.filter(pk__in=ids, status=Dossier.Status.REGELING).update(
            status=Dossier.Status.ACTIEF,
            status_reden=Case(*(When(pk__in=pks, then=Value(r)) for r, pks in redenen.items())),
            opgeschort_tot=None,
        )
        if omgezet != len(ids):  # pragma: no cover - the rows are locked, so this means a bug
            raise RuntimeError("De status van een dossier is intussen gewijzigd.")
        overgangen = StatusOvergang.objects.bulk_create(
            StatusOvergang(
                dossier_id=e.regeling.dossier_id,
                van=Dossier.Status.REGELING,
                naar=Dossier.Status.ACTIEF,
                reden=e.reden,
            )
            for e in omzetten
        )
        gebeurtenissen += [
            TijdlijnGebeurtenis(
                dossier_id=o.dossier_id,
                soort=TijdlijnGebeurtenis.Soort.STATUS,
                tekst=status_tijdlijn_tekst(van=o.van, naar=o.naar, reden=o.reden),
                sleutel=f"status:{o.pk}",
                op=nu,
            )
            for o in overgangen
        ]
        for pk in ids:
            dossiers[pk].status = Dossier.Status.ACTIEF
    gebeurtenissen += [
        TijdlijnGebeurtenis(
            dossier_id=e.regeling.dossier_id,
            soort=TijdlijnGebeurtenis.Soort.REGELING,
            tekst=e.tekst,
            sleutel=e.sleutel,
            op=nu,
        )
        for e in eindes
    ]
    gebeurtenissen += _regeling_taken(eindes=[e for e in eindes if e.taak], dossiers=dossiers, op=nu)

    # The status update to the client, once per key (as statusupdate_stuur): portal timeline and e-mail.
    al_gestuurd = set(
        Statusupdate.objects.filter(sleutel__in=[e.sleutel for e in eindes]).values_list("sleutel", flat=True)
    )
    nieuw = [e for e in eindes if e.sleutel not in al_gestuurd]
    Statusupdate.objects.bulk_create(
        Statusupdate(
            dossier_id=e.regeling.dossier_id, sleutel=e.sleutel, aanleiding=e.aanleiding[:200], op=nu
        )
        for e in nieuw
    )
    gebeurtenissen += [
        TijdlijnGebeurtenis(
            dossier_id=e.regeling.dossier_id,
            soort=TijdlijnGebeurtenis.Soort.STATUSUPDATE,
            tekst=statusupdate_tijdlijn_tekst(e.aanleiding),
            sleutel=f"update:{e.sleutel}"[:100],
            op=nu,
        )
        for e in nieuw
    ]
    _regeling_emails(eindes=nieuw, dossiers=dossiers)

    # A timeline event with a key is recorded once (as tijdlijn_voeg_toe): keys already there are skipped.
    bestaand = set(
        TijdlijnGebeurtenis.objects.filter(
            dossier_id__in=list(dossiers), sleutel__in=[g.sleutel for g in gebeurtenissen]
        ).values_list("dossier_id", "sleutel")
    )
    gebeurtenissen = [g for g in gebeurtenissen if (g.dossier_id, g.sleutel) not in bestaand]
    TijdlijnGebeurtenis.objects.bulk_create(gebeurtenissen)
    # One UPDATE per kind of next action (fulfilled or broken: the same action and date for every arrangement).
    for actie, datum in {(e.actie, e.actie_datum) for e in eindes}:
        Dossier.objects.filter(
            pk__in=[e.regeling.dossier_id for e in eindes if (e.actie, e.actie_datum) == (actie, datum)]
        ).update(volgende_actie=actie, volgende_actie_datum=datum)
    if gebeurtenissen:
        Dossier.objects.filter(pk__in={g.dossier_id for g in gebeurtenissen}).update(
            laatste_gebeurtenis_op=nu
        )
    for e in eindes:
        if e.brief_context is not None:
            transaction.on_commit(
                partial(
                    brief_stuur_task.delay,
                    e.regeling.dossier_id,
                    BriefSoort.REGELING_GEMIST,
                    e.sleutel,
                    e.brief_context,
                )
            )


def _regeling_taken(
    *, eindes: list[_Einde], dossiers: dict[int, Dossier], op: datetime
) -> list[TijdlijnGebeurtenis]:
    """The case manager's tasks of broken arrangements, once per key (as ``taak_maak``), and their timeline
    events (returned, to be recorded with the others)."""
    if not eindes:
        return []
    bestaand = set(
        Taak.objects.filter(
            dossier_id__in=[e.regeling.dossier_id for e in eindes], sleutel__in=[e.sleutel for e in eindes]
        ).values_list("dossier_id", "sleutel")
    )
    taken = Taak.objects.bulk_create(
        Taak(
            dossier_id=e.regeling.dossier_id,
            omschrijving=e.taak,
            deadline=e.taak_deadline,
            toegewezen_aan_id=dossiers[e.regeling.dossier_id].casemanager_id,
            sleutel=e.sleutel,
        )
        for e in eindes
        if (e.regeling.dossier_id, e.sleutel) not in bestaand
    )
    return [
        TijdlijnGebeurtenis(
            dossier_id=t.dossier_id,
            soort=TijdlijnGebeurtenis.Soort.TAAK,
            tekst=taak_tijdlijn_tekst(omschrijving=t.omschrijving, deadline=t.deadline),
            intern=True,
            sleutel=f"taak:{t.pk}",
            op=op,
        )
        for t in taken
    ]


def _regeling_emails(*, eindes: list[_Einde], dossiers: dict[int, Dossier]) -> None:
    """The status-update e-mails in bulk, as ``email_plaats`` places each one: once per key, sent by a task
    after commit."""
    te_sturen = [
        (dossiers[e.regeling.dossier_id], e.aanleiding, f"update:{e.sleutel}")
        for e in eindes
        if dossiers[e.regeling.dossier_id].client.email
    ]
    if not te_sturen:
        return
    al_geplaatst = set(
        UitgaandeEmail.objects.filter(sleutel__in=[s for _, _, s in te_sturen]).values_list(
            "sleutel", flat=True
        )
    )
    emails = UitgaandeEmail.objects.bulk_create(
        UitgaandeEmail(
            aan=d.client.email,
            onderwerp=onderwerp,
            tekst=tekst,
            dossier=d,
            sleutel=sleutel,
        )
        for d, aanleiding, sleutel in te_sturen
        if sleutel not in al_geplaatst
        for onderwerp, tekst in [statusupdate_email(d, aanleiding)]
    )
    for email in emails:
        transaction.on_commit(partial(email_verstuur_task.delay, email.pk))
