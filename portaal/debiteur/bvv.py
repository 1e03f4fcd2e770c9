"""The debtor's beslagvrije-voet questionnaire (/debiteur/beslagvrije-voet/): household, income, housing costs and
the partner's income, with documents. The law leaves the debtor a minimum (Rv art. 475b–475fa); the answers let
the bailiff compute it. The service (``beslag.services.bvv_opgave_dien_in``) checks, computes and stores; the
page shows the debtor their answers, the preliminary answer and that the case manager checks it.

Only the dossier of the debtor session: a document of another dossier answers 404."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from beslag import selectors as beslag_selectors
from beslag.models import BvvOpgave, BvvOpgaveDocument
from beslag.services import BvvAntwoorden, bvv_opgave_dien_in
from dossiers.documenten import document_response
from nlai.http import fouten_op_form
from nlai.velden import BedragField

from .sessie import debiteur_required

JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]
BESTAND = {"accept": "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"}


def _bestand(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.FileInput(attrs=BESTAND),
        help_text=format_lazy(
            "{} {} MB.", _("PDF, JPG of PNG, hoogstens"), settings.UPLOAD_MAX_BYTES // 1_048_576
        ),
    )


class BvvVragenlijstForm(forms.Form):
    partner = forms.ChoiceField(
        label=_("Bent u getrouwd of woont u samen met een partner?"),
        choices=JA_NEE,
        widget=forms.RadioSelect,
        help_text=_("Ook een geregistreerd partner telt mee."),
    )
    kinderen = forms.IntegerField(
        label=_("Hoeveel kinderen jonger dan 18 jaar wonen bij u?"),
        min_value=0,
        max_value=20,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Vul 0 in als er geen kinderen bij u wonen."),
    )
    adres = forms.ChoiceField(
        label=_("Waar staat u ingeschreven?"),
        choices=[
            ("nl", _("Op een adres in Nederland")),
            ("geen", _("Ik sta nergens ingeschreven (geen vast adres)")),
            ("buitenland", _("Op een adres in het buitenland")),
        ],
        widget=forms.RadioSelect,
        initial="nl",
    )
    netto_inkomen = BedragField(
        label=_("Uw netto inkomen per maand in euro"),
        nul_toegestaan=True,
        help_text=_(
            "Wat u elke maand op uw rekening krijgt van uw werk of uitkering. Het staat op uw loonstrook."
        ),
    )
    vakantiegeld_inbegrepen = forms.BooleanField(
        label=_("Ik krijg mijn vakantiegeld elke maand. Het zit in dit bedrag."),
        required=False,
        initial=True,
    )
    eigen_overig_inkomen = BedragField(
        label=_("Ander inkomen per maand in euro"),
        required=False,
        nul_toegestaan=True,
        help_text=_("Bijvoorbeeld een tweede baan of uitkering. Geen toeslagen en geen kinderbijslag."),
    )
    partner_inkomen = BedragField(
        label=_("Netto inkomen van uw partner per maand in euro"),
        required=False,
        nul_toegestaan=True,
        help_text=_("Alleen als u een partner hebt."),
    )
    toetsingsinkomen_jaar = BedragField(
        label=_("Belastbaar inkomen per jaar in euro (als u het weet)"),
        required=False,
        nul_toegestaan=True,
        help_text=_(
            "Dit staat op uw jaaropgave. Hebt u een partner? Tel zijn of haar inkomen erbij op. "
            "Weet u het niet? Laat het leeg."
        ),
    )
    woonsoort = forms.ChoiceField(
        label=_("Hoe woont u?"),
        choices=[
            ("huur", _("Ik huur")),
            ("koop", _("Ik heb een koophuis met hypotheek")),
            ("inwonend", _("Ik woon in bij iemand anders, of anders")),
        ],
        widget=forms.RadioSelect,
    )
    woonkosten = BedragField(
        label=_("Uw huur of hypotheek per maand in euro"),
        required=False,
        nul_toegestaan=True,
        help_text=_("Kale huur, of hypotheekrente en aflossing samen."),
    )
    woonkostenverzoek = forms.BooleanField(
        label=_("Mijn woonkosten zijn hoog. Ik vraag u daar rekening mee te houden."),
        required=False,
    )
    toelichting = forms.CharField(
        label=_("Wilt u nog iets uitleggen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bewijs_inkomen = _bestand(_("Loonstrook of uitkeringsspecificatie"))
    bewijs_woonkosten = _bestand(_("Huurcontract, huurbewijs of hypotheekoverzicht"))
    bewijs_partner = _bestand(_("Bewijs van het inkomen van uw partner"))
    bewijs_overig = _bestand(_("Ander bewijs"))
    akkoord = forms.BooleanField(
        label=_("Ik heb alle vragen eerlijk en volledig beantwoord."),
        error_messages={"required": _("Vink aan dat u de vragen eerlijk hebt beantwoord.")},
    )

    RADIO = ("partner", "adres", "woonsoort")
    INKOMEN = ("netto_inkomen", "vakantiegeld_inbegrepen", "eigen_overig_inkomen", "partner_inkomen")
    BEWIJS = ("bewijs_inkomen", "bewijs_woonkosten", "bewijs_partner", "bewijs_overig")

    def clean(self):
        data = super().clean()
        if data.get("partner") == "nee" and data.get("partner_inkomen"):
            self.add_error(
                "partner_inkomen",
                _("U schreef dat u geen partner hebt. Laat het inkomen van de partner dan leeg."),
            )
        if data.get("woonkostenverzoek") and not data.get("woonkosten"):
            self.add_error(
                "woonkosten", _("Vul uw woonkosten per maand in, dan kunnen wij er rekening mee houden.")
            )
        return data

    def antwoorden(self) -> BvvAntwoorden:
        return BvvAntwoorden.uit({**self.cleaned_data, "partner": self.cleaned_data["partner"] == "ja"})

    def documenten(self) -> dict:
        return {veld.removeprefix("bewijs_"): self.cleaned_data.get(veld) for veld in self.BEWIJS}


def _initial(opgave: BvvOpgave | None) -> dict:
    """Filling in again starts from the last answers (the files are asked again)."""
    if opgave is None:
        return {}
    return {
        "partner": "ja" if opgave.huishouden.startswith("gehuwden") else "nee",
        "kinderen": opgave.kinderen,
        "adres": opgave.adres,
        "netto_inkomen": opgave.netto_inkomen,
        "vakantiegeld_inbegrepen": opgave.vakantiegeld_inbegrepen,
        "eigen_overig_inkomen": opgave.eigen_overig_inkomen or None,
        "partner_inkomen": opgave.partner_inkomen or None,
        "toetsingsinkomen_jaar": opgave.toetsingsinkomen_jaar,
        "woonsoort": opgave.woonsoort,
        "woonkosten": opgave.woonkosten,
        "woonkostenverzoek": opgave.woonkostenverzoek,
    }


@debiteur_required
def vragenlijst(request: HttpRequest) -> HttpResponse:
    dossier = request.debiteur_dossier
    laatste = beslag_selectors.bvv_opgave_laatste(dossier=dossier)
    invullen = request.method == "POST" or laatste is None or request.GET.get("opnieuw") == "1"
    form = None
    if invullen:
        form = BvvVragenlijstForm(request.POST or None, request.FILES or None, initial=_initial(laatste))
        if request.method == "POST" and form.is_valid():
            try:
                bvv_opgave_dien_in(
                    dossier=dossier, antwoorden=form.antwoorden(), documenten=form.documenten()
                )
            except ValidationError as fout:
                fouten_op_form(form, fout)
            else:
                messages.success(request, _("Dank u wel. Wij hebben uw antwoorden ontvangen."))
                return redirect("debiteur:bvv")
    context = {"dossier": dossier, "form": form, "opgave": laatste}
    if form is not None and form.is_bound and form.errors:
        # files cannot be kept by the browser after an error: ask for them again, everything typed stays
        context["bestanden_opnieuw"] = any(request.FILES.get(v) for v in BvvVragenlijstForm.BEWIJS)
        return render(request, "portaal/debiteur/bvv.html", context, status=400)
    return render(request, "portaal/debiteur/bvv.html", context)


@debiteur_required
def bewijs(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document the debtor sent with the questionnaire: only one of this dossier."""
    regel = get_object_or_404(
        BvvOpgaveDocument.objects.select_related("document"),
        opgave__dossier=request.debiteur_dossier,
        document_id=document_id,
    )
    return document_response(regel.document)
