"""The debtor's beslagvrije-voet questionnaire (portal): the answers are checked, the law computes the answer
(``recht.bvv.bvv_bereken`` with the tables of the peildatum, Rv art. 475da lid 2 when the taxable income and the
regulation amounts are known), and the whole is stored with that answer as a snapshot. The case manager gets a
task to check it; checking may correct answers, which recomputes on the same peildatum.

The answer holds 12 months from the peildatum (Rv art. 475d lid 2, ``recht.bvv.geldig_tot``). A wage
garnishment laid within that period takes its BVV from these answers (``beslag_leg``), recomputed with the
tables of the garnishment's date.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.documenten import document_controleer, document_opslaan
from dossiers.models import Document, Dossier, Taak, TijdlijnGebeurtenis
from dossiers.services import taak_maak, taak_rond_af, tijdlijn_voeg_toe
from recht.bvv import Adres, Huishouden
from recht.fouten import OngeldigeInvoer
from recht.geld import NUL, euro
from tarieven.selectors import kalender

from .. import selectors
from ..models import BvvOpgave, BvvOpgaveDocument
from .beslagen import bvv_bereken_met_tabellen, bvv_uitkomst_json

# The case manager checks the answers within this many working days (Atw calendar).
BEOORDEEL_WERKDAGEN = 5
# Regulation amounts of the lid 2 formula the case manager may type (they win over the table row of the year).
FORMULE_CORRECTIES = (
    "drempelinkomen",
    "standaardpremie_jaar",
    "minimum_inkomensijkpunt",
    "kgb_percentage",
    "kgb_drempelverhoging",
)


@dataclass(frozen=True, slots=True)
class BvvAntwoorden:
    """What the debtor answers. The household type follows from partner and children (a B1 question each)."""

    partner: bool
    kinderen: int
    adres: str
    netto_inkomen: Decimal
    vakantiegeld_inbegrepen: bool = True
    toetsingsinkomen_jaar: Decimal | None = None
    eigen_overig_inkomen: Decimal = NUL
    partner_inkomen: Decimal = NUL
    woonsoort: str = ""
    woonkosten: Decimal | None = None
    woonkostenverzoek: bool = False
    toelichting: str = ""

    @classmethod
    def uit(cls, data: dict[str, Any]) -> BvvAntwoorden:
        """From a form's cleaned data (extra keys ignored, empty amounts as nothing or zero)."""
        waarden = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for veld in ("eigen_overig_inkomen", "partner_inkomen"):
            if waarden.get(veld) is None:
                waarden[veld] = NUL
        waarden["toelichting"] = (waarden.get("toelichting") or "").strip()
        waarden["woonsoort"] = waarden.get("woonsoort") or ""
        return cls(**waarden)

    @property
    def huishouden(self) -> Huishouden:
        if self.partner:
            return Huishouden.GEHUWDEN_MET_KINDEREN if self.kinderen else Huishouden.GEHUWDEN_ZONDER_KINDEREN
        return Huishouden.ALLEENSTAANDE_OUDER if self.kinderen else Huishouden.ALLEENSTAANDE


def _controleer(a: BvvAntwoorden) -> None:
    fouten: dict[str, list[str]] = {}
    if a.adres not in {x.value for x in Adres}:
        fouten["adres"] = [_("Kies of u in Nederland staat ingeschreven.")]
    if a.kinderen < 0 or a.kinderen > 20:
        fouten["kinderen"] = [_("Vul het aantal kinderen in (0 als er geen kinderen bij u wonen).")]
    for veld in (
        "netto_inkomen",
        "toetsingsinkomen_jaar",
        "eigen_overig_inkomen",
        "partner_inkomen",
        "woonkosten",
    ):
        waarde = getattr(a, veld)
        if waarde is not None and waarde < 0:
            fouten[veld] = [_("Een bedrag kan niet negatief zijn.")]
    if a.partner_inkomen and not a.partner:
        fouten["partner_inkomen"] = [
            _("U schreef dat u geen partner hebt. Laat het inkomen van de partner dan leeg.")
        ]
    if a.woonkostenverzoek and not a.woonkosten:
        fouten["woonkosten"] = [_("Vul uw woonkosten per maand in, dan kunnen wij er rekening mee houden.")]
    if a.woonsoort and a.woonsoort not in BvvOpgave.Woonsoort.values:
        fouten["woonsoort"] = [_("Kies uw woonsituatie.")]
    if fouten:
        raise ValidationError(fouten)


