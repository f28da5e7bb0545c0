"""Query lookups the ORM lacks.

`InSubquery(lhs, queryset)`: `lhs IN (SELECT ...)` on every database; on PostgreSQL it is written
`lhs = ANY(ARRAY(SELECT ...))`. The two mean the same, but PostgreSQL plans them differently: an
uncorrelated ARRAY(subquery) is run once, before the scan (an InitPlan), and `= ANY` of its result
can drive an index scan, so each arm of an OR can be an index scan combined with the others
(a BitmapOr). `IN (subquery)` inside an OR becomes a "hashed SubPlan" filter instead, tested on
every row of the table: on a database shared by several local authorities that made the LA
officer's register read every pupil in the database (issue 14: 5 LAs and 300,000 pupils,
122-149 ms; with this, each arm reads only that LA's rows, 43-51 ms). Use it where a subquery is
one arm of an OR, with a queryset that selects the column compared (`.values("pk")`): on a
relation it compares the relation's own column, not a `to_field`.
"""

from __future__ import annotations

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class InSubquery(In):
    """`field__in_subquery=queryset`: see the module's docstring. Only a queryset, never a list."""

    lookup_name = "in_subquery"

    def get_prep_lookup(self):
        from django.db.models.sql.query import Query  # as Django's own In does: avoids a circular import

        if not isinstance(self.rhs, Query):  # a queryset arrives here as its Query
            raise TypeError("in_subquery takes a queryset; use __in for a list of values")
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)  # "(SELECT ...)"
        return f"{lhs_sql} = ANY(ARRAY{rhs_sql})", (*lhs_params, *rhs_params)


Field.register_lookup(InSubquery)
ForeignObject.register_lookup(InSubquery)  # a relation's lookups are its own, not Field's
