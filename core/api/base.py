"""What every endpoint of the REST API shares: serializers that refuse what they do not know,
viewsets that export and write through services, error mapping and pagination.

The apps' `api.py` modules hold only what is particular to their collections.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from functools import partial

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connections, models, router
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.fields import SkipField
from rest_framework.pagination import PageNumberPagination
from rest_framework.relations import MANY_RELATION_KWARGS, PKOnlyObject
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core import text_limits
from core.api.exports import EXPORT_FORMATS, EXPORT_RENDERERS, ExportTable, cell
from core.api.parsers import JSONParser
from core.api.permissions import PolicyPermission
from core.api.rows import Counted, PreparedRows, codes_of, prepare_rows, row_plan
from core.api.throttles import check_together
from core.cache import cache_key, cached_response, is_anonymous_read, store_response
from core.concurrency import VersionConflict

MAX_INT = 2**31 - 1
_PAGE_PARAMETERS = {"page", "page_size", "format"}


# --- Errors -------------------------------------------------------------------------------------


def exception_handler(exc, context):
    """DRF's handler, plus the portal's own exceptions: a service's ValidationError is a 400 per
    field, a VersionConflict a 409 carrying the object as it is now."""
    if isinstance(exc, VersionConflict):
        return _conflict_response(exc, context.get("view"))
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_detail(exc))
    return drf_exception_handler(exc, context)


def validation_detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name: messages
            for name, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def _conflict_response(exc: VersionConflict, view) -> Response:
    current = exc.current
    if view is not None and hasattr(view, "get_serializer"):
        fresh = view.get_queryset().filter(pk=current.pk).first() or current
        current_data = view.get_serializer(fresh).data
    else:
        current_data = {"id": current.pk, "version": current.version}
    detail = _(
        "Someone else changed this since you loaded it (you edited version %(yours)s, it is now "
        "at version %(theirs)s). Nothing was saved; review the current state and try again."
    ) % {"yours": exc.expected_version, "theirs": current.version}
    return Response({"detail": detail, "current": current_data}, status=status.HTTP_409_CONFLICT)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request, *args, **kwargs):
    raise exceptions.NotFound()


# --- Serializers --------------------------------------------------------------------------------


def reject_unknown_fields(serializer: serializers.Serializer, data) -> None:
    """A misspelt or unknown field is a 400 rather than silently ignored."""
    if isinstance(data, Mapping):
        unknown = sorted(str(name) for name in data if name not in serializer.fields)
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})


def reject_changed_fixed_fields(serializer: serializers.Serializer, data) -> None:
    """On a change, a field that cannot be changed (a project's plan, a progress update's year,
    a slug, any read-only field) sent with another value than it has is a 400 naming it, rather
    than silently ignored. Sent back as read (a PUT of a GET) it is fine."""
    if not isinstance(data, Mapping) or not isinstance(serializer.instance, models.Model):
        return
    fixed = {
        name: [_("This field cannot be changed.")]
        for name, value in data.items()
        if name in serializer.fields
        and serializer.fields[name].read_only
        and not _unchanged(serializer.fields[name], serializer.instance, value)
    }
    if fixed:
        raise serializers.ValidationError(fixed)


def _unchanged(field, instance, sent) -> bool:
    try:
        attribute = field.get_attribute(instance)
    except (SkipField, AttributeError, ObjectDoesNotExist):
        return True  # nothing to compare with: nothing is being changed
    value = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
    current = None if value is None else field.to_representation(attribute)
    if current == sent:
        return True
    scalar = not isinstance(sent, list | dict) and not isinstance(current, list | dict)
    return scalar and sent is not None and current is not None and str(current) == str(sent)


class StrictSerializer(serializers.Serializer):
    """A plain serializer (a request body that is no model) refusing unknown fields."""

    def to_internal_value(self, data):
        reject_unknown_fields(self, data)
        return super().to_internal_value(data)


class PortalSerializer(serializers.ModelSerializer):
    """A model serializer scoping related-object choices to what the requesting user may see.

    It answers a misspelt or unknown field with a 400 instead of ignoring it.
    `scoped_fields` maps a related field to the policy function (user → queryset) limiting it;
    `create_only_fields` are set when an object is created and fixed after (a project's plan).
    """

    scoped_fields: Mapping[str, Callable] = {}
    create_only_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = self._model_fields()
        if isinstance(self.instance, models.Model):
            for name in self.create_only_fields:
                fields[name].read_only = True
        user = self._requesting_user()
        for name, visible in self.scoped_fields.items():
            field = fields[name]
            if not field.read_only:
                getattr(field, "child_relation", field).queryset = visible(user)
        return fields

    @classmethod
    def _model_fields_template(cls):
        """ModelSerializer builds its fields by inspecting the model on every instantiation, a
        good part of a list request; build them once per class and copy that."""
        if "_fields_template" not in cls.__dict__:
            cls._fields_template = serializers.ModelSerializer.get_fields(cls())
        return cls._fields_template

    def _model_fields(self):
        return copy.deepcopy(self._model_fields_template())

    def to_representation(self, instance):
        """DRF's loop, with the readable fields listed once per serializer rather than once per
        object (a page of 50 objects reads them 50 times)."""
        readable = self.__dict__.get("_readable")
        if readable is None:
            readable = self._readable = list(self._readable_fields)
        result = {}
        for field in readable:
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            value = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            result[field.field_name] = None if value is None else field.to_representation(attribute)
        return result

    def get_validators(self):
        """Uniqueness is the services' to check: they name the field that clashes."""
        return []

    def _requesting_user(self):
        request = self.context.get("request")
        return getattr(request, "user", None) or AnonymousUser()

    def to_internal_value(self, data):
        reject_unknown_fields(self, data)
        reject_changed_fixed_fields(self, data)
        return super().to_internal_value(data)


class VersionedSerializer(PortalSerializer):
    """For editable objects: a write names the `version` it was based on (required to change an
    existing object; a stale one is a 409)."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_INT,
        required=False,
        help_text=_("Increases with every change. Send the version you read when you change it."),
    )

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError(
                {"version": [_("Send the version of the object you edited.")]}
            )
        return super().validate(attrs)


class _Codes(serializers.ManyRelatedField):
    def get_attribute(self, instance):
        attached = getattr(instance, "_attached_codes", {}).get(self.source)
        return attached if attached is not None else super().get_attribute(instance)

    def to_representation(self, iterable):
        return [item if isinstance(item, str) else item.code for item in iterable]


class CodesField(serializers.SlugRelatedField):
    """Reference data named by code (focus areas, outcomes, …) on a many-to-many relation.

    Written as a list of codes; read from codes that `attach_codes` loaded for a whole page, which
    costs one light query per relation instead of a model and a manager per object."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update(
            {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        )
        return _Codes(**list_kwargs)


def attach_codes(instances, relations: tuple[str, ...]) -> None:
    """Load the codes of `relations` (many-to-many to models with a `code`) for all `instances`
    in one query, for `CodesField` to read (see `codes_of`)."""
    if not instances or not relations:
        return
    by_pk = {instance.pk: instance for instance in instances}
    codes = codes_of(type(instances[0]), list(by_pk), relations)
    for pk, instance in by_pk.items():
        instance._attached_codes = {name: codes[name].get(pk, []) for name in relations}


class CommentSerializer(StrictSerializer):
    """The body of a workflow action."""

    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=text_limits.COMMENT, default=""
    )


