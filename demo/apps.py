from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and `make bench`: built on the apps' own services and booking recipes."""

    name = "demo"
    verbose_name = "Demogegevens"