def _bereken(opgave: BvvOpgave) -> None:
    """Compute with the tables of the peildatum and keep the answer as a snapshot. An answer the law refuses
    (an address abroad, no table for the date) is kept without amounts, with the reason."""
    try:
        uitkomst, _onbevestigd = bvv_bereken_met_tabellen(selectors.bvv_opgave_invoer(opgave))
    except OngeldigeInvoer as exc:
        opgave.bvv_bedrag = opgave.beslagruimte = opgave.inkomen_incl_vakantiegeld = opgave.geldig_tot = None
        opgave.termen, opgave.onbevestigd, opgave.regelversie = [], [], ""
        opgave.meldingen = [exc.bericht]
        return
    opgave.bvv_bedrag = uitkomst.beslagvrije_voet
    opgave.beslagruimte = uitkomst.beslagruimte
    opgave.inkomen_incl_vakantiegeld = uitkomst.inkomen_incl_vakantiegeld
    opgave.geldig_tot = uitkomst.geldig_tot
    opgave.termen = bvv_uitkomst_json(uitkomst)
    opgave.meldingen = list(uitkomst.meldingen)
    opgave.onbevestigd = list(uitkomst.onbevestigd)
    opgave.regelversie = uitkomst.regelversie


def _als_json(a: BvvAntwoorden) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(a).items()}


# The answers stored on the model as they are (the household follows from partner and children).
ANTWOORDVELDEN = (
    "kinderen",
    "adres",
    "netto_inkomen",
    "vakantiegeld_inbegrepen",
    "toetsingsinkomen_jaar",
    "eigen_overig_inkomen",
    "partner_inkomen",
    "woonsoort",
    "woonkosten",
    "woonkostenverzoek",
    "toelichting",
)


def _zet_antwoorden(opgave: BvvOpgave, a: BvvAntwoorden) -> None:
    opgave.huishouden = a.huishouden.value
    for veld in ANTWOORDVELDEN:
        setattr(opgave, veld, getattr(a, veld))


