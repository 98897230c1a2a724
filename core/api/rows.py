"""API list pages built from `.values()` rows rather than model instances (issue 21).

DRF builds a page by making a model per row (and per selected or prefetched related row), then
asking every field of the serializer for its attribute and its representation: for a page of
100 projects, most of the request. A viewset with `list_from_rows` reads its page with one
`.values()` query instead, and a `RowPlan` made once per serializer class turns each row into
the same JSON as the serializer gives for the object (same keys, order, types and nulls;
tests/api/test_rows.py compares the two for every object of each such list):

- a field of the model or an annotation reads its column (`source` with `__` for `.`) and is
  converted as the field does it, or not at all for text, integers, booleans and choices;
- a slug-related field reads `relation__slug`, a primary-key-related field the foreign key;
- many-to-many codes (`CodesField`) come for the whole page in one query (`codes_of`);
- a nested list of a reverse foreign key (a project's funding sources) comes for the whole page
  in one query, each row by the nested serializer's own plan;
- anything else (a method field, a dotted source through a property) needs the serializer to
  say how: `row_sources` maps a field to the column to read, `row_<field>(row)` computes it from
  the raw row (with its nested rows), `row_columns` adds columns such a method reads, and
  `prepare_rows(rows, request)` may load what a whole page needs, or compute once per page what
  depends on the request (absolute addresses; the request is None without one). A field with
  no way to read it is an ImproperlyConfigured error when the plan is made, never a silently
  different answer.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connection, connections, models
from django.utils import timezone
from django.utils.translation import get_language
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname, resolution_order
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

# Fields whose representation of a value read from the database is that value.
_AS_READ = {
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.EmailField,
    serializers.IntegerField,
    serializers.SlugField,
    serializers.URLField,
}
_COLUMN, _CODES, _NESTED, _METHOD, _DATETIME = range(5)


def codes_of(model, pks: list, relations: tuple[str, ...]) -> dict[str, dict]:
    """The codes of `relations` (many-to-many to models with a `code`) of the `model` rows with
    these primary keys, as {relation: {pk: [code, …]}}, each relation in its target model's
    order: one query, one SELECT per relation joined with UNION ALL. On PostgreSQL the keys
    (integers) go as one array literal per SELECT: a placeholder per key and SELECT (500 for a
    page of 100 projects) took longer to quote, send and parse than the database took to answer
    (2.9 ms against 1.5 ms a query at scale 1; issue 21)."""
    codes: dict[str, dict] = {name: {} for name in relations}
    if not pks or not relations:
        return codes
    array = connection.vendor == "postgresql"
    if array:
        params = ["{" + ",".join(str(int(pk)) for pk in pks) + "}"] * len(relations)
        sql = _codes_sql(model, relations, array=True)
    else:
        params = list(pks) * len(relations)
        keys = ", ".join(["%s"] * len(pks))
        sql = _codes_sql(model, relations, array=False).format(keys=keys)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for index, pk, code, _rank in sorted(rows, key=lambda row: (row[0], row[3])):
        codes[relations[index]].setdefault(pk, []).append(code)
    return codes


@functools.cache
def _codes_sql(model, relations: tuple[str, ...], *, array: bool) -> str:
    """The SQL of `codes_of`, written once per model and relations from their metadata (the
    ORM took longer to build and compile this union for each page than the database took to
    answer it). Each part numbers its rows in the target model's order and takes the primary keys
    as one array parameter (`array`, PostgreSQL) or as placeholders where `{keys}` is."""
    quote = connection.ops.quote_name
    parts = []
    for index, name in enumerate(relations):
        field = model._meta.get_field(name)
        through = field.remote_field.through._meta
        source_field = through.get_field(field.m2m_field_name())
        source = quote(source_field.column)
        keys = f"= ANY(%s::{source_field.db_type(connection)}[])" if array else "IN ({keys})"
        target_key = quote(through.get_field(field.m2m_reverse_field_name()).column)
        target = field.related_model._meta
        order = ", ".join(_order_term(target, term) for term in target.ordering or ["code"])
        code = quote(target.get_field("code").column)
        parts.append(
            f"SELECT {index}, t.{source}, r.{code}, ROW_NUMBER() OVER (ORDER BY {order})"
            f" FROM {quote(through.db_table)} t INNER JOIN {quote(target.db_table)} r"
            f" ON r.{quote(target.pk.column)} = t.{target_key} WHERE t.{source} {keys}"
        )
    return " UNION ALL ".join(parts)


def _order_term(options, term: str) -> str:
    descending = term.startswith("-")
    column = connection.ops.quote_name(options.get_field(term.lstrip("-")).column)
    return f"r.{column} DESC" if descending else f"r.{column}"


class RowPlan:
    """How one serializer's representation is read from `.values()` rows (see the module)."""

    def __init__(self, serializer: serializers.Serializer):
        self.model = serializer.Meta.model
        self.prepare: Callable | None = getattr(serializer, "prepare_rows", None)
        self.entries: list[tuple] = []
        self.codes: list[str] = []
        self.nested: list[tuple[str, models.ForeignKey, RowPlan]] = []
        columns = ["pk", *getattr(serializer, "row_columns", ())]
        sources = getattr(serializer, "row_sources", {})
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            entry = self._entry(serializer, name, field, sources.get(name))
            if entry[0] in (_COLUMN, _DATETIME) and entry[2] not in columns:
                columns.append(entry[2])
            self.entries.append(entry)
        self.columns = tuple(columns)

    def _entry(self, serializer, name: str, field, source: str | None) -> tuple:
        method = getattr(serializer, f"row_{name}", None)
        if method is not None:
            return (_METHOD, name, method, None)
        if source is not None:
            return (_COLUMN, name, source, self._convert(field))
        path = field.source.replace(".", "__")
        if isinstance(field, serializers.ManyRelatedField) and _is_codes(field.child_relation):
            self.codes.append(field.source)
            return (_CODES, name, field.source, None)
        if isinstance(field, serializers.ListSerializer):
            relation = self.model._meta.get_field(field.source)
            if not isinstance(relation, models.ManyToOneRel):
                raise self._unreadable(serializer, name)
            self.nested.append((field.source, relation.field, RowPlan(field.child)))
            return (_NESTED, name, field.source, self.nested[-1][2])
        if isinstance(field, serializers.SlugRelatedField):
            return (_COLUMN, name, f"{path}__{field.slug_field}", None)
        if type(field) is serializers.PrimaryKeyRelatedField and field.pk_field is None:
            return (_COLUMN, name, path, None)  # the foreign key itself
        if (
            isinstance(
                field,
                serializers.RelatedField
                | serializers.SerializerMethodField
                | serializers.BaseSerializer,
            )
            or field.source == "*"
        ):
            raise self._unreadable(serializer, name)
        if _in_current_zone(field):
            return (_DATETIME, name, path, field)
        return (_COLUMN, name, path, self._convert(field))

    @staticmethod
    def _convert(field) -> Callable | None:
        return None if type(field) in _AS_READ else field.to_representation

    @staticmethod
    def _unreadable(serializer, name: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(
            f"{type(serializer).__name__}.{name} cannot be read from rows: give it a "
            f"`row_sources` entry or a `row_{name}(row)` method."
        )

    def complete(self, rows: list[dict], request=None) -> None:
        """Add to each row its codes and nested rows (one query per kind for all rows), then
        whatever the serializer prepares for a page (with the request)."""
        pks = [row["pk"] for row in rows]
        if self.codes:
            codes = codes_of(self.model, pks, tuple(self.codes))
            for name in self.codes:
                of_name = codes[name]
                for row in rows:
                    row[name] = of_name.get(row["pk"], [])
        for name, foreign_key, plan in self.nested:
            children: dict = {row["pk"]: [] for row in rows}
            ordering = [
                term
                for term in foreign_key.model._meta.ordering
                if str(term).lstrip("-") not in (foreign_key.name, foreign_key.attname)
            ]
            related = (
                foreign_key.model._default_manager.filter(**{f"{foreign_key.name}__in": pks})
                .order_by(*ordering)
                .values(foreign_key.attname, *plan.columns)
            )
            found = list(related) if pks else []
            plan.complete(found, request)
            for child in found:
                children[child[foreign_key.attname]].append(child)
            for row in rows:
                row[name] = children[row["pk"]]
        if self.prepare is not None:
            self.prepare(rows, request)

    def represent(self, row: dict, zone) -> dict:
        result = {}
        for kind, name, source, how in self.entries:
            if kind == _COLUMN:
                value = row[source]
                result[name] = value if value is None or how is None else how(value)
            elif kind == _DATETIME:
                result[name] = _iso_datetime(row[source], zone, how)
            elif kind == _CODES:
                result[name] = row[source]
            elif kind == _NESTED:
                result[name] = [how.represent(child, zone) for child in row[source]]
            else:
                result[name] = source(row)
        return result

    def page(self, rows: list[dict], request=None) -> list[dict]:
        self.complete(rows, request)
        zone = timezone.get_current_timezone() if settings.USE_TZ else None
        return [self.represent(row, zone) for row in rows]


def _in_current_zone(field) -> bool:
    """A DateTimeField shown in ISO 8601 in the current time zone (DRF's default), which a page
    converts with the zone looked up once rather than once per value."""
    return (
        type(field) is serializers.DateTimeField
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
        and not hasattr(field, "timezone")
    )


def _iso_datetime(value, zone, field):
    """What DRF's DateTimeField gives for an aware datetime read from the database (anything
    else goes to the field itself)."""
    if not isinstance(value, datetime.datetime) or zone is None or timezone.is_naive(value):
        return None if value is None else field.to_representation(value)
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def translated_columns(path: str) -> tuple[str, ...]:
    """The columns of a translated field (modeltranslation) in every language, for a row plan's
    `row_columns` (a plain column is the default language's): `country__name` gives
    `country__name_en`, `country__name_vi`…"""
    return tuple(build_localized_fieldname(path, code) for code in mt_settings.AVAILABLE_LANGUAGES)


def translated(row: dict, path: str) -> str:
    """A translated field read from its `translated_columns`, chosen as modeltranslation does:
    in the language shown, else in the first language it falls back to that has one."""
    names = [row[column] for column in _localized_columns(path, get_language())]
    return next((name for name in names if name), names[0])


@functools.cache
def _localized_columns(path: str, language: str | None) -> tuple[str, ...]:
    """The columns `translated` reads, in modeltranslation's order for `language` (worked out
    once per field and language, not once per row: a third of a page of cities' representing)."""
    return tuple(build_localized_fieldname(path, code) for code in resolution_order(language))


def _is_codes(relation) -> bool:
    return isinstance(relation, serializers.SlugRelatedField) and relation.slug_field == "code"


_plans: dict[type, RowPlan] = {}


def row_plan(serializer_class) -> RowPlan:
    """The plan of a serializer class, made on first use."""
    plan = _plans.get(serializer_class)
    if plan is None:
        plan = _plans[serializer_class] = RowPlan(serializer_class(context={}))
    return plan


class PreparedRows:
    """A list's count and pages from SQL compiled once (issue 21): for a viewset whose queryset
    is the same for every reader of a kind (PortalViewSet.shared_rows_key), the ORM's building
    and compiling of the count and page queries, the better part of a list request, is done on
    the first request and reused, per database connection. Each page is the compiled query with
    its LIMIT and OFFSET, converted as the ORM converts `.values()` rows.

    Made with `prepare_rows`, which runs the count as the ORM does and keeps the SQL it ran;
    None when a query cannot be kept (one the ORM answers without SQL). With `counter`, the
    count is what it returns (an aggregate the database keeps, which does not grow with the
    rows) and no COUNT is kept."""

    def __init__(self, connection, count: tuple[str, tuple] | None, values, counter=None):
        self.connection = connection
        self.counter = counter
        self.count_sql, self.count_params = count or (None, None)
        self.compiler = values.query.get_compiler(connection=connection)
        self.sql, self.params = self.compiler.as_sql()
        query = values.query
        # As ValuesIterable names the columns.
        self.names = list(query.selected or ()) or [
            *query.extra_select,
            *query.values_select,
            *query.annotation_select,
        ]
        fields = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(fields)
        self.width = self.compiler.col_count if self.compiler.has_extra_select else None

    def count(self) -> int:
        if self.counter is not None:
            return self.counter()
        with self.connection.cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return cursor.fetchone()[0]

    def __getitem__(self, page: slice) -> list[dict]:
        limits = self.connection.ops.limit_offset_sql(page.start, page.stop)
        with self.connection.cursor() as cursor:
            cursor.execute(f"{self.sql} {limits}", self.params)
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        names = self.names
        return [dict(zip(names, row, strict=False)) for row in rows]


class Counted:
    """Prepared rows whose count the request has run already (while preparing them)."""

    def __init__(self, rows: PreparedRows, count: int):
        self.rows, self.counted = rows, count

    def count(self) -> int:
        return self.counted

    def __getitem__(self, page: slice) -> list[dict]:
        return self.rows[page]


def prepare_rows(queryset, columns, counter=None) -> tuple[int, PreparedRows | None]:
    """The count of `queryset` (run as the ORM runs it) and, when the SQL of its count and of
    its `.values(*columns)` page can be kept, a PreparedRows for the next requests. With
    `counter`, the count is what it returns, now and then, and no COUNT is run or kept."""
    connection = connections[queryset.db]
    if counter is not None:
        try:
            prepared = PreparedRows(connection, None, queryset.values(*columns), counter)
        except EmptyResultSet:
            return queryset.count(), None
        return counter(), prepared
    ran: list[tuple] = []

    def keep(execute, sql, params, many, context):
        ran.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        count = queryset.count()
    if len(ran) != 1:
        return count, None
    try:
        return count, PreparedRows(connection, ran[0], queryset.values(*columns))
    except EmptyResultSet:
        return count, None
