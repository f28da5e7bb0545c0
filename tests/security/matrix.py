"""Walk the URL resolver, fill every pattern from the world, request it as every identity, and judge
each answer against policy.py. Used by test_every_url_every_role.py; kept apart so the tests read
as statements of the policy."""

from __future__ import annotations

import html.parser
import urllib.parse
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from . import policy
from .world import SURNAMES, Rows, World, secret

# ---------------------------------------------------------------- The URL patterns, from the resolver


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, e.g. "pupils/<int:pupil_id>/concerns/<int:concern_id>/"
    name: str  # namespaced name ("" when the pattern has none)
    params: tuple

    @property
    def allowed_elsewhere(self) -> str | None:
        if self.name in policy.ALLOWED_ELSEWHERE:
            return policy.ALLOWED_ELSEWHERE[self.name]
        return next((why for prefix, why in policy.ALLOWED_PREFIXES.items() if self.route.startswith(prefix)), None)

    @property
    def is_pupil_url(self) -> bool:
        return any(p in policy.PARAMETERS for p in self.params)


def _params_of(pattern) -> list[str]:
    converters = list(getattr(pattern.pattern, "converters", {}) or {})
    return converters or list(pattern.pattern.regex.groupindex)


def url_patterns(patterns=None, route: str = "", namespace: str = "", params: tuple = ()) -> list[Pattern]:
    """Every URL pattern the project serves, recursively through include()."""
    out: list[Pattern] = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = route + str(entry.pattern)
        names = params + tuple(_params_of(entry))
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace or ""]))
            out += url_patterns(entry.url_patterns, here, ns, names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            out.append(Pattern(here, name, names))
    return out


def coverage_problems(patterns: list[Pattern]) -> list[str]:
    """Every pattern must be allowed elsewhere (with a reason) or have a policy row and fillable
    parameters; every role must have an identity in the world."""
    from sensupport.accounts.models import Role

    problems = [
        f"role {role!r}: no identity in policy.IDENTITIES has it"
        for role in sorted(set(Role.values) - {i.role for i in policy.IDENTITIES.values()})
    ]
    for p in patterns:
        if p.allowed_elsewhere:
            continue
        if not p.name:
            problems.append(
                f"{p.route}: has no name, so the test cannot reverse it; name it and add it to policy.POLICY"
            )
            continue
        if p.name not in policy.POLICY:
            problems.append(
                f"{p.route} ({p.name}): no row in tests/security/policy.py POLICY saying who may open it: add "
                f'"{p.name}": <the roles>, to POLICY (or, for a page with no pupil data that its own tests '
                "check, add it with the reason to ALLOWED_ELSEWHERE)"
            )
        fillable = set(policy.PARAMETERS) | set(policy.CONSTANTS) | set(policy.SCHOOL_ROWS) | {"school_id"}
        for param in p.params:
            if param not in fillable:
                problems.append(
                    f"{p.route} ({p.name}): cannot fill <{param}> from the world: add it to policy.PARAMETERS and "
                    "world.py"
                )
    served = {p.name for p in patterns}
    problems += [
        f"{name}: in policy.POLICY but no URL has this name any more" for name in policy.POLICY if name not in served
    ]
    return problems


# ---------------------------------------------------------------- Cells: one request, its verdict


@dataclass
class Cell:
    url: str
    identity: str
    case: str  # "in scope", "out of scope: jemima", "father's own row", ...
    method: str
    path: str
    open: bool  # the policy says this identity may open this URL on this row
    status: int = 0
    location: str = ""
    error: str = ""
    body: str = field(default="", repr=False)
    content_type: str = ""
    role: str = ""

    @property
    def anonymous(self) -> bool:
        return self.identity == "anonymous"

    def problem(self) -> str | None:
        """Why this answer breaks the policy, or None."""
        if self.status >= 500:
            return f"server error {self.status}{': ' + self.error if self.error else ''}"
        signin = self.status == 302 and self.location.startswith(reverse("accounts:login"))
        if self.anonymous and not self.open:  # public pages (the policy lets anonymous in) are judged below
            return None if signin or self.status in (401, 403, 405) else f"anonymous got {self._got()}"
        if not self.open:
            if self.status in (403, 404, 405):
                return None
            # A role kept out of a page may be sent on to its own (a family to the portal); an
            # out-of-scope row is never a redirect.
            if (
                self.status == 302
                and self.case.startswith(("in scope", "page"))
                and redirect_opens(self.location, self.role, self.path)
            ):
                return None
            return f"{self._got()}; should be 403 or 404"
        if self.method == "POST":
            return None  # an empty form may be refused in many ways; only a 5xx is wrong
        if self.url in policy.POST_ONLY:
            return None if self.status == 405 else f"{self._got()}; GET should be 405"
        if self.status == 200 or (self.status == 302 and not signin):
            return None
        return f"{self._got()}; should open (200)"

    def _got(self) -> str:
        return f"{self.status}" + (f" to {self.location}" if self.location else "")


def redirect_opens(location: str, role: str, path: str) -> bool:
    """A redirect elsewhere, to a page the policy opens to this role."""
    target = urllib.parse.urlsplit(location).path
    try:
        name = resolve(target).view_name
    except Resolver404:
        return False
    return target != path and role in policy.POLICY.get(name, ())


def broken(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if c.problem()]


def table(cells: list[Cell]) -> str:
    rows = [(c.url, c.identity, c.case, c.method, c.path, c.problem()) for c in cells]
    widths = [
        max(len(str(r[i])) for r in rows + [("url", "identity", "row", "method", "path", "problem")]) for i in range(5)
    ]
    head = "  ".join(h.ljust(w) for h, w in zip(("url", "identity", "row", "method", "path"), widths)) + "  problem"
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(r[:5], widths)) + "  " + str(r[5]) for r in sorted(rows)]
    return "\n".join([head, "-" * len(head)] + lines)


