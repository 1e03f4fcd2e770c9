"""Read-only admin of the ledger: the journal is append-only, so nothing can be added, changed or deleted here.
The one list the beheerder keeps here is the agency's own accounts (``EigenRekening``)."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN

from recht.geld import NUL, rond_af

from .models import (
    Bankafschrift,
    Bankregel,
    EigenRekening,
    Journaalpost,
    Journaalregel,
    Ontvangst,
    Rekening,
    Toewijzing,
)


class AlleenLezen(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegelInline(admin.TabularInline):
    model = Journaalregel
    fields = ("rekening", "bedrag")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Journaalpost)
class JournaalpostAdmin(AlleenLezen):
    list_display = ("id", "datum", "omschrijving", "bron_type", "bron_id", "door")
    list_filter = ("bron_type",)
    search_fields = ("omschrijving", "sleutel", "bron_id")
    inlines = [RegelInline]


@admin.register(Rekening)
class RekeningAdmin(AlleenLezen):
    list_display = ("code", "soort", "dossier", "client", "saldo")
    list_filter = ("code",)
    list_select_related = ("dossier", "client")

    def get_queryset(self, request):
        # The balance is the sum of the lines (none is stored): one annotated query for the whole page.
        return super().get_queryset(request).annotate(_saldo=Sum("regels__bedrag"))

    @admin.display(description=_("saldo"), ordering="_saldo")
    def saldo(self, obj) -> Decimal:
        return rond_af(obj._saldo or NUL)


@admin.register(Bankafschrift)
class BankafschriftAdmin(AlleenLezen):
    list_display = ("bestandsnaam", "iban", "status", "eindsaldo", "aangemaakt_op")
    exclude = ("inhoud",)


@admin.register(Bankregel)
class BankregelAdmin(AlleenLezen):
    list_display = ("datum", "bedrag", "iban", "referentie", "tegenpartij", "verwerking")
    search_fields = ("referentie", "tegenpartij", "omschrijving", "kenmerk")


@admin.register(Ontvangst)
class OntvangstAdmin(AlleenLezen):
    list_display = ("datum", "bedrag", "bron", "status", "dossier")
    list_filter = ("status", "bron")
    list_select_related = ("dossier",)


@admin.register(Toewijzing)
class ToewijzingAdmin(AlleenLezen):
    list_display = ("ontvangst", "dossier", "provisie", "btw", "naar_client", "ongedaan_op")
    list_select_related = ("ontvangst", "dossier")


class EigenRekeningForm(forms.ModelForm):
    class Meta:
        model = EigenRekening
        fields = ("iban", "omschrijving", "actief")

    def clean_iban(self) -> str:
        try:
            return str(IBAN(self.cleaned_data["iban"]))
        except ValueError:
            raise forms.ValidationError(_("Dit is geen geldig IBAN.")) from None


@admin.register(EigenRekening)
class EigenRekeningAdmin(admin.ModelAdmin):
    """Accounts whose statements may be imported. Deactivate instead of deleting: statements already
    imported keep their account."""

    form = EigenRekeningForm
    list_display = ("iban", "omschrijving", "actief", "aangemaakt_op")
    list_filter = ("actief",)

    def has_delete_permission(self, request, obj=None):
        return False
