"""OpenAPI generation for the portal: drf-spectacular plus the answers it does not document by
itself (errors, conflicts, exports), so that a client generated from the schema knows them all."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS

ERROR_CODES = ("400", "401", "403", "404", "429")
JSON = "application/json"

_ERROR = {
    "type": "object",
    "description": "`detail` says what went wrong.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_VALIDATION_ERRORS = {
    "type": "object",
    "description": (
        "Messages per field (a list of strings, or an object for nested values); "
        "`non_field_errors` for the object as a whole, `detail` for an unreadable request."
    ),
    "additionalProperties": {},
}
_EXPORT_BODIES = {
    "text/csv": {"type": "string"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "type": "string",
        "format": "binary",
    },
}


class PortalAutoSchema(AutoSchema):
    def get_auth(self):
        """Reads are open to anonymous clients under the portal's permission baseline too."""
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_filter_parameters(self):
        """A filter, search or ordering sent empty (`?status=`) filters nothing, as in forms."""
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for media_type, schema in _EXPORT_BODIES.items():
            content = responses.get("200", {}).get("content", {})
            if media_type in content:
                content[media_type] = {"schema": schema}
        for code in ERROR_CODES:
            responses.setdefault(code, self._error_response(code))
        if self.method in ("PUT", "PATCH") and "version" in self._request_field_names():
            responses.setdefault("409", self._conflict_response())
        return responses

    def _request_field_names(self) -> set[str]:
        serializer = self.get_request_serializer()
        return set(getattr(serializer, "fields", {}))

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=f"portal:{name}"
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _error_response(self, code: str) -> dict:
        if code == "400":
            ref, description = self._component("ValidationErrors", _VALIDATION_ERRORS), "Bad input"
        else:
            ref, description = self._component("Error", _ERROR), _DESCRIPTIONS[code]
        return {"description": description, "content": {JSON: {"schema": ref}}}

    def _conflict_response(self) -> dict:
        current = self.resolve_serializer(self.get_response_serializers(), "response").ref
        schema = {
            "type": "object",
            "properties": {"detail": {"type": "string"}, "current": current},
            "required": ["detail", "current"],
        }
        return {
            "description": "Stale version: nothing was saved; `current` is the object as it is.",
            "content": {JSON: {"schema": schema}},
        }


_DESCRIPTIONS = {
    "401": "Not signed in, or the token is not valid",
    "403": "Signed in but not allowed",
    "404": "Not found, or not visible to you",
    "429": "Too many requests; retry later",
}
