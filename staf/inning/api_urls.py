from django.urls import path

from staf.inning import api

urlpatterns = [
    path("geld/afstemming/", api.AfstemmingView.as_view(), name="api-geld-afstemming"),
    path("geld/controle/", api.ControleView.as_view(), name="api-geld-controle"),
    path("geld/ontvangsten/ongematcht/", api.OngematchtView.as_view(), name="api-geld-ongematcht"),
]