def _gelijk(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(str(a)) == Decimal(str(b)) or a is b is None
    return a == b


def _taak_sleutel(opgave: BvvOpgave) -> str:
    return f"beslag:bvv-opgave:{opgave.pk}"


@transaction.atomic(durable=True)
def bvv_opgave_dien_in(
    *,
    dossier: Dossier,
    antwoorden: BvvAntwoorden,
    documenten: dict[str, UploadedFile] | None = None,
    peildatum: date | None = None,
) -> BvvOpgave:
    """Store the debtor's answers with the law's answer, their documents (PDF/JPEG/PNG by content, size limit),
    a timeline entry and a task for the case manager. Nothing is stored when an answer or a file is refused:
    ValidationError per field (``bewijs_<soort>`` for a file)."""
    _controleer(antwoorden)
    documenten = {soort: f for soort, f in (documenten or {}).items() if f}
    fouten: dict[str, list[str]] = {}
    for soort, bestand in documenten.items():
        if soort not in BvvOpgaveDocument.Soort.values:
            raise ValueError(soort)
        try:
            document_controleer(bestand)  # every file checked before any is written
        except ValidationError as exc:
            fouten[f"bewijs_{soort}"] = exc.message_dict.get("bestand", exc.messages)
    if fouten:
        raise ValidationError(fouten)
    if not dossier.is_open:
        raise ValidationError({"dossier": [_("Dit dossier is gesloten; de vragenlijst kan niet meer.")]})

    nu = timezone.now()
    opgave = BvvOpgave(
        dossier=dossier,
        antwoorden_debiteur=_als_json(antwoorden),
        ingediend_op=nu,
        peildatum=peildatum or timezone.localdate(),
    )
    _zet_antwoorden(opgave, antwoorden)
    _bereken(opgave)
    opgave.save()
    for soort, bestand in documenten.items():
        document = document_opslaan(
            bestand=bestand,
            soort=Document.Soort.OVERIG,
            dossier=dossier,
            geupload_door=None,
            zichtbaar_voor_client=False,  # the debtor's payslip is none of the client's business
        )
        BvvOpgaveDocument.objects.create(opgave=opgave, document=document, soort=soort)
    uitkomst = (
        f"voorlopige beslagvrije voet {euro(opgave.bvv_bedrag)}, geldig tot {opgave.geldig_tot:%d-%m-%Y}"
        if opgave.bvv_bedrag is not None
        else "geen berekening mogelijk: " + " ".join(opgave.meldingen)
    )
    tijdlijn_voeg_toe(
        dossier=dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        tekst=(
            f"De debiteur vulde de vragenlijst beslagvrije voet in ({len(documenten)} bewijsstuk(ken)); "
            f"{uitkomst}."
        )[:2000],
        intern=True,
        sleutel=f"beslag:bvv-opgave:{opgave.pk}",
        op=nu,
    )
    taak_maak(
        dossier=dossier,
        omschrijving="Vragenlijst beslagvrije voet van de debiteur beoordelen (tabblad Deurwaarder)",
        deadline=kalender().werkdagen_na(timezone.localdate(), BEOORDEEL_WERKDAGEN),
        sleutel=_taak_sleutel(opgave),
    )
    return opgave


def bvv_opgave_beoordeel(
    *,
    opgave: BvvOpgave,
    door,
    correcties: BvvAntwoorden | None = None,
    formule: dict[str, Decimal | None] | None = None,
    toelichting: str = "",
) -> BvvOpgave:
    """The case manager checked the answers. Corrections (answers, regulation amounts of lid 2) recompute the
    answer on the questionnaire's peildatum; what changed is kept (``correcties``), the debtor's own answers
    stay in ``antwoorden_debiteur``. Checked again later: the latest check counts. The review task is closed
    after the check is stored (``taak_rond_af`` is its own durable transaction and closes a task once)."""
    opgave = _beoordeel(
        opgave=opgave, door=door, correcties=correcties, formule=formule, toelichting=toelichting
    )
    taak = Taak.objects.filter(dossier=opgave.dossier, sleutel=_taak_sleutel(opgave)).first()
    if taak is not None and taak.afgerond_op is None:
        taak_rond_af(taak=taak, door=door)
    return opgave


@transaction.atomic(durable=True)
def _beoordeel(
    *,
    opgave: BvvOpgave,
    door,
    correcties: BvvAntwoorden | None,
    formule: dict[str, Decimal | None] | None,
    toelichting: str,
) -> BvvOpgave:
    opgave = BvvOpgave.objects.select_for_update().get(pk=opgave.pk)
    gewijzigd: dict[str, list[Any]] = {}
    if correcties is not None:
        correcties = replace(correcties, toelichting=opgave.toelichting)  # the debtor's words are theirs
        _controleer(correcties)
        oud = {k: getattr(opgave, k) for k in ("huishouden", *ANTWOORDVELDEN)}
        _zet_antwoorden(opgave, correcties)
        for veld, waarde in oud.items():
            nieuw = getattr(opgave, veld)
            if not _gelijk(waarde, nieuw):
                gewijzigd[veld] = [str(waarde), str(nieuw)]
    if formule is not None:
        nieuwe_formule = {k: str(v) for k, v in formule.items() if k in FORMULE_CORRECTIES and v is not None}
        if nieuwe_formule != (opgave.formule_correcties or {}):
            gewijzigd["formule"] = [opgave.formule_correcties or {}, nieuwe_formule]
            opgave.formule_correcties = nieuwe_formule
    voor = opgave.bvv_bedrag
    _bereken(opgave)
    opgave.status = BvvOpgave.Status.BEOORDEELD
    opgave.beoordeeld_op = timezone.now()
    opgave.beoordeeld_door = door
    opgave.beoordeling = toelichting.strip()
    opgave.correcties = {**(opgave.correcties or {}), **gewijzigd}
    opgave.save()
    bedrag = euro(opgave.bvv_bedrag) if opgave.bvv_bedrag is not None else "niet te berekenen"
    tekst = f"Vragenlijst beslagvrije voet beoordeeld: beslagvrije voet {bedrag}"
    if gewijzigd:
        tekst += f" (gecorrigeerd: {', '.join(gewijzigd)}; eerst {euro(voor) if voor is not None else '—'})"
    tijdlijn_voeg_toe(
        dossier=opgave.dossier,
        soort=TijdlijnGebeurtenis.Soort.DEURWAARDER,
        tekst=(tekst + (f". {opgave.beoordeling}" if opgave.beoordeling else "."))[:2000],
        door=door,
        intern=True,
    )
    return opgave
