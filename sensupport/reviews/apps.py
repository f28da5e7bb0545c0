from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "sensupport.reviews"
    label = "reviews"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