# ---------------------------------------------------------------- Filling a pattern from the world


class CannotFill(Exception):
    pass


def _rows_for(world: World, pupil_key: str, *, borrow: bool) -> Rows:
    """A pupil's own rows. Out of scope, a pupil without a full record borrows the rows it lacks
    from another pupil, so that every URL is still tried against it (its pupil id must then decide)."""
    own = world.rows.get(pupil_key) or Rows(pupil=world.pupils[pupil_key])
    if not borrow or own.current_plan is not None:
        return own
    donor = world.rows["jemima" if pupil_key != "jemima" else "peter"]
    return replace(donor, **{k: v for k, v in vars(own).items() if v})


def fill(pattern: Pattern, rows: Rows, *, owner: str | None, plan: str | None = None, batch=None) -> str:
    kwargs = {}
    for param in pattern.params:
        if param in policy.CONSTANTS:
            choices = policy.CONSTANTS[param]
            kwargs[param] = choices.get(pattern.name, choices[""])
        elif param == "batch_id":
            if batch is None:
                raise CannotFill(param)
            kwargs[param] = batch.pk
        else:
            try:
                if param == "plan_id":
                    kwargs[param] = getattr(rows, plan or policy.PLAN_FOR.get(pattern.name, "current_plan")).pk
                else:
                    kwargs[param] = policy.PARAMETERS[param](rows, owner)
            except (AttributeError, KeyError) as exc:
                raise CannotFill(param) from exc
    try:
        return reverse(pattern.name, kwargs=kwargs)
    except NoReverseMatch as exc:  # pragma: no cover - a policy table mistake
        raise CannotFill(str(exc)) from exc


def _owner(rows: Rows, viewer: str) -> str | None:
    if viewer in rows.response:
        return viewer
    return next(iter(rows.response), None)


def _foreign(world: World, who: policy.Identity) -> str:
    """A pupil with a full record that this identity may not see."""
    return next(k for k in ("jemima", "peter", "yasmin") if k not in who.scope)


