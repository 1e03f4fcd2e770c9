"""Nothing stagnant: the daily sweep that opens and closes findings (signaleringen) on every open dossier
and asks for a rappel when a third party stays silent."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.lookups import LessThan
from django.utils import timezone

from dossiers.models import Dossier, Taak, TijdlijnGebeurtenis
from dossiers.selectors import stagnatie_grens, stil_sinds
from incasso.models import Signalering, Toestemmingsverzoek, VerzoekAanDerde
from tarieven.selectors import kalender

from .toestemming import HERINNERING_WERKDAGEN

RAPPEL_DAGEN = 28


@transaction.atomic(durable=True)
def stagnatie_controle(*, vandaag: date | None = None) -> dict[str, int]:
    """The daily sweep over every open dossier, set-based: a fixed number of queries however many dossiers.

    Per kind of finding: one INSERT … for dossiers that match and have no open finding of that kind, one
    UPDATE closing open findings whose cause is gone. Plus rappels to third parties after 4 weeks.
    """
    vandaag = vandaag or timezone.localdate()
    tz = timezone.get_current_timezone()
    toestemming_grens = timezone.make_aware(
        datetime.combine(
            kalender().werkdagen_terug(vandaag, HERINNERING_WERKDAGEN) + timedelta(days=1),
            datetime.min.time(),
        ),
        tz,
    )
    open_dossier = Q(status__in=Dossier.OPEN_STATUSSEN)
    oorzaken: dict[str, Q] = {
        Signalering.Soort.ACTIE_VERLOPEN: Q(volgende_actie_datum__lt=vandaag),
        # the work queue's definition of "still" (last event, else creation, before the 10th working day back)
        Signalering.Soort.GEEN_GEBEURTENIS: Q(LessThan(stil_sinds(), stagnatie_grens(vandaag))),
        Signalering.Soort.DERDE_TE_LAAT: Q(
            Exists(
                VerzoekAanDerde.objects.filter(
                    dossier=OuterRef("pk"), beantwoord_op__isnull=True, antwoord_uiterlijk__lt=vandaag
                )
            )
        ),
        Signalering.Soort.TOESTEMMING_OPEN: Q(
            Exists(
                Toestemmingsverzoek.objects.filter(
                    dossier=OuterRef("pk"),
                    status=Toestemmingsverzoek.Status.GEVRAAGD,
                    gevraagd_op__lt=toestemming_grens,
                )
            )
        ),
    }
    telling: dict[str, int] = {}
    for soort, oorzaak in oorzaken.items():
        al_open = Signalering.objects.filter(dossier=OuterRef("pk"), soort=soort, opgelost_op__isnull=True)
        nieuw_ids = Dossier.objects.filter(open_dossier & oorzaak).exclude(Exists(al_open)).values("pk")
        nieuw = _signaleringen_maak(dossier_ids=nieuw_ids, soort=soort, sinds=vandaag)
        nog_steeds = Dossier.objects.filter(open_dossier & oorzaak).values("pk")
        opgelost = (
            Signalering.objects.filter(soort=soort, opgelost_op__isnull=True)
            .exclude(dossier_id__in=nog_steeds)
            .update(opgelost_op=vandaag)
        )
        telling[soort] = nieuw
        telling[f"{soort}_opgelost"] = opgelost
    telling["rappels"] = _rappels_maak(vandaag=vandaag)
    return telling


def _signaleringen_maak(*, dossier_ids, soort: str, sinds: date) -> int:
    """One ``INSERT … SELECT`` for the findings of a kind: the database makes them, no row passes through
    Python (bulk_create built 25,000 objects per kind at 100,000 dossiers). Returns how many were made; a
    finding opened meanwhile by a concurrent sweep is skipped by the unique open finding per dossier/kind."""
    sql, params = dossier_ids.query.sql_with_params()
    tabel = connection.ops.quote_name(Signalering._meta.db_table)
    dossiers = connection.ops.quote_name(Dossier._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            # only quoted table names and the ORM's own SQL are put in; every value is a parameter
            f'INSERT INTO {tabel} ("dossier_id", "soort", "sinds") '  # noqa: S608
            f'SELECT d."id", %s, %s FROM {dossiers} d WHERE d."id" IN ({sql}) ON CONFLICT DO NOTHING',
            [soort, sinds, *params],
        )
        return max(cur.rowcount, 0)


def _rappels_maak(*, vandaag: date) -> int:
    """Third party silent for 4 weeks after the request: a rappel task and a timeline entry, in bulk."""
    grens = vandaag - timedelta(days=RAPPEL_DAGEN)
    verzoeken = list(
        VerzoekAanDerde.objects.filter(
            beantwoord_op__isnull=True,
            rappel_op__isnull=True,
            verzonden_op__lte=grens,
            dossier__status__in=Dossier.OPEN_STATUSSEN,
        ).values_list("pk", "dossier_id", "derde_naam", "dossier__casemanager_id")
    )
    if not verzoeken:
        return 0
    deadline = kalender().werkdagen_na(vandaag, 2)
    nu = timezone.now()
    Taak.objects.bulk_create(
        [
            Taak(
                dossier_id=dossier_id,
                omschrijving=f"Rappel sturen aan {naam}: geen antwoord na 4 weken",
                deadline=deadline,
                toegewezen_aan_id=cm,
                sleutel=f"rappel:{pk}",
            )
            for pk, dossier_id, naam, cm in verzoeken
        ],
        ignore_conflicts=True,
    )
    TijdlijnGebeurtenis.objects.bulk_create(
        [
            TijdlijnGebeurtenis(
                dossier_id=dossier_id,
                soort=TijdlijnGebeurtenis.Soort.TAAK,
                op=nu,
                tekst=f"Rappel nodig: {naam} heeft na 4 weken niet geantwoord.",
                intern=True,
                sleutel=f"rappel:{pk}",
            )
            for pk, dossier_id, naam, _ in verzoeken
        ],
        ignore_conflicts=True,
    )
    return VerzoekAanDerde.objects.filter(pk__in=[v[0] for v in verzoeken]).update(rappel_op=vandaag)
