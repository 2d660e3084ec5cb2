from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run`: each app builds its own part; this app runs them in order."""

    name = "demo"
