"""The generator's fast paths write what the ordinary ones would: make() builds
the instance Model(**values) builds, and on PostgreSQL COPY (ids from the
table's sequence) stores the row bulk_create stores."""
import datetime

import pytest
from django.db import connection, connections
from django.forms.models import model_to_dict
from django.utils import timezone

from bench.synthetic.base import make
from bench.synthetic.pgcopy import copy_insert
from inspection.models import Finding, RequirementEvent, Tag
from organizations.models import CellMeeting, Organization
from organizations.record_choices import ContentFocus, MeetingKind, MeetingQuality
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
MOMENT = timezone.make_aware(datetime.datetime(2025, 3, 4, 9))


def _state(obj):
    fields = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name != "recorded_at"}
    return fields, set(obj._state.fields_cache), obj._state.adding, obj._state.db


def _meeting(cell, **extra):
    return dict(cell=cell, date=datetime.date(2025, 3, 5), kind=MeetingKind.THEMATIC, topic="Chuyên đề",
                duration_minutes=120, members_total=20, present=18, absent_excused=1, absent_unexcused=1, spoke=6,
                young_spoke=1, criticism_held=True, content_focus=ContentFocus.values[0],
                quality=MeetingQuality.values[0], **extra)


@pytest.mark.parametrize("model, values", [
    (CellMeeting, lambda org: _meeting(org)),
    (Finding, lambda org: dict(inspection_id=7, organization=org, kind="limitation", severity="serious",
                               text="Hạn chế", created_at=MOMENT)),
    (RequirementEvent, lambda org: dict(requirement_id=3, kind="created", at=MOMENT, data={"deadline": "2025-06-01"})),
    (Tag, lambda org: dict(slug="tag", name="Nhãn")),
])
def test_make_builds_what_the_model_builds(model, values):
    org = Organization(pk=41, code="o41", name="Đảng ủy")
    assert _state(make(model, **values(org))) == _state(model(**values(org)))


def test_make_refuses_nothing_that_the_model_would_refuse():
    with pytest.raises(TypeError):
        make(Tag, slug="x", no_such_field=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_stores_the_row_bulk_create_stores():
    by_copy, by_orm = OrganizationFactory(), OrganizationFactory()
    copied = copy_insert(connections["default"], CellMeeting, [make(CellMeeting, **_meeting(by_copy))])[0]
    created = CellMeeting.objects.bulk_create([make(CellMeeting, **_meeting(by_orm))])[0]
    assert created.pk > copied.pk  # the sequence was used, not bypassed
    assert not copied._state.adding
    stored = {m.cell_id: model_to_dict(m, exclude=["id", "cell"]) for m in CellMeeting.objects.all()}
    assert stored[by_copy.pk] == stored[by_orm.pk]
    assert stored[by_copy.pk]["kind"] == MeetingKind.THEMATIC
