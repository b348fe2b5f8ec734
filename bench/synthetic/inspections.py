"""Programs, inspections, findings, conclusion notices and remediation
requirements with their whole timeline (reports, extensions, verification),
written in bulk, one model at a time, in the order the keys need."""
import datetime

from django.contrib.contenttypes.models import ContentType

from inspection.choices import (
    ConclusionStatus,
    DocumentType,
    FindingKind,
    InspectionForm,
    InspectionStatus,
    Severity,
    TeamRole,
)
from inspection.models import (
    Conclusion,
    ConclusionSection,
    Document,
    Finding,
    FindingEvidence,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    InspectionTransition,
    ProgramItem,
    RemediationRequirement,
    SelfInspectionReport,
    Tag,
    TeamMember,
    Topic,
)
from organizations.models import QualityRating, Term
from organizations.record_choices import RatingSubject

from .base import days, make
from .timeline import Timelines

S = InspectionStatus
SEVERITIES = Severity.values
TAGS = {"tu-phe-binh-yeu": "Tự phê bình và phê bình còn yếu", "sinh-hoat-hinh-thuc": "Sinh hoạt chi bộ còn hình thức",
        "cham-ket-nap": "Chậm phát triển đảng viên", "quy-hoach-chua-dung": "Quy hoạch chưa đúng quy trình"}
STRENGTHS = ["Ban Thường vụ đã lãnh đạo, chỉ đạo triển khai kịp thời, đúng quy định.",
             "Các chi bộ duy trì sinh hoạt định kỳ, nội dung phong phú.",
             "Hồ sơ được lưu trữ đầy đủ, khoa học."]
LIMITATIONS = ["Việc tự phê bình và phê bình trong sinh hoạt chi bộ còn hạn chế, chưa thẳng thắn.",
               "Một số chi bộ sinh hoạt chưa đúng định kỳ, nội dung còn đơn điệu.",
               "Chưa đạt chỉ tiêu phát triển đảng viên theo nghị quyết đại hội.",
               "Quy trình quy hoạch cán bộ chưa đúng hướng dẫn, hồ sơ chưa đầy đủ.",
               "Tỷ lệ xếp loại Hoàn thành xuất sắc nhiệm vụ vượt quy định."]
REQUIREMENTS = ["Kiểm điểm, rút kinh nghiệm và khắc phục hạn chế đã nêu; báo cáo kết quả về Ban Tổ chức Thành ủy.",
                "Chấn chỉnh việc sinh hoạt chi bộ theo Hướng dẫn 12-HD/BTCTW.",
                "Rà soát, bổ sung quy hoạch cán bộ theo đúng quy trình.",
                "Xây dựng kế hoạch phát triển đảng viên, phấn đấu đạt chỉ tiêu."]


class Numbers:
    """Document numbers, in sequence per issuer, type and term."""

    def __init__(self):
        self.next = {}
        self.terms = list(Term.objects.order_by("start_year"))

    def term(self, day):
        return next(t for t in reversed(self.terms) if t.starts_on <= day)

    def document(self, issuer, doc_type, day, subject, signer_title=""):
        term = self.term(day)
        key = (issuer.pk, doc_type, term.pk)
        self.next[key] = self.next.get(key, 0) + 1
        return Document(issuer=issuer, issuer_code=issuer.issuer_code, doc_type=doc_type, number=self.next[key],
                        term=term, issued_on=day, subject=subject[:500], signer_title=signer_title,
                        signer_name="Nguyễn Văn Ký")


