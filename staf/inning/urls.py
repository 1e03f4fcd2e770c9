from django.urls import path

from staf.inning import views

app_name = "inning"

urlpatterns = [
    path("", views.index, name="index"),
    path("afschriften/", views.afschriften, name="afschriften"),
    path("afschriften/<int:afschrift_id>/", views.afschrift, name="afschrift"),
    path("afschriften/<int:afschrift_id>/opnieuw/", views.afschrift_opnieuw, name="afschrift_opnieuw"),
    path("ontvangsten/", views.ontvangsten, name="ontvangsten"),
    path("ontvangsten/<int:ontvangst_id>/", views.ontvangst, name="ontvangst"),
    path("ontvangsten/<int:ontvangst_id>/koppel/", views.ontvangst_koppel, name="koppel"),
    path("ontvangsten/<int:ontvangst_id>/ontkoppel/", views.ontvangst_ontkoppel, name="ontkoppel"),
    path("rechtstreeks/", views.meldingen, name="meldingen"),
    path("rechtstreeks/<int:melding_id>/bevestig/", views.melding_bevestig, name="melding_bevestig"),
    path("rechtstreeks/<int:melding_id>/afwijzen/", views.melding_wijs_af, name="melding_afwijzen"),
    path("afstemming/", views.afstemming, name="afstemming"),
    path("afstemming.csv", views.afstemming_csv, name="afstemming_csv"),
    path("dossiers/<int:dossier_id>/", views.dossier_geld, name="dossier_geld"),
]
