"""The API's permission baseline: every answer comes from `core.policy`.

Reads are open to everyone because each viewset's queryset is already the policy's `visible_*`
(anything outside is a 404). Writes need a signed-in user AND a policy rule that the view names
for the action; an action without a rule is refused, so a new endpoint cannot forget one.
"""

from rest_framework.permissions import SAFE_METHODS, IsAuthenticatedOrReadOnly


class PolicyPermission(IsAuthenticatedOrReadOnly):
    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or getattr(view, "detail", False):
            return True
        rule = _rule(view)
        return rule is not None and bool(rule(request.user))

    def has_object_permission(self, request, view, obj) -> bool:
        rule = _rule(view)
        if rule is None:
            return request.method in SAFE_METHODS
        return bool(rule(request.user, obj))


def _rule(view):
    return getattr(view, "policy_rules", {}).get(getattr(view, "action", None))
