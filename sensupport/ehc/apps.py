from django.apps import AppConfig


class EhcConfig(AppConfig):
    """EHC needs assessments and plans (issue 12). This session: only the statutory clock (clock.py)."""

    name = "sensupport.ehc"
    label = "ehc"
