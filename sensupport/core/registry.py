"""What each app adds to the service menu and to the home page.

An app declares its menu entries in `<app>/menu.py` (`MENU = [MenuItem(...)]`) and its home-page
panels in `<app>/home.py` (`PANELS = [Panel(...)]`), and registers them from its
`AppConfig.ready()` with `registry.register_app(self)`. Core's context processor and
home view collect what is registered for the viewer: core itself names no app and no model, so a
new app adds its pages without editing core (docs/architecture.md, "Menus and home panels").

Who sees an entry or a panel is `allowed`: a permission name (`user.has_perm(name)`) or a
predicate of the user. A menu entry must be allowed exactly when the viewer may open its page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.urls import reverse

Allowed = str | Callable[[object], bool]


_ANSWERS = "_registry_answers"


def school_staff(user) -> bool:
    """The `allowed` most school-side entries share: a member of staff of a school."""
    return user.is_school_staff


def _allows(allowed: Allowed, user) -> bool:
    """Asked once per user object, that is once per request (the request's user is loaded afresh
    for each one): the menu, the home page's redirect and its panels ask the same questions."""
    answers = getattr(user, _ANSWERS, None)
    if answers is None:
        answers = {}
        setattr(user, _ANSWERS, answers)
    if allowed not in answers:
        answers[allowed] = user.has_perm(allowed) if isinstance(allowed, str) else bool(allowed(user))
    return answers[allowed]


@dataclass(frozen=True)
class MenuItem:
    """One link in the service navigation. `label` is a string, or a function of the user where
    the same page goes by another name for some roles."""

    label: str | Callable[[object], str]
    url_name: str
    allowed: Allowed
    order: int

    def label_for(self, user) -> str:
        return self.label if isinstance(self.label, str) else self.label(user)


@dataclass(frozen=True)
class Panel:
    """One section of the home page: `context(request)` gives the template's variables (they share
    the page's context, so name them for the panel); a key `shown_pupils` lists the pupils the
    panel names, each recorded as a read by the home-page read hooks (in one insert)."""

    template: str
    context: Callable[[object], dict]
    allowed: Allowed
    order: int


@dataclass(frozen=True)
class HomeRedirect:
    """Viewers whose home is another page (families: the portal): core's home sends them there
    and its menu has no "Home" for them."""

    url_name: str
    allowed: Allowed


SHOWN_PUPILS = "shown_pupils"

_menu: list[MenuItem] = []
_panels: list[Panel] = []
_redirects: list[HomeRedirect] = []
_read_hooks: list[Callable[..., object]] = []


def register_app(app_config) -> None:
    """Register what an app declares: MENU in its `menu.py`; PANELS, and optionally REDIRECTS
    and READ_HOOKS, in its `home.py` (either module may be absent). Called from the app's
    AppConfig.ready(); registering an app twice changes nothing."""
    menu = _declared(app_config, "menu")
    home = _declared(app_config, "home")
    _add(_menu, getattr(menu, "MENU", ()))
    _add(_panels, getattr(home, "PANELS", ()))
    _add(_redirects, getattr(home, "REDIRECTS", ()))
    _add(_read_hooks, getattr(home, "READ_HOOKS", ()))


def _declared(app_config, module: str) -> ModuleType | None:
    name = f"{app_config.name}.{module}"
    return import_module(name) if find_spec(name) is not None else None


def _add(into: list, entries: Iterable) -> None:
    into.extend(entry for entry in entries if entry not in into)


def menu_items(user) -> list[MenuItem]:
    return [item for item in sorted(_menu, key=lambda i: i.order) if _allows(item.allowed, user)]


def home_redirect(user) -> str | None:
    """The URL of the viewer's home elsewhere, or None when core's home page is theirs."""
    for redirect in _redirects:
        if _allows(redirect.allowed, user):
            return reverse(redirect.url_name)
    return None


def panels_for(user) -> list[Panel]:
    return [panel for panel in sorted(_panels, key=lambda p: p.order) if _allows(panel.allowed, user)]


def record_reads(user, pupils: list) -> None:
    for hook in _read_hooks:
        hook(user=user, pupils=pupils)
