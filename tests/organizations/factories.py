"""Factories for the organization records; they build valid rows by default."""
import datetime

import factory

from organizations.models import AdmissionYear, CellMeeting, CommitteeMember, Congress, QualityRating, Term
from organizations.record_choices import CommitteePosition, Gender, MeetingKind, RatingSubject

# The city's two terms the tests use, bounded by its congresses.
TERM_BOUNDS = {
    2015: (datetime.date(2015, 10, 1), datetime.date(2020, 10, 17)),
    2020: (datetime.date(2020, 10, 18), datetime.date(2025, 10, 15)),
}


def _term_bound(term, index):
    default = (datetime.date(term.start_year, 10, 1), datetime.date(term.end_year, 9, 30))
    return TERM_BOUNDS.get(term.start_year, default)[index]


class TermFactory(factory.django.DjangoModelFactory):
    """The one way tests make a term (nhiệm kỳ): five years from `start_year`
    (2015 unless given; cadre tests use 2020), got or created by its name."""

    class Meta:
        model = Term
        django_get_or_create = ["name"]

    start_year = 2015
    end_year = factory.LazyAttribute(lambda term: term.start_year + 5)
    name = factory.LazyAttribute(lambda term: f"{term.start_year}–{term.end_year}")
    starts_on = factory.LazyAttribute(lambda term: _term_bound(term, 0))
    ends_on = factory.LazyAttribute(lambda term: _term_bound(term, 1))


class CongressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Congress

    term = factory.SubFactory(TermFactory)
    opened_on = datetime.date(2015, 7, 14)
    closed_on = datetime.date(2015, 7, 16)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    term = factory.SubFactory(TermFactory)
    full_name = factory.Sequence(lambda n: f"Cấp ủy viên {n}")
    gender = Gender.MALE
    birth_date = datetime.date(1970, 1, 1)
    position = CommitteePosition.COMMITTEE_MEMBER
    from_date = datetime.date(2015, 7, 16)


class QualityRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityRating

    year = 2018
    subject = RatingSubject.MEMBERS
    excellent = 2
    good = 20
    fulfilled = 5
    failed = 0
    total = 27


class CellMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CellMeeting

    date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
    kind = MeetingKind.REGULAR
    duration_minutes = 90
    members_total = 20
    present = 19
    absent_excused = 1
    absent_unexcused = 0
    spoke = 6
    young_spoke = 1
    criticism_held = True


class AdmissionYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdmissionYear

    year = 2019
    target = 10
    admitted = 8
    sector_other = 8