def _plan(ctx, tree, year, index, count):
    """Dates and status of the index-th inspection of the year."""
    start = datetime.date(year, 1, 20) + days(index * 340 // max(count, 1))
    end = start + days(40)
    if start > ctx.today - days(5):
        return start, end, S.DECIDED
    if end > ctx.today - days(10):
        return start, end, S.IN_PROGRESS
    return start, end, S.CONCLUDED


def build(ctx, tree, users, ratings):
    rng, scale = ctx.rng, ctx.scale
    board_user, head_user, reporter = users
    numbers = Numbers()
    topics = list(Topic.objects.order_by("order", "code"))
    tags = [Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in TAGS.items()]

    # Programs and their items.
    basis = ctx.bulk(Document, [numbers.document(tree.city, DocumentType.TB, datetime.date(year, 1, 8),
                                                 f"Thông báo chương trình kiểm tra, giám sát năm {year}",
                                                 "T/M BAN THƯỜNG VỤ") for year in ctx.years])
    programs = ctx.bulk(InspectionProgram, [
        InspectionProgram(authority=tree.city, year=year, basis_document=doc,
                          title=f"Chương trình kiểm tra, giám sát năm {year} của Ban Thường vụ Thành ủy")
        for year, doc in zip(ctx.years, basis, strict=True)])
    items = ctx.bulk(ProgramItem, [
        ProgramItem(program=program, order=k + 1, topic=topics[k % len(topics)], responsible=tree.board,
                    title=f"Kiểm tra {topics[k % len(topics)].name.lower()} năm {program.year}",
                    planned_start=datetime.date(program.year, 1, 20) + days(k * 300 // scale.program_items),
                    planned_end=datetime.date(program.year, 1, 20) + days(k * 300 // scale.program_items + 60))
        for program in programs for k in range(scale.program_items)])
    items_by_year = {}
    for item in items:
        items_by_year.setdefault(item.program.year, []).append(item)

    # Inspections with their documents, targets, topics, team and log.
    plans, docs = [], []
    for year in ctx.years:
        for i in range(scale.inspections_per_year):
            start, end, status = _plan(ctx, tree, year, i, scale.inspections_per_year)
            item = items_by_year[year][i % scale.program_items]
            active = tree.grassroots_active_on(start)
            targets = rng.sample(active, min(scale.targets_per_inspection, len(active)))
            title = f"Kiểm tra {item.topic.name.lower()} tại {', '.join(t.short_name for t in targets)}"
            plans.append((year, i, start, end, status, item, targets, title))
            docs += [numbers.document(tree.board, DocumentType.QD, start - days(10),
                                      f"Quyết định thành lập Đoàn kiểm tra: {title}", "TRƯỞNG BAN"),
                     numbers.document(tree.board, DocumentType.KH, start - days(10),
                                      f"Kế hoạch kiểm tra: {title}", "TRƯỞNG BAN")]
    docs = ctx.bulk(Document, docs)
    inspections = ctx.bulk(Inspection, [
        Inspection(code=f"{tree.city.code.upper()}-{year}-{i + 1:04d}", title=title[:500], year=year,
                   program_item=item, authority=tree.city, conducted_by=tree.board, form=InspectionForm.PERIODIC,
                   status=status, decision_document=docs[2 * n], plan_document=docs[2 * n + 1],
                   period_start=datetime.date(year - 2, 1, 1), period_end=datetime.date(year - 1, 12, 31),
                   planned_start=start, planned_end=end, actual_start=start if status != S.DECIDED else None,
                   actual_end=end if status == S.CONCLUDED else None, created_at=ctx.aware(start - days(12)))
        for n, (year, i, start, end, status, item, targets, title) in enumerate(plans)])
    target_rows, topic_rows, item_rows, team, log, self_reports = [], [], [], [], [], []
    item_targets = set()
    for inspection, (_y, _i, start, end, status, item, targets, _t) in zip(inspections, plans, strict=True):
        chosen = {item.topic, rng.choice(topics)}
        inspection.chosen_topics = sorted(chosen, key=lambda t: t.pk)
        inspection.chosen_targets = targets
        target_rows += [InspectionTarget(inspection=inspection, organization=t) for t in targets]
        topic_rows += [Inspection.topics.through(inspection_id=inspection.pk, topic_id=t.pk) for t in chosen]
        for t in targets:
            if (item.pk, t.pk) not in item_targets:
                item_targets.add((item.pk, t.pk))
                item_rows.append(ProgramItem.target_organizations.through(programitem_id=item.pk,
                                                                          organization_id=t.pk))
        team += [TeamMember(inspection=inspection, role=TeamRole.HEAD, user=head_user, full_name="Trưởng đoàn",
                            position="Phó Trưởng Ban Tổ chức Thành ủy"),
                 TeamMember(inspection=inspection, role=TeamRole.MEMBER, user=board_user, full_name="Chuyên viên",
                            position="Chuyên viên Ban Tổ chức Thành ủy"),
                 TeamMember(inspection=inspection, role=TeamRole.SECRETARY, full_name="Thư ký đoàn",
                            position="Chuyên viên")]
        steps = [(S.DRAFT, S.DECIDED, start - days(10))]
        if status != S.DECIDED:
            steps.append((S.DECIDED, S.IN_PROGRESS, start))
            self_reports += [SelfInspectionReport(inspection=inspection, organization=t, received_on=start + days(5),
                                                  note="Báo cáo tự kiểm tra") for t in targets]
        if status == S.CONCLUDED:
            steps += [(S.IN_PROGRESS, S.REPORTING, end - days(7)), (S.REPORTING, S.CONCLUDED, end)]
        log += [InspectionTransition(inspection=inspection, from_status=a, to_status=b, by=head_user,
                                     at=ctx.aware(day)) for a, b, day in steps]
    ctx.bulk(InspectionTarget, target_rows)
    ctx.bulk_through(Inspection.topics.through, topic_rows)
    ctx.bulk_through(ProgramItem.target_organizations.through, item_rows)
    ctx.bulk(TeamMember, team)
    ctx.bulk(SelfInspectionReport, self_reports)
    ctx.say(f"programs: {len(programs)} with {len(items)} items; inspections: {len(inspections)}")

    findings = _findings(ctx, inspections, plans, tags, ratings, board_user)
    _conclude(ctx, tree, numbers, inspections, plans, findings, users, log)
    ctx.bulk(InspectionTransition, log)


def _findings(ctx, inspections, plans, tags, ratings, user):
    rng, per = ctx.rng, ctx.scale.findings_per_inspection
    rows = []
    for inspection, (_y, _i, start, _end, status, _item, targets, _t) in zip(inspections, plans, strict=True):
        if status == S.DECIDED:
            continue
        for k in range(per):
            org = targets[k % len(targets)]
            strength = k < len(targets) or rng.random() < 0.35
            rows.append(make(
                Finding,
                inspection=inspection, organization=org, topic=rng.choice(inspection.chosen_topics),
                kind=FindingKind.STRENGTH if strength else FindingKind.LIMITATION,
                severity="" if strength else rng.choice(SEVERITIES),
                text=rng.choice(STRENGTHS if strength else LIMITATIONS), created_by=user,
                created_at=ctx.aware(start + days(10 + k % 20))))
    rows = ctx.bulk(Finding, rows)
    limitations = [f for f in rows if f.kind == FindingKind.LIMITATION]
    ctx.bulk_through(Finding.tags.through, [
        Finding.tags.through(finding_id=f.pk, tag_id=rng.choice(tags).pk) for f in limitations if rng.random() < 0.5])
    rating_ct = ContentType.objects.get_for_model(QualityRating)
    rating_of = {(r.organization_id, r.year): r.pk for r in ratings if r.subject == RatingSubject.MEMBERS}
    evidence = []
    for finding in limitations[::5]:
        rating = rating_of.get((finding.organization_id, finding.inspection.year - 1))
        if rating:
            evidence.append(FindingEvidence(finding=finding, content_type=rating_ct, object_id=rating,
                                            note="Báo cáo xếp loại chất lượng năm trước"))
    ctx.bulk(FindingEvidence, evidence)
    ctx.say(f"findings: {len(rows)} ({len(limitations)} limitations), {len(evidence)} evidence links")
    by_inspection = {}
    for finding in limitations:
        by_inspection.setdefault((finding.inspection_id, finding.organization_id), []).append(finding)
    return by_inspection


def _conclude(ctx, tree, numbers, inspections, plans, findings, users, log):
    rng, scale = ctx.rng, ctx.scale
    board_user, head_user, _reporter = users
    done = [(inspection, plan) for inspection, plan in zip(inspections, plans, strict=True) if plan[4] == S.CONCLUDED]
    docs = ctx.bulk(Document, [
        numbers.document(tree.city, DocumentType.TB, plan[3], f"Thông báo kết luận kiểm tra: {plan[7]}",
                         "T/M BAN THƯỜNG VỤ") for _inspection, plan in done])
    conclusions = ctx.bulk(Conclusion, [
        Conclusion(inspection=inspection, document=doc, status=ConclusionStatus.ISSUED,
                   summary="Ban Thường vụ Thành ủy kết luận: các đơn vị cơ bản thực hiện tốt, còn một số hạn chế.",
                   issued_at=ctx.aware(plan[3], 15), issued_by=head_user, signer_position="PHÓ BÍ THƯ THƯỜNG TRỰC",
                   signer_name="Nguyễn Văn Ký", created_at=ctx.aware(plan[3] - days(3)))
        for (inspection, plan), doc in zip(done, docs, strict=True)])
    ctx.bulk(ConclusionSection, [
        ConclusionSection(conclusion=c, organization=t, text=f"Đối với {t.name}: cơ bản thực hiện tốt; cần khắc phục "
                                                               f"các hạn chế đã nêu.")
        for c, (_inspection, plan) in zip(conclusions, done, strict=True) for t in plan[6]])
    requirements, links = [], []
    for conclusion, (inspection, plan) in zip(conclusions, done, strict=True):
        count = int(scale.requirements_per_inspection) + (rng.random() < scale.requirements_per_inspection % 1)
        for k in range(count):
            org = plan[6][k % len(plan[6])]
            deadline = plan[3] + days(rng.choice([90, 120, 180, 270]))
            requirement = RemediationRequirement(
                conclusion=conclusion, organization=org, responsible_organization=org,
                text=rng.choice(REQUIREMENTS), original_deadline=deadline, deadline=deadline,
                created_at=ctx.aware(plan[3] - days(3)))
            requirement.issued_at = conclusion.issued_at
            requirement.limitation = (findings.get((inspection.pk, org.pk)) or [None])[k // len(plan[6]) % 2 - 1]
            requirements.append(requirement)
    timelines = Timelines(ctx, board_user, head_user, _reporter)
    for requirement in requirements:
        timelines.plan(requirement)
    requirements = ctx.bulk(RemediationRequirement, requirements)
    links = [RemediationRequirement.findings.through(remediationrequirement_id=r.pk, finding_id=r.limitation.pk)
             for r in requirements if r.limitation is not None]
    ctx.bulk_through(RemediationRequirement.findings.through, links)
    timelines.write(requirements)
    open_conclusions = {r.conclusion_id for r in requirements if r.status != "verified"}
    following, closed = [], []
    for conclusion, (inspection, plan) in zip(conclusions, done, strict=True):
        inspection.status = S.FOLLOWING_UP if conclusion.pk in open_conclusions else S.CLOSED
        (following if inspection.status == S.FOLLOWING_UP else closed).append(inspection)
        log.append(InspectionTransition(inspection=inspection, from_status=S.CONCLUDED, to_status=S.FOLLOWING_UP,
                                        by=head_user, at=ctx.aware(plan[3], 16)))
        if inspection.status == S.CLOSED:
            log.append(InspectionTransition(inspection=inspection, from_status=S.FOLLOWING_UP, to_status=S.CLOSED,
                                            by=head_user, at=ctx.aware(timelines.last_day(conclusion.pk), 17)))
    Inspection.objects.bulk_update([i for i, _plan in done], ["status"], batch_size=5000)
    ctx.say(f"conclusions: {len(conclusions)}; requirements: {len(requirements)} "
            f"({len(following)} inspections following up, {len(closed)} closed)")
