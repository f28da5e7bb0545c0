"""The URL map keeps its shape (docs/architecture.md, "URLs"), read from the resolver:

- no two routes have the same pattern, or the same name, and every route's own URL leads back to
  it (an earlier, looser pattern would otherwise answer for it);
- every pupil page is in one of the two trees config/urls.py declares, /pupils/<pupil_id>/ and
  /family/children/<pupil_id>/, and no app declares <pupil_id> itself: an app gives its pages
  relative to the pupil and config/urls.py mounts them. The few pupil pages outside the trees are
  listed below, each with its reason.

Each check is a function returning its problems; a test feeds it a made-up bad map to show that it
catches what it is for."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.urls.resolvers import RoutePattern

from config import urls as root

TREES = (root.PUPIL_TREE, root.FAMILY_TREE)

# Pupil pages that are not in the trees, by name, each with why. A new one fails until it is here.
OUTSIDE_THE_TREES = {
    **dict.fromkeys(
        [
            "schooladmin:contacts",
            "schooladmin:contact_add",
            "schooladmin:contact_edit",
            "schooladmin:contact_end",
            "schooladmin:contact_invite",
        ],
        "the school administrator's area, /school/pupils/<pupil_id>/contacts/: kept where staff and their "
        "bookmarks know it",
    ),
    "interop:pupil_leaving": "a step of the import and transfer journey, /import/leaving/<pupil_id>/",
}
OUTSIDE_PREFIXES = {
    "api/": "the JSON API has its own tree, /api/pupils/<pk>/, described by its schema",
    "django-admin/": "Django admin, for the service operator",
}


@dataclass(frozen=True)
class Entry:
    parent: str  # the route above this entry
    own: str  # this entry's own pattern text
    name: str  # namespaced name of a route ("" for an include or an unnamed route)
    leaf: bool
    converters: dict  # every parameter of the full route, with its converter (None: a regex group)

    @property
    def route(self) -> str:
        return self.parent + self.own


def walk(patterns=None, parent: str = "", namespace: str = "", converters: dict | None = None) -> list[Entry]:
    out: list[Entry] = []
    for item in get_resolver().url_patterns if patterns is None else patterns:
        mine = dict(converters or {})
        if isinstance(item.pattern, RoutePattern):
            mine.update(item.pattern.converters)
        else:
            mine.update(dict.fromkeys(item.pattern.regex.groupindex))
        own = str(item.pattern)
        if isinstance(item, URLResolver):
            ns = ":".join(filter(None, [namespace, item.namespace or ""]))
            out.append(Entry(parent, own, "", False, mine))
            out += walk(item.url_patterns, parent + own, ns, mine)
        elif isinstance(item, URLPattern):
            name = f"{namespace}:{item.name}" if namespace and item.name else (item.name or "")
            out.append(Entry(parent, own, name, True, mine))
    return out


def _shape(route: str) -> str:
    """The route with its parameters' names dropped: pupils/<int>/plans/<int>/."""
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: f"<{m.group(1) or 'str'}>", route)


def clashes(entries: list[Entry]) -> list[str]:
    routes, names = defaultdict(list), defaultdict(list)
    for e in (e for e in entries if e.leaf):
        routes[_shape(e.route)].append(e.name or "(no name)")
        if e.name:
            names[e.name].append(e.route)
    return [
        f"{route}: declared {len(who)} times ({', '.join(who)})" for route, who in routes.items() if len(who) > 1
    ] + [f"{name}: names {len(where)} routes ({', '.join(where)})" for name, where in names.items() if len(where) > 1]


def _sample(converter) -> str | None:
    for value in ("7", "pdf", "csv", "x", str(uuid.UUID(int=7))):
        if re.fullmatch(converter.regex, value):
            return value
    return None


def unreachable(entries: list[Entry], urlconf=None) -> list[str]:
    """Every named route of ours, filled with sample values, resolves back to itself."""
    problems = []
    for e in entries:
        if not (e.leaf and e.name) or e.route.startswith("django-admin/"):
            continue
        if None in e.converters.values():
            problems.append(f"{e.route} ({e.name}): a regex route; give it path() converters")
            continue
        kwargs = {param: _sample(converter) for param, converter in e.converters.items()}
        try:
            url = reverse(e.name, kwargs=kwargs, urlconf=urlconf)
        except NoReverseMatch:
            problems.append(f"{e.route} ({e.name}): does not reverse with {kwargs}")
            continue
        got = resolve(url, urlconf=urlconf).view_name
        if got != e.name:
            problems.append(f"{e.route} ({e.name}): {url} is answered by {got}")
    return problems


def _outside(e: Entry) -> str | None:
    if e.name in OUTSIDE_THE_TREES:
        return OUTSIDE_THE_TREES[e.name]
    return next((why for prefix, why in OUTSIDE_PREFIXES.items() if e.route.startswith(prefix)), None)


def _is_tree_root(e: Entry) -> bool:
    """A tree as config/urls.py mounts it: an include at the top of the map whose own text is exactly a tree."""
    return not e.leaf and e.own in TREES and e.parent == ""


