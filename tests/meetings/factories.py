"""Factories for meetings, their documents and decisions, and the reports they receive."""

import datetime

import factory

from cities.models import AseanChair
from meetings.models import AgendaItem, Decision, Document, Meeting, Participation
from reports.models import AnnualReport
from tests.factories import CountryFactory


class AseanChairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AseanChair
        django_get_or_create = ("year",)

    year = 2020
    country = factory.SubFactory(CountryFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"ASCN Workshop {n}")
    start_date = datetime.date(2020, 7, 17)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    format = Meeting.Format.IN_PERSON


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    kind = Document.Kind.REPORT
    date = datetime.date(2020, 7, 17)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    text = factory.Sequence(lambda n: f"Decision {n}: cities share their data dashboards.")
    owner_is_asec = True
    due_date = datetime.date(2030, 12, 31)


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    year = 2024
    status = AnnualReport.Status.SUCCEEDED
    progress = 100
