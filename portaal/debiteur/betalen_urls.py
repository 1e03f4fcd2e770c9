from django.urls import path

from . import betalen

app_name = "betalen"

urlpatterns = [
    path("webhook/<slug:provider>/", betalen.webhook, name="webhook"),
    path("test/<str:provider_id>/", betalen.test_checkout, name="test_checkout"),
]
