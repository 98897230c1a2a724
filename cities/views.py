from django.shortcuts import get_object_or_404, redirect, render

from cities import selectors
from cities.forms import CityFilterForm
from cities.models import City
from core import policy
from meetings.selectors import open_follow_ups_for


def city_list(request):
    form = CityFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = selectors.city_page(request.user, request.GET.get("page"), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "cities": page.object_list,
        "query": query.urlencode(),
        "filtered": any(v is not None for v in filters.values()),
    }
    return render(request, "cities/city_list.html", context)


def city_detail(request, slug):
    city = get_object_or_404(City.objects.select_related("country"), slug=slug)
    profile = selectors.city_profile(request.user, city, period=request.GET.get("period"))
    context = {
        "profile": profile,
        "city": city,
        "show_contacts": policy.can_see_contacts(request.user),
        "open_follow_ups": open_follow_ups_for(city),
    }
    return render(request, "cities/city_detail.html", context)


def country_detail(request, code):
    if code != code.upper():
        return redirect("cities:country", code=code.upper(), permanent=True)
    country = get_object_or_404(selectors.countries_with_shepherd_terms(), code=code)
    profile = selectors.country_profile(request.user, country)
    context = {
        "profile": profile,
        "country": country,
        "show_contacts": policy.can_see_contacts(request.user),
        "open_follow_ups": open_follow_ups_for(country),
    }
    return render(request, "cities/country_detail.html", context)
