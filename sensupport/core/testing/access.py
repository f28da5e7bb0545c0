"""One access matrix for every app's "who may open what" tests.

Every identity in `identities()` is tried on every URL: one fixture per role of accounts.models.Role
(named after it, see people.py), the same roles out of Peter's scope, and nobody signed in. An app's
access test says only who is let in and what the others get; an identity it does not name still gets
an explicit expectation (`refused`, 403 unless said otherwise), so no identity is ever skipped, and a
name the helper does not know is an error, not a silent no-op.

    ROW = expect(allowed=LEADS, hidden=OUT_OF_SCOPE_NAMES | {"professional", "service_admin"})

    def test_agree(client, request, draft):
        check_access(client, request, reverse("plans:agree", args=[...]), ROW)

The tests/security matrix walks every URL the resolver knows against its own policy table; these
per-app matrices pin each page's exact answers (403 against 404, redirects) on the app's own world.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction
from django.urls import reverse

SIGN_IN = "sign-in"  # a 302 to the sign-in page (what an anonymous visitor gets on a page)
ANONYMOUS = "anonymous"

# The roles again, out of Peter's scope: each is the way scope could leak.
OUT_OF_SCOPE = {
    "other_teacher": "a teacher of another class (Class 3A) at Peter's school",
    "other_school_senco": "another school's staff (Elm Primary, another LA)",
    "other_la_officer": "another local authority's officer",
    "other_parent": "the parent of another child (Flopsy) at Peter's school",
}
OUT_OF_SCOPE_NAMES = frozenset(OUT_OF_SCOPE)

# Groups of roles, as the apps' permission rules name them.
LEADS = frozenset({"senco", "head"})
WHOLE_SCHOOL = LEADS | {"school_admin"}
CLASS_STAFF = frozenset({"teacher", "ta"})
STAFF = WHOLE_SCHOOL | CLASS_STAFF
FAMILY = frozenset({"parent", "young_person"})


def identities() -> tuple[str, ...]:
    """The canonical list: every role (accounts.models.Role, in its order), the roles out of scope, anonymous."""
    from sensupport.accounts.models import Role

    return (*Role.values, *OUT_OF_SCOPE, ANONYMOUS)


def _known(names: Iterable[str], what: str) -> set[str]:
    names = {str(n) for n in names}
    unknown = sorted(names - set(identities()))
    if unknown:
        raise ValueError(f"{what}: unknown role {unknown}; the roles are {list(identities())}")
    return names


def expect(
    *,
    allowed: Iterable[str],
    ok: int | str = 200,
    hidden: Iterable[str] = (),
    refused: int | str = 403,
    anonymous: int | str = SIGN_IN,
    **exceptions: int | str,
) -> dict[str, int | str]:
    """The expected answer of every identity: `allowed` get `ok`; `hidden` (out of their scope) 404;
    anonymous visitors `anonymous` (SIGN_IN: a redirect to the sign-in page); each `exceptions`
    keyword (an identity's name) its own answer; every other identity `refused`.

    Raises ValueError for a name that is not an identity, or one given two answers."""
    allowed, hidden = _known(allowed, "allowed"), _known(hidden, "hidden")
    special = _known(exceptions, "exceptions")
    for a, b, names in (
        ("allowed", "hidden", allowed & hidden),
        ("allowed", "an exception", allowed & special),
        ("hidden", "an exception", hidden & special),
    ):
        if names:
            raise ValueError(f"{sorted(names)} both {a} and {b}")
    if ANONYMOUS in allowed | hidden:
        raise ValueError("say what anonymous visitors get with anonymous=, not in allowed or hidden")
    answers = {}
    for name in identities():
        if name in special:
            answers[name] = exceptions[name]
        elif name == ANONYMOUS:
            answers[name] = anonymous
        elif name in allowed:
            answers[name] = ok
        elif name in hidden:
            answers[name] = 404
        else:
            answers[name] = refused
    return answers


def answer_of(response) -> int | str:
    """A response as the matrix writes it: SIGN_IN for a redirect to the sign-in page, else the status."""
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return SIGN_IN
    return response.status_code


REFUSALS = (403, 404, SIGN_IN)


def check_access(
    client,
    request,
    url: str | Callable[[], str],
    expected: Mapping[str, int | str],
    *,
    method: str = "GET",
    data: dict | None = None,
    isolate: bool = False,
    unchanged: Callable[[], object] | None = None,
) -> None:
    """Request `url` as every identity and fail, with one table, unless each got its `expected` answer.

    `expected` must name every identity exactly once (expect() builds it). `url` may be a callable,
    called once after every identity's fixture exists. `isolate` runs each request in a savepoint
    that is rolled back, so one identity's success cannot change what the next one sees.
    `unchanged` returns a snapshot of what a refused request must not write; it is compared before
    and after every request answered 403, 404 or sign-in."""
    names = identities()
    given = _known(expected, "expected")
    missing = [n for n in names if n not in given]
    if missing:
        raise ValueError(f"expected: no answer for {missing}: every identity needs one (use expect())")
    users = {name: request.getfixturevalue(name) for name in names}
    path = url() if callable(url) else url
    got: dict[str, int | str] = {}
    wrote: list[str] = []
    for name in names:
        sid = transaction.savepoint() if isolate else None
        client.logout()
        if users[name].is_authenticated:
            client.force_login(users[name], backend="sensupport.accounts.backends.PasswordBackend")
        before = unchanged() if unchanged else None
        response = getattr(client, method.lower())(path, data or {})
        got[name] = answer_of(response)
        if unchanged and got[name] in REFUSALS and unchanged() != before:
            wrote.append(f"{name} was refused ({got[name]}) but something was written")
        if sid is not None:
            transaction.savepoint_rollback(sid)
    client.logout()
    wrong = [
        f"  {name:20} expected {expected[name]!s:8} got {got[name]}" for name in names if got[name] != expected[name]
    ]
    assert not wrong and not wrote, f"{method} {path}:\n" + "\n".join(wrong + wrote)
