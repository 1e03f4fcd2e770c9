"""Read-only admin of the ledger: the journal is append-only, so nothing can be added, changed or deleted here."""

from django.contrib import admin

from .models import Bankafschrift, Bankregel, Journaalpost, Journaalregel, Ontvangst, Rekening, Toewijzing


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
    list_display = ("id", "datum", "omschrijving", "bron_type", "bron_id", "actor")
    list_filter = ("bron_type",)
    search_fields = ("omschrijving", "sleutel", "bron_id")
    inlines = [RegelInline]


@admin.register(Rekening)
class RekeningAdmin(AlleenLezen):
    list_display = ("code", "soort", "dossier", "client", "saldo")
    list_filter = ("code",)
    list_select_related = ("dossier", "client")


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
