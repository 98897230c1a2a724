"""Partner directory and profiles, twinnings, and the recommendation pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cities.models import City
from core import policy
from core.concurrency import VersionConflict
from core.conflicts import conflict_context
from core.pages import allow
from learning.peers import city_peers
from partners import matchmaking, selectors, services
from partners.forms import PartnerFilterForm, PartnerForm, TwinningForm, add_service_errors
from partners.models import Partner, Twinning
from partners.twinning_map import twinning_map
from partners.views.common import (
    paginate,
    query_without_page,
)

RECOMMENDED = 25


def partner_list(request):
    form = PartnerFilterForm(request.GET or None, countries=selectors.partner_countries())
    filters = form.cleaned_data if form.is_valid() else getattr(form, "cleaned_data", {})
    partners = selectors.partner_directory(
        search=filters.get("q", ""),
        kind=filters.get("kind", ""),
        country=filters.get("country", ""),
        focus_area=filters.get("focus_area", ""),
        support=filters.get("support", ""),
    )
    page = paginate(request, partners)
    page.object_list = selectors.with_vocabulary_names(list(page.object_list))
    return render(
        request,
        "partners/partner_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "can_add": policy.can_manage_partners(request.user),
        },
    )


def partner_detail(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    context = selectors.partner_page(partner=partner, user=request.user)
    context["can_edit"] = policy.can_edit_partner(request.user, partner)
    context["can_manage_users"] = policy.can_manage_partner_users(request.user, partner)
    return render(request, "partners/partner_detail.html", context)


def partner_edit(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    allow(request, policy.can_edit_partner(request.user, partner))
    form = PartnerForm(request.POST or None, instance=partner)
    shown = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(partner=partner, actor=request.user, **form.cleaned_data)
        except VersionConflict as conflict:
            shown = conflict_context(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(partner.get_absolute_url())
    context = {"form": form, "partner": partner, **shown}
    return render(request, "partners/partner_form.html", context)


# --- Twinnings --------------------------------------------------------------------------------


# The twinnings come in two paged lists, each with its page parameter: those with cities outside
# ASEAN (a table, and the map of the page's pairs) and those between ASCN cities. Every twinning
# on one page made the page slower as the network grew (0.44-0.59 at ten times it, issue 21).
ASEAN_PAGE = "asean_page"


def twinning_list(request):
    ordered = selectors.twinnings().order_by("city__name", "counterpart_city", "pk")
    page = paginate(request, ordered.outside_asean())
    asean_page = paginate(
        request,
        ordered.within_asean().select_related("counterpart_ascn_city"),
        parameter=ASEAN_PAGE,
    )
    page.object_list = selectors.twinnings_as_rows(page.object_list)
    asean_page.object_list = list(asean_page.object_list)
    selectors.with_vocabulary_names(
        page.object_list + asean_page.object_list,
        relation="twinnings",
        vocabularies=selectors.FOCUS_AREA_NAMES,
    )
    return render(
        request,
        "partners/twinning_list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "asean_page": asean_page,
            "asean_query": query_without_page(request, ASEAN_PAGE),
            "asean_page_parameter": ASEAN_PAGE,
            # The map draws the pairs the table shows: they and it always agree, and it costs
            # a page's rows, not the network's.
            "map": twinning_map(page.object_list),
            "can_manage": policy.can_manage_twinnings(request.user),
        },
    )


def twinning_create(request):
    return _twinning_form(request, None)


def twinning_edit(request, pk):
    return _twinning_form(request, get_object_or_404(Twinning, pk=pk))


def _twinning_form(request, twinning: Twinning | None):
    allow(request, policy.can_manage_twinnings(request.user))
    form = TwinningForm(request.POST or None, instance=twinning)
    if request.method == "POST" and form.is_valid():
        try:
            if twinning is None:
                services.twinning_create(actor=request.user, **form.cleaned_data)
            else:
                services.twinning_update(twinning=twinning, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The twinning was saved."))
            return redirect("partners:twinnings")
    return render(request, "partners/twinning_form.html", {"form": form, "twinning": twinning})


# --- Recommendations --------------------------------------------------------------------------


def recommended(request):
    """ "Recommended for you": open opportunities ranked for the signed-in partner user."""
    partner = getattr(request.user, "partner", None)
    allow(
        request,
        partner is not None and policy.can_see_partner_recommendations(request.user, partner),
    )
    matches = matchmaking.opportunities_for_partner(partner, limit=RECOMMENDED)
    selectors.load_opportunity_vocabulary([match.obj for match in matches])
    return render(request, "partners/recommended.html", {"partner": partner, "matches": matches})


def city_recommendations(request, slug):
    """ "Partners for your city", and the ASCN cities it can learn from."""
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    allow(request, policy.can_see_city_recommendations(request.user, city))
    return render(
        request,
        "partners/city_recommendations.html",
        {
            "city": city,
            "matches": matchmaking.partners_for_city(city, limit=RECOMMENDED),
            # By what the projects say, not by focus area alone (issue 18).
            "suggestions": city_peers(request.user, city),
            "can_connect": policy.can_request_connection(request.user),
        },
    )


def partner_portfolio(request, slug):
    """Public: the projects a partner funds or supports, each as the reader may see it."""
    partner = get_object_or_404(Partner, slug=slug)
    context = selectors.partner_portfolio(partner=partner, user=request.user)
    return render(request, "partners/partner_portfolio.html", context)
