"""Staff forms of the bailiff track. Forms only parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from beslag.models import Beslag, BeslagStap, BvvOpgave, Derde, Deurwaarderskantoor
from nlai.velden import BedragField
from recht.bvv import Adres, Huishouden
from recht.proportionaliteit import HANDELINGEN

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BEDRAG = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class KantoorForm(forms.ModelForm):
    class Meta:
        model = Deurwaarderskantoor
        fields = ["naam", "straat", "postcode", "woonplaats", "email", "telefoon", "regio", "iban"]

    def clean_iban(self) -> str:
        iban = self.cleaned_data["iban"].replace(" ", "").upper()
        if iban:
            from schwifty import IBAN
            from schwifty.exceptions import SchwiftyException

            try:
                IBAN(iban)
            except SchwiftyException as fout:
                raise forms.ValidationError(_("Dit is geen geldig IBAN.")) from fout
        return iban


class DerdeForm(forms.ModelForm):
    class Meta:
        model = Derde
        fields = ["naam", "soort", "straat", "postcode", "woonplaats", "email", "telefoon"]


class InstrueerForm(forms.Form):
    kantoor = forms.ModelChoiceField(
        label=_("Deurwaarderskantoor"),
        queryset=Deurwaarderskantoor.objects.filter(actief=True).order_by("naam"),
    )


class BevestigForm(forms.Form):
    datum = forms.DateField(label=_("Bevestigd op"), widget=DATUM)


STAP_KEUZES = [
    (k, v)
    for k, v in BeslagStap.Soort.choices
    if k
    not in (
        BeslagStap.Soort.BEZOEK,
        BeslagStap.Soort.LOONBESLAG,
        BeslagStap.Soort.BANKBESLAG,
        BeslagStap.Soort.BESLAG_ROERENDE_ZAKEN,
        BeslagStap.Soort.BVV_VASTSTELLING,
    )
]


class StapForm(forms.Form):
    soort = forms.ChoiceField(label=_("Stap"), choices=STAP_KEUZES)
    datum = forms.DateField(label=_("Datum"), widget=DATUM)
    kosten_in_rekening = BedragField(
        label=_("Kosten van de deurwaarder (€)"), initial=Decimal("0.00"), nul_toegestaan=True
    )
    beslag = forms.ModelChoiceField(label=_("Bij beslag"), queryset=Beslag.objects.none(), required=False)
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dossier is not None:
            self.fields["beslag"].queryset = Beslag.objects.filter(dossier=dossier)


class BezoekForm(forms.Form):
    gepland_op = forms.DateTimeField(
        label=_("Datum en tijd van het bezoek"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Maandag tot en met zaterdag tussen 07:00 en 20:00 uur."),
    )
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)


class BvvVelden(forms.Form):
    huishouden = forms.ChoiceField(
        label=_("Huishouden"),
        choices=[
            (Huishouden.ALLEENSTAANDE, _("alleenstaande")),
            (Huishouden.ALLEENSTAANDE_OUDER, _("alleenstaande ouder")),
            (Huishouden.GEHUWDEN_ZONDER_KINDEREN, _("gehuwd of samenwonend, zonder kinderen")),
            (Huishouden.GEHUWDEN_MET_KINDEREN, _("gehuwd of samenwonend, met kinderen")),
        ],
    )
    netto_inkomen = BedragField(label=_("Netto inkomen per maand (€)"), required=False, nul_toegestaan=True)
    vakantiegeld_inbegrepen = forms.BooleanField(
        label=_("Vakantiegeld is in dit bedrag inbegrepen"), required=False, initial=True
    )
    partner_inkomen = BedragField(
        label=_("Niet-beslagen inkomen partner per maand (€)"), required=False, nul_toegestaan=True
    )
    eigen_overig_inkomen = BedragField(
        label=_("Eigen ander niet-beslagen inkomen per maand (€)"), required=False, nul_toegestaan=True
    )
    woonkosten = BedragField(label=_("Woonkosten per maand (€)"), required=False, nul_toegestaan=True)
    woonkostenverzoek_toegekend = forms.BooleanField(
        label=_("Verzoek om woonkostenverhoging toegekend"), required=False
    )
    adres = forms.ChoiceField(
        label=_("Adres"),
        choices=[
            (Adres.NL, _("adres in Nederland (BRP)")),
            (Adres.GEEN, _("geen adres in de BRP")),
            (Adres.BUITENLAND, _("vast adres in het buitenland")),
        ],
        initial=Adres.NL,
    )
    # Rv art. 475da lid 2: the formula needs the taxable income; the amounts set each year by regulation come
    # from the table (tarieven.Regelingsbedrag) when left empty, and a typed value wins. Without C, or with a
    # needed amount in neither, the answer is the maximum of lid 1 and says which one was missing.
    toetsingsinkomen_jaar = BedragField(
        label=_("Belastbaar inkomen per jaar, met dat van de echtgenoot (C, €)"),
        required=False,
        nul_toegestaan=True,
    )
    drempelinkomen = BedragField(
        label=_("Drempelinkomen zorgtoeslag per jaar (D, €)"), required=False, nul_toegestaan=True
    )
    standaardpremie_jaar = BedragField(
        label=_("Standaardpremie zorgtoeslag per jaar (€)"), required=False, nul_toegestaan=True
    )
    minimum_inkomensijkpunt = BedragField(
        label=_("Minimum-inkomensijkpunt huurtoeslag per jaar (€)"), required=False, nul_toegestaan=True
    )
    kgb_percentage = forms.DecimalField(
        label=_("Percentage kindgebonden budget (K, %)"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=3,
    )
    kgb_drempelverhoging = BedragField(
        label=_("Verhoging drempelinkomen kindgebonden budget per jaar (L, €)"),
        required=False,
        nul_toegestaan=True,
    )


class BvvRekenForm(BvvVelden):
    """The public calculator page."""

    datum = forms.DateField(label=_("Peildatum"), widget=DATUM)
    field_order = ["datum", "huishouden"]


class BeslagForm(BvvVelden):
    soort = forms.ChoiceField(label=_("Soort beslag"), choices=Beslag.Soort.choices)
    derde = forms.ModelChoiceField(
        label=_("Derde (werkgever, uitkeringsinstantie of bank)"),
        queryset=Derde.objects.order_by("naam"),
        required=False,
    )
    datum = forms.DateField(label=_("Datum beslag"), widget=DATUM)
    kosten_in_rekening = BedragField(
        label=_("Kosten van de deurwaarder (€)"), initial=Decimal("0.00"), nul_toegestaan=True
    )
    eerste_maand = forms.DateField(label=_("Eerste maand van afdracht"), widget=DATUM, required=False)
    bvv_bepalen = forms.BooleanField(label=_("Beslagvrije voet nu vaststellen"), required=False)
    field_order = ["soort", "derde", "datum", "kosten_in_rekening", "eerste_maand", "bvv_bepalen"]


class OntvangstForm(forms.Form):
    maand = forms.DateField(label=_("Maand (een dag in die maand)"), widget=DATUM)
    bedrag = BedragField(label=_("Ontvangen bedrag (€)"))
    datum = forms.DateField(label=_("Ontvangen op"), widget=DATUM)
    referentie = forms.CharField(label=_("Kenmerk van de deurwaarder"), max_length=50, required=False)


class SamenloopForm(forms.Form):
    beslaglegger = forms.CharField(label=_("Andere beslaglegger (schuldeiser)"), max_length=200)
    deurwaarder = forms.CharField(label=_("Deurwaarder van dat beslag"), max_length=200)
    datum = forms.DateField(label=_("Datum van dat beslag"), widget=DATUM)
    coordinerend_kantoor = forms.ModelChoiceField(
        label=_("Coördinerende deurwaarder (uit ons register)"),
        queryset=Deurwaarderskantoor.objects.order_by("naam"),
        required=False,
    )


class VoorstelForm(forms.Form):
    stap = forms.ChoiceField(
        label=_("Voorgestelde stap"), choices=[(k, k.replace("_", " ")) for k in HANDELINGEN]
    )
    achterstand = BedragField(
        label=_("Achterstand (€)"),
        required=False,
        nul_toegestaan=True,
        help_text=_("Leeg: de achterstand volgens de administratie."),
    )
    beslagruimte = BedragField(
        label=_("Beslagruimte per maand (€), bij loonbeslag"), required=False, nul_toegestaan=True
    )
    maanden = forms.IntegerField(label=_("Aantal maanden"), min_value=1, max_value=120, initial=12)
    verwacht_saldo = BedragField(
        label=_("Verwachte opbrengst (€), bij bank- of roerendbeslag"), required=False, nul_toegestaan=True
    )


class BtagRekenForm(forms.Form):
    handeling = forms.ChoiceField(label=_("Handeling"), choices=[])
    datum = forms.DateField(label=_("Datum"), widget=DATUM)

    def __init__(self, *args, handelingen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handeling"].choices = list(handelingen)


class BvvBeoordeelForm(forms.Form):
    """The case manager checks the debtor's questionnaire: the answers prefilled, corrections recompute; the
    regulation amounts of Rv art. 475da lid 2 may be typed when the table has no row for the year."""

    partner = forms.BooleanField(label=_("Gehuwd of samenwonend"), required=False)
    kinderen = forms.IntegerField(label=_("Thuiswonende kinderen onder 18"), min_value=0, max_value=20)
    adres = BvvVelden.base_fields["adres"]
    netto_inkomen = BedragField(label=_("Netto inkomen per maand (€)"), nul_toegestaan=True)
    vakantiegeld_inbegrepen = forms.BooleanField(label=_("Vakantiegeld inbegrepen"), required=False)
    eigen_overig_inkomen = BvvVelden.base_fields["eigen_overig_inkomen"]
    partner_inkomen = BvvVelden.base_fields["partner_inkomen"]
    toetsingsinkomen_jaar = BvvVelden.base_fields["toetsingsinkomen_jaar"]
    woonsoort = forms.ChoiceField(
        label=_("Woonsituatie"), choices=[("", "—"), *BvvOpgave.Woonsoort.choices], required=False
    )
    woonkosten = BvvVelden.base_fields["woonkosten"]
    woonkostenverzoek = forms.BooleanField(
        label=_("Woonkostenverhoging toekennen (Rv art. 475da lid 5–6)"), required=False
    )
    drempelinkomen = BvvVelden.base_fields["drempelinkomen"]
    standaardpremie_jaar = BvvVelden.base_fields["standaardpremie_jaar"]
    minimum_inkomensijkpunt = BvvVelden.base_fields["minimum_inkomensijkpunt"]
    kgb_percentage = BvvVelden.base_fields["kgb_percentage"]
    kgb_drempelverhoging = BvvVelden.base_fields["kgb_drempelverhoging"]
    toelichting = forms.CharField(
        label=_("Toelichting bij de beoordeling"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    FORMULE = (
        "drempelinkomen",
        "standaardpremie_jaar",
        "minimum_inkomensijkpunt",
        "kgb_percentage",
        "kgb_drempelverhoging",
    )

    @staticmethod
    def initial_van(opgave: BvvOpgave) -> dict:
        return {
            "partner": opgave.huishouden.startswith("gehuwden"),
            "kinderen": opgave.kinderen,
            "adres": opgave.adres,
            "netto_inkomen": opgave.netto_inkomen,
            "vakantiegeld_inbegrepen": opgave.vakantiegeld_inbegrepen,
            "eigen_overig_inkomen": opgave.eigen_overig_inkomen,
            "partner_inkomen": opgave.partner_inkomen,
            "toetsingsinkomen_jaar": opgave.toetsingsinkomen_jaar,
            "woonsoort": opgave.woonsoort,
            "woonkosten": opgave.woonkosten,
            "woonkostenverzoek": opgave.woonkostenverzoek,
            **{k: Decimal(str(v)) for k, v in (opgave.formule_correcties or {}).items()},
        }
