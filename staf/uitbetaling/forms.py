from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uitbetaling.auditfile import MAX_PERIODES, aantal_maanden
from uitbetaling.exports import EXPORTS
from uitbetaling.voorbereiden import WEEK_RE, iso_week

DIALECT_KEUZES = [
    ("excel_nl", _("Excel (Nederlands): puntkomma, decimale komma")),
    ("plat", _("Standaard CSV: komma, decimale punt")),
]


class BatchVoorbereidenForm(forms.Form):
    week = forms.CharField(
        label=_("Week"),
        max_length=8,
        help_text=_("ISO-week in de vorm 2026-W47."),
        initial=lambda: iso_week(timezone.localdate()),
    )

    def clean_week(self) -> str:
        week = self.cleaned_data["week"].strip().upper()
        if not WEEK_RE.match(week):
            raise forms.ValidationError(_("Vul de week in als jaar-W-weeknummer, bijvoorbeeld 2026-W47."))
        return week


class BatchAfwijzenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef de reden van de afwijzing.")},
    )


class ExportForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort export"), choices=[(k, e.titel) for k, e in EXPORTS.items()])
    van = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    tot = forms.DateField(
        label=_("Tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Voor de saldi per cliënt geldt deze datum als peildatum."),
    )
    dialect = forms.ChoiceField(label=_("Formaat"), choices=DIALECT_KEUZES, initial="excel_nl")

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if isinstance(van, date) and isinstance(tot, date) and van > tot:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return data


class AuditfileForm(forms.Form):
    """The period of the XAF auditfile. Its fields get ids of their own (``xaf_van``), so the form can stand
    on the export page beside ``ExportForm`` while the query string stays ``?van=…&tot=…``."""

    van = forms.DateField(label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    tot = forms.DateField(
        label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "xaf_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if isinstance(van, date) and isinstance(tot, date):
            if van > tot:
                self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
            elif aantal_maanden(van, tot) > MAX_PERIODES:
                self.add_error(
                    "tot", _("Een auditfile beslaat hoogstens %(n)d maanden.") % {"n": MAX_PERIODES}
                )
        return data
