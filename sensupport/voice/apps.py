from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "sensupport.voice"
    label = "voice"