def pupil_pages_astray(entries: list[Entry]) -> list[str]:
    problems = []
    for e in entries:
        if _outside(e):
            continue
        declares = "pupil_id" in e.own or re.search(r"(?:^|/)(?:pupils|children)/<", e.own)
        if declares and not _is_tree_root(e):
            problems.append(
                f"{e.route} ({e.name or 'an include'}): declares the pupil in its own pattern {e.own!r}; give "
                "config/urls.py the app's pages relative to the pupil (pupil_urls / family_urls) to mount"
            )
        elif e.leaf and "pupil_id" in e.converters and not e.route.startswith(TREES):
            problems.append(
                f"{e.route} ({e.name}): a pupil page outside /{root.PUPIL_TREE} and /{root.FAMILY_TREE}; "
                "move it into a tree, or list it in OUTSIDE_THE_TREES with the reason"
            )
    return problems


# ---------------------------------------------------------------- the project's map


def _report(problems: list[str], what: str):
    if problems:
        pytest.fail(what + ":\n" + "\n".join(problems), pytrace=False)


def test_no_two_routes_share_a_pattern_or_a_name():
    _report(clashes(walk()), "Routes that clash")


def test_every_route_is_answered_by_itself():
    _report(unreachable(walk()), "Routes another pattern answers for, or that cannot be reversed")


def test_every_pupil_page_is_in_one_of_the_two_trees():
    _report(pupil_pages_astray(walk()), "Pupil pages outside the trees")


def test_the_two_trees_are_where_the_pupil_pages_are():
    """The pupil tree holds the pupil's page and every app's pupil pages; the family tree the
    child's page; both are declared once, in config/urls.py, and mounted once per app."""
    entries = walk()
    assert resolve("/pupils/7/").view_name == "pupils:pupil"
    assert resolve("/pupils/7/plans/8/").view_name == "plans:plan"
    assert resolve("/pupils/7/documents/plans/8/plan.pdf").view_name == "documents:plan"
    assert resolve("/family/children/7/").view_name == "portal:child"
    assert resolve("/family/children/7/messages/9/").view_name == "family:thread"
    roots = [e.own for e in entries if _is_tree_root(e)]
    mounted = {
        "pupils",
        "plans",
        "reviews",
        "family",
        "portal",
        "voice",
        "documents",
        "provision",
        "timetable",
        "funding",
        "progress",
        "referrals",
        "local_offer",  # signposting a plan's support line to a Local Offer service
        "ehc",  # EHC requests, plans and annual reviews (issue 12)
    }
    pupil_apps = {e.name.split(":")[0] for e in entries if e.leaf and e.route.startswith(root.PUPIL_TREE)}
    family_apps = {e.name.split(":")[0] for e in entries if e.leaf and e.route.startswith(root.FAMILY_TREE)}
    assert pupil_apps == mounted
    assert family_apps == {"family", "portal", "voice", "provision", "progress", "referrals", "ehc"}
    assert roots.count(root.PUPIL_TREE) == len(pupil_apps) and roots.count(root.FAMILY_TREE) == len(family_apps)


# ---------------------------------------------------------------- the checks catch what they are for


def _view(request):
    raise AssertionError("never called")


def _entries(*patterns) -> list[Entry]:
    return walk(list(patterns))


def test_a_clash_is_reported():
    bad = _entries(
        path("pupils/<int:pupil_id>/plans/<int:plan_id>/", _view, name="plan"),
        path("pupils/<int:pupil_id>/plans/<int:id>/", _view, name="other_plan"),
        path("inbox/", _view, name="plan"),
    )
    assert clashes(bad) == [
        "pupils/<int>/plans/<int>/: declared 2 times (plan, other_plan)",
        "plan: names 2 routes (pupils/<int:pupil_id>/plans/<int:plan_id>/, inbox/)",
    ]


def test_a_route_another_pattern_answers_for_is_reported():
    patterns = [
        path("pupils/<str:code>/", _view, name="by_code"),
        path("pupils/<int:pupil_id>/", _view, name="pupil"),
        path("pupils/<int:pupil_id>/plans/", _view, name="plans"),
    ]
    urlconf = type("URLConf", (), {"urlpatterns": patterns})  # a module stand-in Django can cache
    assert unreachable(walk(patterns), urlconf=urlconf) == [
        "pupils/<int:pupil_id>/ (pupil): /pupils/7/ is answered by by_code"
    ]


def test_a_pupil_page_outside_the_trees_or_declaring_its_own_pupil_is_reported():
    from django.urls import include

    bad = _entries(
        path(root.PUPIL_TREE, include([path("fine/", _view, name="fine")])),
        path("notes/<int:pupil_id>/", _view, name="stray"),
        path("", include([path("pupils/<int:pupil_id>/secrets/", _view, name="own_prefix")])),
        path("school/", include([path("children/<int:pk>/", _view, name="by_pk")])),
    )
    problems = pupil_pages_astray(bad)
    assert [p.split(" ")[1] for p in problems] == ["(stray):", "(own_prefix):", "(by_pk):"]
    assert "outside /pupils/<int:pupil_id>/" not in problems[1]  # in the tree, but not by the tree's hand
    assert "declares the pupil in its own pattern 'pupils/<int:pupil_id>/secrets/'" in problems[1]
