"""seed_demo's refusals, and the absence of the demo banner, on a database without demo content."""

import pytest
from django.core.management import CommandError, call_command

from action_plans.models import ActionPlan
from cities.models import City
from demo.models import DemoContent
from tests import factories as f


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off.*--force"):
        call_command("seed_demo")
    assert not City.objects.exists()
    assert not DemoContent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [0, -1, 101])
def test_seed_demo_refuses_a_scale_out_of_range(scale):
    with pytest.raises(CommandError, match="--scale must be between 1 and 100"):
        call_command("seed_demo", scale=scale, force=True)


@pytest.mark.django_db
def test_seed_demo_refuses_a_portal_that_already_holds_real_plans(da_nang_plan):
    with pytest.raises(CommandError, match="already holds action plans"):
        call_command("seed_demo", force=True)
    assert ActionPlan.objects.count() == 1
    assert not DemoContent.objects.exists()


@pytest.mark.django_db
def test_seed_demo_refuses_another_scale_without_replace():
    DemoContent.objects.create(scale=1)
    f.CityFactory(slug="da-nang")
    with pytest.raises(CommandError, match="loaded at scale 1; use --replace"):
        call_command("seed_demo", scale=3, force=True)


@pytest.mark.django_db
def test_home_page_has_no_demo_banner_without_demo_content(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="demo-banner"' not in response.content.decode()
