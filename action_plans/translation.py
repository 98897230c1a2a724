"""The ASCF's elements and the GESI groups have a name per language (django-modeltranslation:
name_en, name_vi; settings.MODELTRANSLATION_*). Their codes stay as they are."""

from modeltranslation.translator import TranslationOptions, register

from action_plans.models import FocusArea, FrameworkComponent, GesiGroup, StrategicOutcome


@register([StrategicOutcome, FocusArea, FrameworkComponent, GesiGroup])
class NameTranslation(TranslationOptions):
    fields = ("name",)
