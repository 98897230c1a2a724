"""What every template may ask: the policy's answers about the signed-in user."""

from core import policy

QUESTIONS = ("can_", "is_", "has_")


class PolicyAnswers:
    """`{% if policy.can_review %}` in a template asks `core.policy.can_review(user)`: templates
    hide what the policy refuses, with the same functions the views and the API ask. Only
    questions about the user alone (no object) can be asked this way: `can_*`, `is_*`, `has_*`."""

    def __init__(self, user):
        self._user = user
        self._answers: dict[str, bool] = {}

    def __getattr__(self, name: str) -> bool:
        if not name.startswith(QUESTIONS) or name not in policy.__all__:
            raise AttributeError(name)
        if name not in self._answers:
            self._answers[name] = getattr(policy, name)(self._user)
        return self._answers[name]


def policy_answers(request):
    return {"policy": PolicyAnswers(request.user)}