# --- Viewsets -----------------------------------------------------------------------------------


class _RowsPaginator(DjangoPaginator):
    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns

    def _get_page(self, object_list, number, paginator):
        if not isinstance(object_list, list):  # a PreparedRows page is rows already
            object_list = object_list.values(*self.columns)
        return super()._get_page(object_list, number, paginator)


class Pagination(PageNumberPagination):
    """`page` and `page_size` (1 to 200); a page size that is no such number is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.run_validation(raw)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({self.page_size_query_param: error.detail}) from None

    def check_page_parameters(self, request) -> None:
        self.get_page_size(request)
        page = request.query_params.get(self.page_query_param)
        if page is not None:
            try:
                serializers.IntegerField(min_value=1).run_validation(page)
            except serializers.ValidationError as error:
                raise serializers.ValidationError({self.page_query_param: error.detail}) from None

    def paginate_queryset(self, queryset, request, view=None):
        # DRF takes an empty `page=` for page 1; the schema says a page is a number from 1. (A
        # page that is no such number stays DRF's 404: no such page.)
        if request.query_params.get(self.page_query_param) == "":
            raise serializers.ValidationError(
                {self.page_query_param: [_("Give a page number (1 or more) or leave it out.")]}
            )
        return super().paginate_queryset(queryset, request, view)

    def paginate_rows(self, queryset, columns, request, view=None) -> list[dict] | None:
        """A page of `queryset` as `.values(*columns)` rows (see core/api/rows.py). The count
        runs on the queryset itself, without the joins that only the page's columns need."""
        self.django_paginator_class = partial(_RowsPaginator, columns=columns)
        return self.paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            "page": {"minimum": 1},
            "page_size": {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


class PortalViewSet(viewsets.GenericViewSet):
    """Base of every collection.

    `policy_rules` names, per action, the policy function that allows it: `rule(user)` for
    collection actions (create), `rule(user, obj)` for actions on one object. A write without a
    rule is refused (see `PolicyPermission`). Querysets come from the policy's `visible_*`.
    """

    permission_classes = [PolicyPermission]
    parser_classes = [JSONParser]
    pagination_class = Pagination
    policy_rules: Mapping[str, Callable] = {}
    attached_codes: tuple[str, ...] = ()  # many-to-many `CodesField`s, loaded for a whole page
    # The list page from `.values()` rows instead of model instances (core/api/rows.py).
    list_from_rows = False

    # The policy gives every reader the same queryset for this list (its `visible_*` does not
    # look at the user): the list's compiled SQL is kept for all of them. Checked for each such
    # viewset against every persona in tests/api/test_prepared_rows.py.
    rows_same_for_everyone = False

    def shared_rows_key(self):
        """For a list read from rows: a name for the kind of reader this request's is, if every
        reader of that kind gets the same queryset (then its compiled SQL is kept for them:
        core/api/rows.py, PreparedRows); None otherwise."""
        return "everyone" if self.rows_same_for_everyone else None

    def shared_rows_count(self, kind) -> Callable[[], int] | None:
        """For the kind of reader `shared_rows_key` named: a function that gives the exact count
        of the unfiltered list without counting its rows (an aggregate the database keeps), or
        None to run the list's COUNT."""
        return None

    def initial(self, request, *args, **kwargs):
        """A method no handler answers (TRACE, …) is a 405 whoever asks, before any permission
        check; an empty `format=` is a 400, as the schema lists the formats."""
        if not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method)
        if request.query_params.get("format", None) == "":
            raise serializers.ValidationError(
                {"format": [_("Choose a format: %(formats)s.") % {"formats": self._formats()}]}
            )
        super().initial(request, *args, **kwargs)

    def check_throttles(self, request):
        """DRF's check, with one round trip to the cache to read the throttles' histories and one
        to write them (core/api/throttles.py)."""
        waits = check_together(self.get_throttles(), request, self)
        if waits:
            self.throttled(request, max((w for w in waits if w is not None), default=None))

    def _formats(self) -> str:
        return ", ".join(sorted(r.format for r in self.get_renderers() if r.format != "api"))

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action == "list":
            renderers += [renderer() for renderer in EXPORT_RENDERERS]
        return renderers

    @property
    def exporting(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) in EXPORT_FORMATS

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if self.exporting:
            # An error is explained in JSON even when a spreadsheet was asked for.
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def validated_data(self, instance=None, *, partial=False) -> dict:
        serializer = self.get_serializer(instance, data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if instance is None:
            data.pop("version", None)  # a new object starts at version 1 whatever is sent
        return data

    # --- Public reads from the cache (core/cache.py): an anonymous list or object is stored
    # once built and served until public data changes, after authentication and throttles.
    _public_cache_key: str | None = None

    def cached_read(self, request, handler, *args, **kwargs):
        renderer = getattr(request.accepted_renderer, "format", None)
        if (
            renderer != "api"  # the browsable API draws forms with the visitor's CSRF token
            and is_anonymous_read(request)
            and not request.user.is_authenticated
        ):
            key = cache_key(request, request.accepted_media_type)
            hit = cached_response(request, key)
            if hit is not None:
                return hit
            self._public_cache_key = key
        return handler(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._public_cache_key and response.status_code == 200:
            response.render()
            store_response(request, self._public_cache_key, response)
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        attach_codes(page or [], self.attached_codes)
        return page

    def get_object(self):
        instance = super().get_object()
        attach_codes([instance], self.attached_codes)
        return instance

    def refetch(self, instance):
        """The object as the API shows it (annotations included) after a service wrote it."""
        fresh = self.get_queryset().get(pk=instance.pk)
        attach_codes([fresh], self.attached_codes)
        return fresh

    def respond_with(self, instance, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.refetch(instance)).data, status=status_code)


class ExportListMixin(mixins.ListModelMixin):
    """`?format=csv|xlsx` exports the whole filtered list (not one page) in the list's columns."""

    def list(self, request, *args, **kwargs):
        return self.cached_read(request, self._list, *args, **kwargs)

    def _list(self, request, *args, **kwargs):
        if not self.exporting:
            if self.list_from_rows:
                return self._list_rows(request)
            return super().list(request, *args, **kwargs)
        self.paginator.check_page_parameters(request)  # ignored by an export, but still checked
        file_format = request.accepted_renderer.format
        response = Response(self.export_table(self.filter_queryset(self.get_queryset())))
        collection = request.path.rstrip("/").rsplit("/", 1)[-1]
        name = f"ascn-{collection}-{timezone.localdate():%Y-%m-%d}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def _list_rows(self, request):
        """The page from `.values()` rows, in the serializer's representation (core/api/rows.py)."""
        plan = row_plan(self.get_serializer_class())
        source = self._prepared_rows(request, plan)
        if source is None:
            source = self.filter_queryset(self.get_queryset())
        rows = self.paginator.paginate_rows(source, plan.columns, request, view=self)
        if rows is None:  # no pagination
            queryset = self.filter_queryset(self.get_queryset())
            return Response(plan.page(list(queryset.values(*plan.columns)), request))
        return self.get_paginated_response(plan.page(rows, request))

    def _prepared_rows(self, request, plan) -> PreparedRows | Counted | None:
        """The list's SQL compiled once for every reader of the same kind, when the request
        names nothing but a page (see `shared_rows_key`, PreparedRows)."""
        kind = self.shared_rows_key()
        if kind is None or not set(request.query_params) <= _PAGE_PARAMETERS:
            return None
        connection = connections[router.db_for_read(plan.model)]
        kept = connection.__dict__.setdefault("portal_prepared_rows", {})
        key = (type(self), kind, translation.get_language())
        if key in kept:
            return kept[key]
        count, prepared = prepare_rows(
            self.filter_queryset(self.get_queryset()), plan.columns, self.shared_rows_count(kind)
        )
        if prepared is None:
            return None
        kept[key] = prepared
        return Counted(prepared, count)

    def export_table(self, queryset) -> ExportTable:
        objects = list(queryset)
        attach_codes(objects, self.attached_codes)
        serializer = self.get_serializer(objects, many=True)
        columns = [name for name, field in serializer.child.fields.items() if not field.write_only]
        rows = [[cell(item[name]) for name in columns] for item in serializer.data]
        return ExportTable(columns=columns, rows=rows)


class ReadOnlyPortalViewSet(ExportListMixin, mixins.RetrieveModelMixin, PortalViewSet):
    def retrieve(self, request, *args, **kwargs):
        return self.cached_read(request, super().retrieve, *args, **kwargs)


class VersionedUpdateMixin:
    """PUT/PATCH: validate, then hand the changes and the version they were based on to the
    view's `save_update(instance, data, version)`, which calls the service."""

    def update(self, request, *args, partial=False, **kwargs):
        instance = self.get_object()
        data = self.validated_data(instance, partial=partial)
        version = data.pop("version")
        return self.respond_with(self.save_update(instance, data, version))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)
