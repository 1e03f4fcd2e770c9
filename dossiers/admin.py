"""Django admin (/beheer/, beheerder + TOTP): look-up and corrections of master data.

Dossier state, next action, timeline and the audit log are read-only here: they change only through the
services (state machine, timeline), so the admin cannot bypass the rules.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from accounts.admin_site import AlleenLezenAdmin
from tarieven.admin import HistorieAdmin

from .iban import client_iban_wijzig, iban_normaliseer
from .models import (
    Bewaartermijnrun,
    Client,
    Debiteur,
    Dossier,
    DossierInzage,
    Inzageverzoek,
    Titel,
    Verplichting,
)


class ClientAdminForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = (
            "user",
            "naam",
            "email",
            "telefoon",
            "straat",
            "postcode",
            "woonplaats",
            "land",
            "uitbetaal_iban",
            "uitbetaal_tenaamstelling",
        )

    def clean_uitbetaal_iban(self) -> str:
        try:
            return iban_normaliseer(self.cleaned_data.get("uitbetaal_iban", ""))
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["uitbetaal_iban"]) from exc


@admin.register(Client)
class ClientAdmin(HistorieAdmin):
    """The payout IBAN may be corrected here, but only through ``client_iban_wijzig``: the change starts the
    7-day hold and needs another person's approval, exactly as in the portal. The hold itself is read-only."""

    form = ClientAdminForm
    list_display = ("naam", "email", "woonplaats", "uitbetaal_iban", "user")
    search_fields = ("naam", "email")
    raw_id_fields = ("user",)
    readonly_fields = (
        "iban_gewijzigd_op",
        "iban_gewijzigd_door",
        "iban_goedgekeurd_door",
        "vorig_uitbetaal_iban",
        "vorige_tenaamstelling",
    )

    def save_model(self, request, obj, form, change):
        iban, naam = obj.uitbetaal_iban, obj.uitbetaal_tenaamstelling
        if change:
            # Save everything else with the account as it was; then the one service changes the account.
            obj.uitbetaal_iban = form.initial.get("uitbetaal_iban", "")
            obj.uitbetaal_tenaamstelling = form.initial.get("uitbetaal_tenaamstelling", "")
        else:
            obj.uitbetaal_iban = obj.uitbetaal_tenaamstelling = ""
        super().save_model(request, obj, form, change)
        bijgewerkt = client_iban_wijzig(client=obj, iban=iban, tenaamstelling=naam, door=request.user)
        for veld in (
            "uitbetaal_iban",
            "uitbetaal_tenaamstelling",
            "iban_gewijzigd_op",
            "iban_goedgekeurd_door",
        ):
            setattr(obj, veld, getattr(bijgewerkt, veld))


@admin.register(Debiteur)
class DebiteurAdmin(HistorieAdmin):
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


@admin.register(Titel)
class TitelAdmin(HistorieAdmin):
    """Also edited as a line of its dossier; registered on its own for its history (who, when, from, to)."""

    list_display = ("dossier", "soort", "datum", "instantie", "zaaknummer")
    list_filter = ("soort",)
    search_fields = ("dossier__nummer", "zaaknummer")
    list_select_related = ("dossier",)
    raw_id_fields = ("dossier", "scan")


@admin.register(Verplichting)
class VerplichtingAdmin(HistorieAdmin):
    """Also edited as a line of its dossier; registered on its own for its history: a dispute about an amount
    is answered from it."""

    list_display = ("dossier", "soort", "kind_naam", "bedrag", "ingangsdatum", "einddatum")
    list_filter = ("soort",)
    search_fields = ("dossier__nummer", "kind_naam")
    list_select_related = ("dossier",)
    raw_id_fields = ("dossier", "titel")


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


@admin.register(Inzageverzoek)
class InzageverzoekAdmin(AlleenLezenAdmin):
    list_display = ("id", "client", "debiteur", "gevraagd_door", "ontvangen_op", "door", "geleverd_op")
    raw_id_fields = ("client", "debiteur", "door")


@admin.register(Bewaartermijnrun)
class BewaartermijnrunAdmin(AlleenLezenAdmin):
    list_display = ("op", "peildatum", "bewaarjaren")
