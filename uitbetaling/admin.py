"""The beheerder keeps the chart of accounts of the XAF auditfile here (one row per ledger code)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .auditfile import SOORTEN
from .models import AuditfileRekening


class AuditfileRekeningForm(forms.ModelForm):
    code = forms.ChoiceField(label=_("grootboekcode"), choices=[(c, c) for c in SOORTEN])

    class Meta:
        model = AuditfileRekening
        fields = ("code", "rekeningnummer", "omschrijving", "soort", "rgs_code")


@admin.register(AuditfileRekening)
class AuditfileRekeningAdmin(admin.ModelAdmin):
    form = AuditfileRekeningForm
    list_display = ("rekeningnummer", "omschrijving", "soort", "rgs_code", "code", "gewijzigd_op")
    list_display_links = ("rekeningnummer",)
    search_fields = ("rekeningnummer", "omschrijving", "code", "rgs_code")
    ordering = ("rekeningnummer", "code")

    def get_readonly_fields(self, request, obj=None):
        # A row stands for its ledger code: renumber it, never move it to another code.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        # Without its row a code silently falls back to the standard account; change the row instead.
        return False
