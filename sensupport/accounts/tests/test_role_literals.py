"""The rule: outside `accounts`, no view and no service names a role.

Who may do something is a permission (each app's permissions.py, asked with
`user.has_perm("app.perm", row)`, in views, services and templates alike); what a kind of user is
is a named accounts helper (`User.is_family`, `User.is_school_staff`, `SCHOOL_LEADERS`...). A
`Role.SENCO` or a `user.role in ("senco", "head")` in a view or a service is a second copy of a rule
that will drift from the first, so this test reads every app's views.py and services.py (not
migrations, not tests) and fails on:

- any use of `Role.<NAME>`;
- a role's value written as a string ("senco", "parent"...) where it is compared with a `.role`,
  or given as a `role=` / `role__in=` argument. (The same words as field names, such as
  `select_related("parent")`, are not roles and pass.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import sensupport
from sensupport.accounts.models import Role

ROLE_VALUES = frozenset(Role.values)
APPS = Path(sensupport.__file__).parent
CHECKED = sorted(
    path for name in ("views.py", "services.py") for path in APPS.glob(f"*/{name}") if path.parent.name != "accounts"
)


def _mentions_role(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "role" for n in ast.walk(node))


def _role_strings(node: ast.AST) -> list[str]:
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in ROLE_VALUES
    ]


def role_literals(source: str) -> list[str]:
    """Each role literal in a module's source, as "line N: what"."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role":
            found.append((node.lineno, f"Role.{node.attr}"))
        elif isinstance(node, ast.Compare) and _mentions_role(node):
            found += [(node.lineno, f"{value!r} compared with a role") for value in _role_strings(node)]
        elif isinstance(node, ast.keyword) and node.arg in ("role", "role__in"):
            found += [(node.value.lineno, f"{value!r} as {node.arg}=") for value in _role_strings(node.value)]
    return [f"line {line}: {what}" for line, what in sorted(found, key=lambda item: item[0])]


def test_the_check_finds_each_kind_of_role_literal():
    source = """
if user.role == Role.SENCO: pass
if request.user.role in ("parent", "young_person"): pass
User.objects.filter(role="la_officer")
User.objects.filter(role__in=["head"])
pupil.parent_links.select_related("parent")  # a field name, not a role
"""
    assert role_literals(source) == [
        "line 2: Role.SENCO",
        "line 3: 'parent' compared with a role",
        "line 3: 'young_person' compared with a role",
        "line 4: 'la_officer' as role=",
        "line 5: 'head' as role__in=",
    ]


def test_views_and_services_outside_accounts_name_no_role():
    assert len(CHECKED) >= 15, CHECKED  # the glob found the apps' modules
    offenders = {
        str(path.relative_to(APPS.parent)): found
        for path in CHECKED
        if (found := role_literals(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "Ask a permission (user.has_perm) or a named accounts helper (accounts/models.py) instead"