def cases(world: World, pattern: Pattern, name: str, who: policy.Identity, method: str):
    """(case label, path, may open) for one URL and one identity: its own pupil, and the URL's
    variants (a draft plan) on it; where the role may open the URL, its own pupil with another
    pupil's rows and, for a family, another family member's own rows; each out-of-scope probe (on
    POST, only where the role may open the URL: otherwise the in-scope POST already says no)."""
    allowed = who.role in policy.POLICY[pattern.name]
    if "batch_id" in pattern.params:
        for school, batch in world.batches.items():
            mine = school == who.school
            yield (
                ("own school's upload" if mine else f"{school} school's upload"),
                fill(pattern, None, owner=None, batch=batch),
                allowed and mine,
            )
        return
    if "school_id" in pattern.params:  # a school's oversight page: every school, open only where overseen
        for school, pupil in policy.SCHOOLS.items():
            path = reverse(pattern.name, kwargs={"school_id": world.pupils[pupil].school_id})
            yield f"{school} school", path, allowed and school in policy.OVERSEES.get(name, ())
        return
    if not pattern.is_pupil_url:
        yield "page", fill(pattern, None, owner=None), allowed
        return
    if who.home is not None:
        rows = _rows_for(world, who.home, borrow=False)
        variants = [("in scope", {}, policy.POLICY[pattern.name])]
        variants += [
            (f"in scope ({label})", overrides, roles)
            for label, overrides, roles in policy.VARIANTS.get(pattern.name, [])
        ]
        for label, overrides, roles in variants:
            try:
                filled = fill(pattern, rows, owner=_owner(rows, name), plan=overrides.get("plan_id"))
            except CannotFill:
                continue  # this pupil has no such row; another identity with the same role covers it
            yield label, filled, who.role in roles
        if allowed and any(p in policy.PARAMETERS and p not in ("pupil_id", "pk") for p in pattern.params):
            foreign = _foreign(world, who)
            mixed = replace(world.rows[foreign], pupil=rows.pupil)
            yield f"{foreign}'s rows under own pupil", fill(pattern, mixed, owner=_owner(mixed, name)), False
        if allowed and set(pattern.params) & policy.OWNED and name in rows.response:
            for other in rows.response:
                if other != name:
                    yield f"{other}'s own row", fill(pattern, rows, owner=other), False
    for key in who.probes if (allowed or method == "GET") else ():
        rows = _rows_for(world, key, borrow=True)
        yield f"out of scope: {key}", fill(pattern, rows, owner=_owner(rows, name)), False


# ---------------------------------------------------------------- Requests


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user.is_authenticated:
        client.force_login(user, backend="sensupport.accounts.backends.PasswordBackend")
    return client


TEXT_TYPES = ("text/html", "application/json", "text/csv", "text/plain")


def request(client: Client, method: str, path: str) -> tuple[int, str, str, str, str]:
    """One request inside a savepoint that is rolled back: every cell sees the same world."""
    with transaction.atomic():
        response = client.post(path, {}) if method == "POST" else client.get(path)
        transaction.set_rollback(True)
    error = ""
    if getattr(response, "exc_info", None):
        exc = response.exc_info[1]
        error = f"{type(exc).__name__}: {exc}"[:200]
    content_type = response.get("Content-Type", "")
    body = ""
    if (
        response.status_code == 200
        and content_type.startswith(TEXT_TYPES)
        and not getattr(response, "streaming", False)
    ):
        body = response.content.decode("utf-8", "replace")
    return response.status_code, response.get("Location", ""), error, body, content_type


def run_matrix(world: World, method: str) -> list[Cell]:
    """Every URL with a policy row (POST: every write URL), as every identity, on every case."""
    patterns = [
        p for p in url_patterns() if p.name in policy.POLICY and (method == "GET" or p.name in policy.WRITE_URLS)
    ]
    cells = []
    for name, who in policy.IDENTITIES.items():
        client = client_for(world.users[name])
        for pattern in patterns:
            for case, path, may in cases(world, pattern, name, who, method):
                cell = Cell(pattern.name, name, case, method, path, may, role=who.role)
                cell.status, cell.location, cell.error, cell.body, cell.content_type = request(client, method, path)
                cells.append(cell)
    return cells


# ---------------------------------------------------------------- What a page shows, what it links to


