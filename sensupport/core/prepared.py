"""Queries whose SQL Django compiles once per process, not on every call (issue 14).

Django builds and compiles a queryset's SQL on every evaluation: about 0.3-0.5 ms for a small
query, more than PostgreSQL takes to answer it. On the pages every user opens (the signed-in user,
the register's rows, the pupil page's parts) that was most of the time outside the database.

A `PreparedQuery` wraps a function that builds a queryset from ids::

    current_needs = PreparedQuery(
        lambda pupil_ids: PupilNeed.objects.filter(pupil_id__in=pupil_ids, end_date__isnull=True)
        .values_list("pupil_id", "need_type", "rank")
    )
    rows = current_needs(ids)

The first call for a shape (the database, and the length of each list argument) builds the
queryset with marker ids, compiles it, and notes where each marker landed in the parameters; later
calls put the real ids there and run the same SQL through Django's cursor (so the query is counted,
timed and logged like any other), then turn the rows into tuples or model instances exactly as the
queryset would (Django's converters, `from_db`, `select_related`'s populators, annotations).

What the queryset says stays the one definition: there is no SQL written by hand. The rules:
- arguments are ids: ints, lists of ints (`__in`), strings compared as they are (a session key)
  or dates compared with a DateField (today, passed in);
- the builder depends on its arguments only: a date or the clock read inside it would be compiled
  in once and kept (pass such values through an ordinary queryset instead);
- `values_list(...)` (flat or not) or model instances; no `prefetch_related`, no related manager.
Each use has a test that its answer is the queryset's own (core/tests/test_prepared.py shows how).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from threading import Lock

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable, get_related_populators

# Marker ids: far above any row id a school's database reaches, a block of 10,000 per argument.
_MARK = 7_300_000_000_000
_BLOCK = 10_000
_BIGINT = (-(2**63), 2**63 - 1)
_DATE_MARK = dt.date(1001, 1, 1)  # marker dates: a day each, in a year no record is dated

Arg = int | str | dt.date | Sequence[int]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple  # per parameter: (argument, index in a list or None), ("date", argument) or ("const", value)
    compiler: object
    converters: dict  # Django's converters for the selected columns, found once (empty: rows as they come)
    kind: type
    model: object = None
    init_list: tuple = ()
    model_slice: tuple[int, int] = (0, 0)
    populators: tuple = ()
    annotations: tuple = ()

    def bind(self, args: tuple, ops) -> list:
        params = []
        for slot in self.slots:
            if slot[0] == "const":
                params.append(slot[1])
            elif slot[0] == "date":
                params.append(ops.adapt_datefield_value(args[slot[1]]))  # as Django adapts a DateField's value
            else:
                arg, index = slot
                params.append(args[arg] if index is None else args[arg][index])
        return params

    def rows(self, alias: str, rows: list) -> list:
        converted = map(tuple, self.compiler.apply_converters(rows, self.converters)) if self.converters else rows
        if self.kind is ValuesListIterable:
            return list(converted)
        if self.kind is FlatValuesListIterable:
            return [row[0] for row in converted]
        start, end = self.model_slice
        objects = []
        for row in converted:
            obj = self.model.from_db(alias, self.init_list, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _shape(arg: Arg) -> object:
    if isinstance(arg, bool):
        raise TypeError("A prepared query takes ids, not True or False (write those into the queryset)")
    if isinstance(arg, int):
        if not _BIGINT[0] <= arg <= _BIGINT[1]:  # no row has such an id (and the database would refuse it)
            raise ValueError(f"{arg} is not an id: beyond a 64-bit integer")
        return None
    if isinstance(arg, dt.datetime):
        raise TypeError("A prepared query takes dates, not datetimes")
    if isinstance(arg, dt.date):
        return "date"
    return "str" if isinstance(arg, str) else len(arg)


def _marker(n: int, shape: object) -> Arg:
    if shape is None:
        return _MARK + n * _BLOCK
    if shape == "str":
        return f"\x1fprepared-query-argument-{n}\x1f"  # no key, name or code looks like this
    if shape == "date":
        return _DATE_MARK + dt.timedelta(days=n)
    return [_MARK + n * _BLOCK + i for i in range(shape)]


class PreparedQuery:
    """A queryset builder compiled once per shape: see the module's docstring."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled | None] = {}
        self._lock = Lock()

    def __call__(self, *args: Arg) -> list:
        alias = DEFAULT_DB_ALIAS  # sensupport has one database (building a queryset to ask would cost the saving)
        key = (alias, tuple(_shape(arg) for arg in args))
        try:
            compiled = self._compiled[key]
        except KeyError:
            with self._lock:
                compiled = self._compiled[key] = self._compile(key[1], alias)
        if compiled is None:  # an empty list that empties the query: no rows, no query (as Django does)
            return []
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, compiled.bind(args, connection.ops))
            rows = cursor.fetchall()
        return compiled.rows(alias, rows)

    def _compile(self, shape: tuple, alias: str) -> _Compiled | None:
        markers = tuple(_marker(n, kind) for n, kind in enumerate(shape))
        queryset = self.build(*markers)
        if queryset.db != alias:
            raise TypeError(f"A prepared query reads the {alias!r} database")
        kind = queryset._iterable_class
        if kind not in (ModelIterable, ValuesListIterable, FlatValuesListIterable):
            raise TypeError("A prepared query gives values_list rows or model instances")
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise TypeError("A prepared query has no prefetch_related and is not read through a related manager")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if 0 in shape:  # an empty list: no rows, whatever the ids
                return None
            # A marker that empties the query (an id beyond its column's range, say) would make
            # every later call answer "nothing": refuse the builder instead.
            raise ValueError(
                "A prepared query's markers emptied it: its arguments must be ids of bigint columns"
            ) from None
        ops = connections[alias].ops
        where = {}
        for n, marker in enumerate(markers):
            if isinstance(marker, dt.date):
                where[marker] = where[ops.adapt_datefield_value(marker)] = ("date", n)  # as given, or adapted
                continue
            for i, value in enumerate(marker if isinstance(marker, list) else [marker]):
                where[value] = (n, i if isinstance(marker, list) else None)
        slots, seen = [], set()
        for value in params:
            if type(value) in (int, str, dt.date) and value in where:
                if where[value] in seen:
                    raise ValueError("A prepared query's argument is used twice in its SQL")
                seen.add(where[value])
                slots.append(where[value])
            else:
                slots.append(("const", value))
        if seen != set(where.values()):
            raise ValueError("A prepared query's argument did not reach its SQL as given (an id is expected)")
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise TypeError("A prepared query reads no composite primary key")
        converters = compiler.get_converters(columns)
        instances = {}  # how ModelIterable turns a row into the model and its select_related rows
        if kind is ModelIterable:
            select, klass_info = compiler.select, compiler.klass_info
            fields = klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            instances = {
                "model": klass_info["model"],
                "init_list": tuple(f[0].target.attname for f in select[start:end]),
                "model_slice": (start, end),
                "populators": tuple(get_related_populators(klass_info, select, alias)),
                "annotations": tuple(compiler.annotation_col_map.items()),
            }
        return _Compiled(sql=sql, slots=tuple(slots), compiler=compiler, converters=converters, kind=kind, **instances)
