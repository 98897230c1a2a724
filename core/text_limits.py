"""The longest text a person may write into each kind of field (issue 19, point 6).

Model fields carry these as `max_length`: model forms and the API's serializers then refuse a
longer text with a message on the field, and the OpenAPI schema states `maxLength`. Plain forms
and serializers not bound to a model field use the same constants. Generous for real writing
(a city's summary of a project is a few paragraphs), small enough that nobody stores a novel.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

MESSAGE = 2_000  # a message to a partner or a city, an error message
COMMENT = 5_000  # a workflow comment, a decision's follow-up notes
SUMMARY = 5_000  # a summary, a profile, a progress narrative, challenges, support needed
DESCRIPTION = 10_000  # a description, a plan's vision and strategic targets
SEARCH = 200  # a search box


class BoundedTextField(models.TextField):
    """A text field whose `max_length` the model's own validation checks too, as CharField's
    does (Django leaves a TextField's to forms). Every write passes a service's `full_clean`, so
    imports, the command line and the demo seeder refuse a longer text like forms and the API.
    The column stays TEXT: the limit is the portal's, not the database's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(MaxLengthValidator(self.max_length))
