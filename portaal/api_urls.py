from django.urls import path

from . import api

urlpatterns = [
    path("mijn/dossiers/", api.MijnDossiersLijst.as_view(), name="mijn-dossiers"),
    path("mijn/dossiers/<int:pk>/", api.MijnDossierDetail.as_view(), name="mijn-dossier"),
]
