"""The debtor's online payments and the provider's settlements in the admin: read-only, because the provider
and the ledger are the record."""

from django.contrib import admin

from accounts.admin_site import AlleenLezenAdmin

from .models import Afrekening, Betaling


@admin.register(Betaling)
class BetalingAdmin(AlleenLezenAdmin):
    list_display = (
        "id",
        "dossier",
        "bedrag",
        "provider",
        "provider_id",
        "status",
        "afgerekend_in",
        "aangemaakt_op",
    )
    list_filter = ("provider", "status")
    search_fields = ("provider_id", "dossier__nummer")
    raw_id_fields = ("dossier", "ontvangst", "afgerekend_in")
    list_select_related = ("dossier", "afgerekend_in")


@admin.register(Afrekening)
class AfrekeningAdmin(AlleenLezenAdmin):
    list_display = (
        "id",
        "provider",
        "provider_id",
        "referentie",
        "bruto",
        "kosten",
        "netto",
        "aangemaakt_op",
    )
    list_filter = ("provider",)
    search_fields = ("provider_id", "referentie")
    raw_id_fields = ("bankregel", "post")
