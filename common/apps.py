from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Shared pieces: transitions, upload checks, the confirmation page and workflow template tags."""

    name = "common"
