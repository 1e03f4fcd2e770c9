"""Access requests (inzageverzoek, art. 15 AVG): one archive of everything stored about a client or a debtor.

The archive is a ZIP with a LEESMIJ, the person's own record as JSON, one CSV per kind of data and their
documents; the other party's contact details and IBAN are masked. Every request is logged
(``Inzageverzoek``: who asked, for whom, when, which staff member, when delivered).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User

from .models import Client, Debiteur, Document, Dossier, Inzageverzoek
from .privacy import _vervang, _vervangingen, _verwijzers

LEESMIJ = """Inzageverzoek {nummer} (artikel 15 AVG)

Betrokkene: {betrokkene}
Verzoek ontvangen op: {ontvangen}; archief gemaakt op: {gemaakt}.

betrokkene.json: de gegevens die wij over u hebben vastgelegd.
<app>.<soort>.csv: per soort gegevens de rijen die over u of over uw dossiers gaan.
documenten/: de brieven en stukken over u.
Contactgegevens van de wederpartij zijn afgeschermd.

Wij bewaren dossiergegevens tot {jaren} jaar na het sluiten van het dossier (fiscale bewaarplicht,
art. 2:10 BW en art. 52 AWR); daarna worden uw persoonsgegevens geanonimiseerd.
"""


def _rij_dict(obj: models.Model) -> dict:
    rij = {}
    for veld in obj._meta.concrete_fields:
        waarde = getattr(obj, veld.attname)
        if isinstance(veld, models.FileField):
            waarde = waarde.name if waarde else ""
        rij[veld.attname] = waarde
    return rij


def _csv(rijen: list[dict], maskering: list[tuple[re.Pattern, str]]) -> str:
    uit = io.StringIO()
    schrijver = csv.DictWriter(uit, fieldnames=list(rijen[0]), delimiter=";")
    schrijver.writeheader()
    for rij in rijen:
        schrijver.writerow(
            {
                k: _vervang(v, maskering)
                if isinstance(v, str)
                else json.dumps(v, cls=DjangoJSONEncoder)
                if isinstance(v, dict | list)
                else v
                for k, v in rij.items()
            }
        )
    return uit.getvalue()


def _archief(persoon: Client | Debiteur, verzoek: Inzageverzoek) -> bytes:
    dossiers = list(persoon.dossiers.select_related("client", "debiteur").order_by("pk"))
    # The other party's contact details (address, IBAN, e-mail, phone) are masked everywhere; names stay.
    wederpartijen = {d.debiteur if isinstance(persoon, Client) else d.client for d in dossiers}
    maskering = sorted((v for w in wederpartijen for v in _vervangingen(w)), key=lambda v: -len(v[0].pattern))
    wortels: dict[type[models.Model], set[int]] = {
        Dossier: {d.pk for d in dossiers},
        type(persoon): {persoon.pk},
    }
    per_soort: dict[str, list[dict]] = {"dossiers.dossier": [_rij_dict(d) for d in dossiers]}
    bestanden: dict[str, models.fields.files.FieldFile] = {}
    for model, pks in wortels.items():
        for qs, _ in _verwijzers(model, pks, verborgen=False):
            if qs.model in wortels or qs.model is Inzageverzoek:
                continue
            for obj in qs.order_by("pk"):
                per_soort.setdefault(qs.model._meta.label_lower, []).append(_rij_dict(obj))
                if model is type(
                    persoon
                ):  # the person's own papers: payout specifications, yearly statements
                    for veld in obj._meta.concrete_fields:
                        if isinstance(veld, models.FileField) and (bestand := getattr(obj, veld.attname)):
                            bestanden[bestand.name] = bestand
    if isinstance(persoon, Client):
        # the client's papers; not the letters to the debtor (they carry the debtor's address)
        documenten = Document.objects.filter(dossier__in=dossiers, zichtbaar_voor_client=True).exclude(
            soort=Document.Soort.BRIEF
        )
    else:  # the letters sent to the debtor and the title; not the client's own papers
        documenten = Document.objects.filter(
            dossier__in=dossiers, soort__in=[Document.Soort.BRIEF, Document.Soort.TITEL]
        )
    betrokkene = _rij_dict(persoon)
    betrokkene.pop("user_id", None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "LEESMIJ.txt",
            LEESMIJ.format(
                nummer=verzoek.pk,
                betrokkene=persoon.naam,
                ontvangen=f"{timezone.localtime(verzoek.ontvangen_op):%d-%m-%Y}",
                gemaakt=f"{timezone.localtime():%d-%m-%Y}",
                jaren=settings.AVG_BEWAARJAREN,
            ),
        )
        zf.writestr(
            "betrokkene.json", json.dumps(betrokkene, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for soort, rijen in sorted(per_soort.items()):
            zf.writestr(f"{soort}.csv", _csv(rijen, maskering))
        bestanden |= {doc.bestand.name: doc.bestand for doc in documenten.order_by("pk") if doc.bestand}
        for naam, bestand in bestanden.items():
            with bestand.open("rb") as f:
                zf.writestr(f"documenten/{naam.replace('/', '_')}", f.read())
    return buffer.getvalue()


@transaction.atomic(durable=True)
def inzageverzoek_maak(
    *,
    client: Client | None = None,
    debiteur: Debiteur | None = None,
    gevraagd_door: str,
    door: User,
    ontvangen_op: datetime | None = None,
) -> Inzageverzoek:
    """Build the archive of everything stored about one person and log the request."""
    if (client is None) == (debiteur is None):
        raise ValueError("Een inzageverzoek gaat over precies één cliënt of debiteur.")
    persoon = client or debiteur
    verzoek = Inzageverzoek.objects.create(
        client=client,
        debiteur=debiteur,
        gevraagd_door=gevraagd_door,
        door=door,
        ontvangen_op=ontvangen_op or timezone.now(),
    )
    verzoek.archief.save(f"inzage-{verzoek.pk}.zip", ContentFile(_archief(persoon, verzoek)), save=True)
    return verzoek


@transaction.atomic(durable=True)
def inzageverzoek_lever(*, verzoek: Inzageverzoek) -> Inzageverzoek:
    """The archive leaves the system (its first download by the beheerder): that moment is the delivery."""
    Inzageverzoek.objects.filter(pk=verzoek.pk, geleverd_op__isnull=True).update(geleverd_op=timezone.now())
    verzoek.refresh_from_db(fields=["geleverd_op"])
    return verzoek
