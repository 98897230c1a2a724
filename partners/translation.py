"""Support types have a name per language (django-modeltranslation; see action_plans)."""

from modeltranslation.translator import TranslationOptions, register

from partners.models import SupportType


@register(SupportType)
class NameTranslation(TranslationOptions):
    fields = ("name",)
