"""Django admin (/beheer/, beheerder + TOTP): look-up and corrections of master data.

Dossier state, next action, timeline and the audit log are read-only here: they change only through the
services (state machine, timeline), so the admin cannot bypass the rules.
"""

from django.contrib import admin

from .models import Client, Debiteur, Dossier, DossierInzage, Titel, Verplichting


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("naam", "email", "woonplaats", "uitbetaal_iban", "user")
    search_fields = ("naam", "email")
    raw_id_fields = ("user", "iban_goedgekeurd_door")


@admin.register(Debiteur)
class DebiteurAdmin(admin.ModelAdmin):
    list_display = ("naam", "geboortedatum", "woonplaats", "land")
    search_fields = ("naam",)
    list_filter = ("land",)


class TitelInline(admin.TabularInline):
    model = Titel
    extra = 0
    raw_id_fields = ("scan",)


class VerplichtingInline(admin.TabularInline):
    model = Verplichting
    extra = 0
    raw_id_fields = ("titel",)


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("nummer", "status", "client", "debiteur", "casemanager", "volgende_actie_datum")
    list_filter = ("status",)
    search_fields = ("nummer", "betaalkenmerk", "client__naam", "debiteur__naam")
    list_select_related = ("client", "debiteur", "casemanager")
    raw_id_fields = ("client", "debiteur", "casemanager")
    readonly_fields = (
        "nummer",
        "betaalkenmerk",
        "status",
        "volgende_actie",
        "volgende_actie_datum",
        "status_reden",
        "opgeschort_tot",
        "laatste_gebeurtenis_op",
        "gesloten_op",
    )
    inlines = (TitelInline, VerplichtingInline)


@admin.register(DossierInzage)
class DossierInzageAdmin(admin.ModelAdmin):
    list_display = ("op", "gebruiker", "dossier", "pagina")
    list_select_related = ("gebruiker", "dossier")
    search_fields = ("dossier__nummer", "gebruiker__email")
    date_hierarchy = "op"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
