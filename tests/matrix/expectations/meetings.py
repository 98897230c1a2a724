"""Meetings: public pages; ASEC manages meetings, their agenda, documents and decisions; a
decision's owner (a city, a country's representative or ASEC) records its follow-up."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix.spec import FORBIDDEN, OK, ReadOnly, Write, by_role, only_asec
from tests.meetings.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
)


def meeting(world, city):
    return MeetingFactory()


def agenda_item(world, city):
    return AgendaItemFactory()


def document(world, city):
    world.fixture("settings").MEDIA_ROOT = world.fixture("tmp_path")
    return DocumentFactory(file=SimpleUploadedFile("terms.pdf", b"%PDF-1.4\n%%EOF\n"))


def decision(world, city):
    return DecisionFactory()


def city_decision(world, city):
    return DecisionFactory(owner_is_asec=False, owner_city=world.city(city))


def pk(obj) -> dict:
    return {"pk": obj.pk}


def child(name):
    return lambda obj: {"pk": obj.meeting_id, name: obj.pk}


URLS = {
    "meetings:list": ReadOnly(),
    "meetings:calendar": ReadOnly(),
    "meetings:detail": ReadOnly(setup=meeting, kwargs=pk),
    "meetings:meeting_calendar": ReadOnly(setup=meeting, kwargs=pk),
    "meetings:document_download": ReadOnly(setup=document, kwargs=pk),
    "meetings:follow_ups": ReadOnly(),
    "meetings:create": Write(kwargs=lambda target: {}, expect=only_asec()),
    "meetings:edit": Write(setup=meeting, kwargs=pk, expect=only_asec()),
    "meetings:participants": Write(setup=meeting, kwargs=pk, expect=only_asec()),
    "meetings:agenda_item_create": Write(setup=meeting, kwargs=pk, expect=only_asec()),
    "meetings:agenda_item_edit": Write(
        setup=agenda_item, kwargs=child("item_pk"), expect=only_asec()
    ),
    "meetings:agenda_item_delete": Write(
        setup=agenda_item, kwargs=child("item_pk"), expect=only_asec()
    ),
    "meetings:agenda_item_move": Write(
        setup=agenda_item,
        kwargs=child("item_pk"),
        data=lambda item: {"direction": "up"},
        expect=only_asec(),
    ),
    "meetings:document_create": Write(setup=meeting, kwargs=pk, expect=only_asec()),
    "meetings:document_edit": Write(
        setup=document, kwargs=child("document_pk"), expect=only_asec()
    ),
    "meetings:document_delete": Write(
        setup=document, kwargs=child("document_pk"), expect=only_asec()
    ),
    "meetings:decision_create": Write(setup=meeting, kwargs=pk, expect=only_asec()),
    "meetings:decision_edit": Write(
        setup=decision, kwargs=child("decision_pk"), expect=only_asec()
    ),
    "meetings:decision_follow_up": Write(
        setup=city_decision,
        kwargs=pk,
        expect=by_role(
            city_official=OK,
            other_city=FORBIDDEN,
            own_rep=FORBIDDEN,
            other_rep=FORBIDDEN,
            asec=OK,
            partner=FORBIDDEN,
        ),
    ),
}
