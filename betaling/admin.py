"""The debtor's online payments in the admin: read-only, because the provider and the ledger are the record."""

from django.contrib import admin

from accounts.admin_site import AlleenLezenAdmin

from .models import Betaling


@admin.register(Betaling)
class BetalingAdmin(AlleenLezenAdmin):
    list_display = ("id", "dossier", "bedrag", "provider", "provider_id", "status", "aangemaakt_op")
    list_filter = ("provider", "status")
    search_fields = ("provider_id", "dossier__nummer")
    raw_id_fields = ("dossier", "ontvangst")
    list_select_related = ("dossier",)
