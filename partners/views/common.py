"""Helpers shared by the marketplace's views."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext as _

from partners.forms import VersionedForm

PER_PAGE = 25


class LoginRequired(Exception):
    """Raised by `require` for an anonymous visitor: the view sends them to sign in."""


def require(request, allowed: bool) -> None:
    """Anonymous visitors are asked to sign in; signed-in people without the right get a 403."""
    if allowed:
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


def sign_in_on_refusal(view):
    """Turn `require`'s refusal of an anonymous visitor into the sign-in page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginRequired:
            return redirect_to_login(request.get_full_path())

    return wrapped


def paginate(request, queryset, per_page: int = PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The current filters as a query string, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _display(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(item) for item in getattr(instance, name).all()) or "—"
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")()) or "—"
    value = getattr(instance, name)
    return "—" if value in (None, "") else str(value)


def _same(current: models.Model, name: str, submitted) -> bool:
    field = current._meta.get_field(name)
    if field.many_to_many:
        return {item.pk for item in getattr(current, name).all()} == {
            item.pk for item in submitted or ()
        }
    return getattr(current, name) == (submitted if submitted is not None else field.get_default())


def conflicted_form(form: VersionedForm, current: models.Model, **form_kwargs):
    """The form again after a concurrent change: the person's input kept, the version moved to
    the saved one (so saving again is a deliberate overwrite), and the saved values listed where
    they differ from the input."""
    differences = [
        (form.fields[name].label, _display(current, name))
        for name in form.fields
        if name != "version" and not _same(current, name, form.cleaned_data.get(name))
    ]
    data = form.data.copy()
    data["version"] = current.version
    fresh = type(form)(data, instance=current, **form_kwargs)
    fresh.is_valid()
    fresh.add_error(
        None,
        _(
            "Someone else saved this while you were editing it. Your changes are kept below but "
            "were not saved. Check the values saved meanwhile, then save again to replace them."
        ),
    )
    fresh.saved_meanwhile = differences
    return fresh
