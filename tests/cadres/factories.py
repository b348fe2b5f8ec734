"""Factories for the cadres app, on top of the foundation factories."""
import datetime

import factory

from cadres.choices import Gender, PlanningStatus, TheoryLevel, TrainingKind, TrainingStatus
from cadres.models import Cadre, Movement, PlanningEntry, Title, TitleAssignment, TrainingRecord
from organizations.choices import OrganizationLevel
from tests.factories import OrganizationFactory
from tests.organizations.factories import TermFactory


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Title

    code = factory.Sequence(lambda n: f"title-{n}")
    name = factory.Sequence(lambda n: f"Chức danh {n}")
    level = OrganizationLevel.UPPER


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    code = factory.Sequence(lambda n: f"CB{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    birth_date = datetime.date(1975, 1, 1)
    gender = Gender.MALE
    organization = factory.SubFactory(OrganizationFactory)
    theory_level = TheoryLevel.INTERMEDIATE


class TitleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TitleAssignment

    cadre = factory.SubFactory(CadreFactory)
    title = factory.SubFactory(TitleFactory)
    organization = factory.SelfAttribute("cadre.organization")
    started_on = datetime.date(2016, 1, 1)


class PlanningEntryFactory(factory.django.DjangoModelFactory):
    """An approved entry by default."""

    class Meta:
        model = PlanningEntry

    cadre = factory.SubFactory(CadreFactory)
    title = factory.SubFactory(TitleFactory)
    organization = factory.SelfAttribute("cadre.organization")
    term = factory.SubFactory(TermFactory, start_year=2020)
    status = PlanningStatus.APPROVED
    added_on = datetime.date(2018, 3, 1)
    approved_on = datetime.date(2018, 4, 1)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    cadre = factory.SubFactory(CadreFactory)
    kind = TrainingKind.POLITICAL_THEORY
    theory_level = TheoryLevel.ADVANCED
    institution = "Học viện Chính trị khu vực II"
    started_on = datetime.date(2019, 3, 1)
    status = TrainingStatus.STUDYING


class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movement

    cadre = factory.SubFactory(CadreFactory)
    to_organization = factory.SelfAttribute("cadre.organization")
    decision = factory.Sequence(lambda n: f"{n}-QĐ/QU")
    effective_on = datetime.date(2019, 6, 1)
