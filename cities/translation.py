"""Countries have a name per language (django-modeltranslation; see action_plans)."""

from modeltranslation.translator import TranslationOptions, register

from cities.models import Country


@register(Country)
class NameTranslation(TranslationOptions):
    fields = ("name",)
