"""Factories and a walker that takes an inspection through the real services
to any status, so that tests start from states the system can really reach."""
import datetime
import types
from importlib import import_module

import factory
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile

from inspection import services
from inspection.choices import DocumentType, FindingKind, InspectionStatus, Severity, TeamRole
from inspection.models import Document, Topic
from tests.organizations.factories import TermFactory

D = datetime.date
S = InspectionStatus

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="bao-cao.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def topic(code="quality_rating"):
    """A topic the migrations seed. A transactional test (run last, on
    PostgreSQL) finds them flushed by an earlier one, so they are seeded again."""
    if not Topic.objects.filter(code=code).exists():
        for migration in ("0002_seed_topics", "0004_topic_remediation"):
            import_module(f"inspection.migrations.{migration}").seed(django_apps, None)
    return Topic.objects.get(code=code)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    issuer = None
    issuer_code = "TU"
    doc_type = DocumentType.TB
    number = factory.Sequence(lambda n: n + 1)
    term = factory.SubFactory(TermFactory)
    issued_on = D(2019, 4, 1)
    subject = factory.Sequence(lambda n: f"Văn bản thử nghiệm số {n}")


ORDER = [S.DRAFT, S.DECIDED, S.IN_PROGRESS, S.REPORTING, S.CONCLUDED, S.FOLLOWING_UP, S.CLOSED]


def walk(tree, user, *, targets, status=S.DRAFT, code=None, topics=("quality_rating",), program_item=None,
         deadline=None, with_requirements=True, decision_document=None):
    """An inspection of `targets`, taken through the services up to `status`.
    Returns a namespace: inspection, findings, conclusion, requirements."""
    deadline = deadline or D(2019, 12, 31)
    code = code or f"KT-{DocumentFactory._meta.model.objects.count() + 1:04d}"
    out = types.SimpleNamespace(findings={}, conclusion=None, requirements={})
    inspection = services.inspection_create(
        user=user, code=code, title=f"Cuộc kiểm tra {code}", authority=tree.city, conducted_by=tree.city,
        targets=targets, topics=[topic(c) for c in topics], program_item=program_item,
        team=[{"role": TeamRole.HEAD, "full_name": "Trần Văn Hùng"}],
        decision_document=decision_document or DocumentFactory(doc_type=DocumentType.QD, issuer_code="BTCTU"),
        plan_document=DocumentFactory(doc_type=DocumentType.KH, issuer_code="BTCTU"),
        period_start=D(2018, 1, 1), period_end=D(2018, 12, 31), planned_start=D(2019, 5, 6),
        planned_end=D(2019, 6, 19))
    out.inspection = inspection
    if status == S.CANCELLED:
        services.inspection_cancel(user=user, inspection=inspection, note="Không còn cần thiết.")
        return out
    target_index = ORDER.index(status)
    if target_index >= 1:
        services.inspection_decide(user=user, inspection=inspection)
    if target_index >= 2:
        services.inspection_start(user=user, inspection=inspection, actual_start=D(2019, 5, 6))
    if target_index >= 3:
        for org in targets:
            services.self_report_receive(user=user, inspection=inspection, organization=org, received_on=D(2019, 5, 20))
            out.findings[org.pk] = services.finding_create(
                user=user, inspection=inspection, organization=org, topic=topic(topics[0]),
                kind=FindingKind.LIMITATION, severity=Severity.MODERATE, tags=["tu-phe-binh-yeu"],
                text=f"Tinh thần tự phê bình và phê bình yếu ở {org.name}.")
        services.inspection_report(user=user, inspection=inspection)
    if target_index >= 4:
        out.conclusion = services.conclusion_create(
            user=user, inspection=inspection, summary="Kết luận chung.", document=DocumentFactory(),
            sections=[{"organization": org, "text": f"Kết luận đối với {org.name}."} for org in targets])
        if with_requirements:
            for org in targets:
                out.requirements[org.pk] = services.requirement_create(
                    user=user, conclusion=out.conclusion, organization=org, deadline=deadline,
                    text=f"Khắc phục hạn chế ở {org.name}.", findings=[out.findings[org.pk]])
        services.conclusion_issue(user=user, conclusion=out.conclusion)
    if target_index >= 5:
        services.inspection_follow_up(user=user, inspection=inspection)
    if target_index >= 6:
        for requirement in out.requirements.values():
            services.progress_report_submit(user=user, requirement=requirement, text="Đã xong.", percent=100)
            services.requirement_verify(user=user, requirement=requirement)
        services.inspection_close(user=user, inspection=inspection)
    inspection.refresh_from_db()
    return out
