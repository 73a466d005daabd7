"""Reads of a fixed shape that every signed-in request makes (its session, its member, their
memberships and teams), compiled to SQL by the ORM once per database and process.

Building a query in the ORM costs about 0.3 ms before the database sees it; running the same SQL
again costs a twentieth of that. `Prepared` builds the queryset once with placeholder values,
keeps the SQL and where the placeholders landed in its parameters, and then runs it with the
values of each call. Rows become model instances exactly as the ORM makes them (the database's
converters, `Model.from_db`, select_related's populators).

    memberships = Prepared(
        lambda user_id: Membership.objects.filter(user_id=user_id).select_related("team"), int
    )
    memberships(request.user.pk)  # -> [Membership, …] with .team loaded

A `values_list` read (of fields, then annotations) gives tuples. Only int and str parameters are
supported: they reach the database as they are. A parameter may
appear more than once (a subquery on the same team), and slices become the SQL's LIMIT. A str
parameter may make a LIKE pattern (`target_id__startswith=f"{target}:"`): it is escaped for
LIKE as the ORM does, and the rest of the pattern kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    positions: tuple[tuple[int, ...], ...]  # where each parameter goes (a subquery repeats one)
    patterns: tuple[tuple[int, str, int], ...]  # (where, placeholder, which) of LIKE patterns
    converters: dict
    # Model rows: the model, its fields' names and where they are in a row, select_related's
    # populators. None for a values_list read, whose rows are tuples.
    model: type[Model] | None
    names: list[str]
    start: int
    end: int
    related: list


# Plans kept per read: one per database and window (a pager's slice), at most this many.
MAX_PLANS = 64


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], *kinds: type) -> None:
        if any(kind not in (int, str) for kind in kinds):
            raise ImproperlyConfigured("Prepared reads take int and str parameters only")
        self.build = build
        self.kinds = kinds
        self._plans: dict[tuple, _Plan] = {}

    def __call__(
        self, *args: Any, using: str = DEFAULT_DB_ALIAS, window: tuple[int, int] | None = None
    ) -> list:
        """The rows for `args`: model instances, or tuples for a values_list read. `window`:
        (start, stop) of the rows, as a slice of the queryset would ask (a pager's page)."""
        key = (using, window)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= MAX_PLANS:
                self._plans.clear()
            plan = self._plans[key] = self._plan(using, window)
        params = list(plan.params)
        for positions, kind, value in zip(plan.positions, self.kinds, args, strict=True):
            if type(value) is not kind:
                raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
            for position in positions:
                params[position] = value
        connection = connections[using]
        for position, placeholder, number in plan.patterns:  # a LIKE pattern made of a value
            value = connection.ops.prep_for_like_query(args[number])
            params[position] = plan.params[position].replace(placeholder, value)
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        found = []
        for values in rows:
            row = list(values)
            for position, (converters, expression) in plan.converters.items():
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            if plan.model is None:
                found.append(tuple(row))
                continue
            instance = plan.model.from_db(using, plan.names, row[plan.start : plan.end])
            for populator in plan.related:
                populator.populate(row, instance)
            found.append(instance)
        return found

    def _plan(self, using: str, window: tuple[int, int] | None) -> _Plan:
        placeholders = [
            -7_319_000_001 - number if kind is int else f"\x02prepared-{number}\x02"
            for number, kind in enumerate(self.kinds)
        ]
        queryset = self.build(*placeholders)
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ImproperlyConfigured("Prepared reads give model instances or values_list rows")
        if window is not None:
            queryset = queryset[window[0] : window[1]]
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions, patterns = [], []
        for number, placeholder in enumerate(placeholders):
            where = tuple(index for index, param in enumerate(params) if param == placeholder)
            within = [
                (index, placeholder, number)
                for index, param in enumerate(params)
                if isinstance(placeholder, str)
                and isinstance(param, str)
                and placeholder in param
                and param != placeholder
            ]
            if not where and not within:
                raise ImproperlyConfigured(f"a prepared read must use each parameter: {sql}")
            positions.append(where)
            patterns += within
        select, klass_info = compiler.select, compiler.klass_info
        converters = compiler.get_converters([column[0] for column in select])
        if queryset._iterable_class is ValuesListIterable:  # tuples of the selected values
            return _Plan(
                sql,
                tuple(params),
                tuple(positions),
                tuple(patterns),
                converters,
                None,
                [],
                0,
                len(select),
                [],
            )
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Plan(
            sql=sql,
            params=tuple(params),
            positions=tuple(positions),
            patterns=tuple(patterns),
            converters=converters,
            model=klass_info["model"],
            names=[column[0].target.attname for column in select[start:end]],
            start=start,
            end=end,
            related=get_related_populators(klass_info, select, using),
        )


class PreparedRows:
    """The rows of a prepared read as a pager sees them: a length known beforehand, and each
    slice asked (the page's) read with its window. For `paginate(request, rows, count=...)`."""

    def __init__(self, read: Prepared, *args: Any, count: int) -> None:
        self.read = read
        self.args = args
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, item: slice) -> list:
        if not isinstance(item, slice) or item.step is not None:
            raise TypeError("PreparedRows are read by slices")
        start, stop, _step = item.indices(self.count)
        if stop <= start:
            return []
        return self.read(*self.args, window=(start, stop))
