from django.urls import path

from . import views

app_name = "funding"
# Mounted by config/urls.py: pupil_urls under /pupils/<pupil_id>/, urlpatterns at the site's root.
pupil_urls = [
    path("top-up/new/", views.topup_new, name="topup_new"),
    path("top-up/<int:topup_id>/", views.topup, name="topup"),
    path("top-up/<int:topup_id>/send/", views.topup_send, name="topup_send"),
    path("top-up/<int:topup_id>/decision/", views.topup_decide, name="topup_decide"),
]
urlpatterns = [
    path("funding/element-2/", views.element2, name="element2"),
    path("funding/budget/", views.budget, name="budget"),
    path("funding/top-up-requests/", views.la_requests, name="la_requests"),
    path("funding/inclusion-strategy/", views.strategy, name="strategy"),
    path("funding/inclusion-strategy/draft/", views.strategy_draft, name="strategy_draft"),
    path("funding/inclusion-strategy/edit/", views.strategy_edit, name="strategy_edit"),
    path("funding/inclusion-strategy/publish/", views.strategy_publish, name="strategy_publish"),
    # Public: no sign-in (?school=URN&year=YYYY names one school's published strategy).
    path("inclusion-strategy/", views.public_strategies, name="public_strategies"),
    path("inclusion-strategy/strategy.pdf", views.public_strategy_pdf, name="public_strategy_pdf"),
]
