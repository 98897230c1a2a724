"""The API's permission gate asks the same policy function as the service behind it, so that the
API and the web can never disagree about who may write."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import policy
from learning.api import ConnectionViewSet
from partners import services
from partners.api import InterestViewSet, OpportunityViewSet
from tests import factories as f


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_answering_an_interest_is_gated_by_the_services_question(action):
    assert InterestViewSet.policy_rules[action] is policy.can_decide_interest


def test_withdrawing_an_interest_is_gated_by_the_services_question():
    assert InterestViewSet.policy_rules["withdraw"] is policy.can_withdraw_interest


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_answering_a_connection_is_gated_by_the_services_question(action):
    assert ConnectionViewSet.policy_rules[action] is policy.can_decide_connection


def test_posting_an_opportunity_asks_whether_the_user_may_post_for_their_city(
    da_nang_official, partner_user, asec_user, da_nang
):
    gate = OpportunityViewSet.policy_rules["create"]

    assert gate(da_nang_official) is policy.can_post_opportunity(da_nang_official, da_nang) is True
    assert gate(partner_user) is False
    assert gate(asec_user) is False


def test_expressing_interest_asks_whether_the_user_speaks_for_their_partner(
    partner_user, adb, da_nang_official
):
    gate = InterestViewSet.policy_rules["create"]

    assert gate(partner_user) is policy.can_act_for_partner(partner_user, adb) is True
    assert gate(da_nang_official) is False


def test_accepting_an_answered_interest_is_a_validation_error_not_a_refusal(
    da_nang_official, adb, da_nang
):
    opportunity = f.OpportunityFactory(city=da_nang)
    interest = f.InterestFactory(
        opportunity=opportunity,
        partner=adb,
        status="declined",
        decided_by=da_nang_official,
        decided_at=timezone.now(),
    )

    assert policy.can_decide_interest(da_nang_official, interest)
    with pytest.raises(ValidationError):
        services.interest_accept(interest=interest, actor=da_nang_official)
