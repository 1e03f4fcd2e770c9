from django.urls import path

from . import api

urlpatterns = [
    path("debiteur/betalingen/", api.DebiteurBetalingen.as_view(), name="api-debiteur-betalingen"),
]
