from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "sensupport.voice"
    label = "voice"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