def secrets(world: World) -> list[tuple[str, str, frozenset]]:
    """(text, what it is, who may read it) for every distinctive text in the world."""
    out = [(SURNAMES[key], f"{key}'s surname", policy.who_may_read("surname", key)) for key in world.pupils]
    for key, rows in world.rows.items():
        kinds = [
            kind
            for kind, row in (("concern", rows.concern), ("draft", rows.draft_plan), ("conversation", rows.summary))
            if row
        ]
        out += [(secret(kind, key), f"{key}'s {kind}", policy.who_may_read(kind, key)) for kind in kinds]
        for kind in ("reason", "message", "prep", "aboutme", "day"):
            for writer in rows.response:
                out.append(
                    (
                        secret(kind, key, writer),
                        f"{writer}'s {kind} about {key}",
                        policy.who_may_read(kind, key, writer),
                    )
                )
    return out


def leak_lines(cells: list[Cell], world: World) -> list[str]:
    """One line for every answer that shows a text to someone not among its readers."""
    found = set()
    known = secrets(world)
    for cell in cells:
        for text, what, readers in known if cell.body else ():
            if cell.identity not in readers and text in cell.body:
                found.add(f"{cell.identity:22} {cell.method:4} {cell.path:40} ({cell.url}) shows {what}")
    return sorted(found)


def visible_pupils(world: World, name: str) -> set[str]:
    """Which of the world's pupils Pupil.objects.visible_to gives this identity."""
    from sensupport.pupils.models import Pupil

    by_pk = {p.pk: key for key, p in world.pupils.items()}
    return {by_pk[pk] for pk in Pupil.objects.visible_to(world.users[name]).values_list("pk", flat=True) if pk in by_pk}


class _Links(html.parser.HTMLParser):
    """The links (a href) and the POST forms' targets (form action) of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs.get("href") or "")
        elif tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.posts.append(attrs.get("action") or "")


def post_targets(cells: list[Cell]) -> dict[str, str]:
    """URL name -> a page whose form POSTs to it, for every POST form on every page fetched."""
    targets: dict[str, str] = {}
    for cell in cells:
        if cell.body and cell.content_type.startswith("text/html"):
            parser = _Links()
            parser.feed(cell.body)
            for action in parser.posts:
                path = urllib.parse.urlsplit(action).path or cell.path  # no action: the page itself
                try:
                    match = resolve(path)
                except Resolver404:
                    targets[f"(nothing at {path})"] = cell.path
                    continue
                targets.setdefault(match.view_name, cell.path)
    return targets


SKIP_LINKS = ("/static/", "/accounts/sign-out/", "/django-admin/")


def internal_links(body: str) -> list[str]:
    parser = _Links()
    parser.feed(body)
    out = []
    for href in parser.hrefs:
        parts = urllib.parse.urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_LINKS):
            continue
        try:
            resolve(parts.path)
        except Resolver404:
            out.append(parts.path)  # a link to nothing: report it
            continue
        path = parts.path
        if path.endswith(".pdf"):
            # The same view and access rule as the Word file; WeasyPrint takes a second or more a page.
            path = path[: -len(".pdf")] + ".docx"
        out.append(path + (f"?{parts.query}" if parts.query else ""))
    return out


def dead_links(world: World, cells: list[Cell]) -> list[tuple[str, str, str, str]]:
    """(identity, page, link, status) for every link on an in-scope page that its viewer cannot open."""
    found = []
    for name in policy.IDENTITIES:
        # Pages the policy opens to them (the others are the GET matrix's business).
        pages = [
            c
            for c in cells
            if c.identity == name
            and c.open
            and c.method == "GET"
            and c.status == 200
            and c.content_type.startswith("text/html")
        ]
        if not pages:
            continue
        client = client_for(world.users[name])
        # What the matrix already asked as this identity need not be asked again; and a link to a
        # row the policy keeps from this identity is wrong even while the page behind it still opens.
        seen: dict[str, tuple] = {
            c.path: (c.status, c.location) for c in cells if c.identity == name and c.method == "GET"
        }
        closed = {c.path for c in cells if c.identity == name and c.method == "GET" and not c.open}
        role = policy.IDENTITIES[name].role
        for page in pages:
            for link in internal_links(page.body):
                if link not in seen:
                    seen[link] = request(client, "GET", link)[:2]
                status, location = seen[link]
                if status in (403, 404) or status >= 500:
                    found.append((name, page.path, link, str(status)))
                elif link in closed and not (status == 302 and redirect_opens(location, role, link)):
                    found.append((name, page.path, link, f"{status}, but the policy closes it to them"))
    return found
