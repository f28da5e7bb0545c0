from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "sensupport.reviews"
    label = "reviews"
