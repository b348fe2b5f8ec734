"""A remediation requirement's life after the notice: most verified on time,
some extended, some overdue, the recent ones still running. Each requirement
gets a plan of steps (none after today); its stored status, deadline and
overdue flag are the fold of those steps, exactly as reports.builders.requirements
folds the events, and the progress reports, extensions and events are written
from the same steps."""
from inspection.choices import (
    REQUIREMENT_PENDING,
    ExtensionStatus,
    RequirementEventKind,
    RequirementStatus,
)
from inspection.models import DeadlineExtension, ProgressReport, RequirementEvent

from .base import days, make

E, R = RequirementEventKind, RequirementStatus
PROGRESS_TEXT = {50: "Đã triển khai một phần, đang tiếp tục thực hiện.",
                 60: "Đã xây dựng kế hoạch khắc phục, đang triển khai tại các cơ sở.",
                 100: "Đơn vị đã hoàn thành việc khắc phục, có báo cáo kèm theo."}


class Timelines:
    def __init__(self, ctx, board_user, head_user, reporter):
        self.ctx, self.board, self.head, self.reporter = ctx, board_user, head_user, reporter
        self.last = {}

    def _steps(self, issued, deadline):
        """[(kind, day, value)] in order; value: a percent, or the new deadline."""
        rng, today = self.ctx.rng, self.ctx.today
        roll = rng.random()
        steps = []
        if deadline < today:
            if roll < 0.08:  # extended by six months, then done or late again
                new = deadline + days(180)
                steps += [(E.EXTENSION_REQUESTED, deadline - days(10), new),
                          (E.EXTENSION_APPROVED, deadline - days(5), new),
                          (E.PROGRESS_REPORTED, deadline + days(30), 60)]
                if rng.random() < 0.7:
                    steps += [(E.PROGRESS_REPORTED, new - days(20), 100), (E.VERIFIED, new - days(6), None)]
            elif roll < 0.2:  # overdue: never reported, or stuck half way
                if rng.random() < 0.5:
                    steps.append((E.PROGRESS_REPORTED, issued + days(60), 50))
            elif roll < 0.23:  # reported done, waiting for the Board
                steps.append((E.PROGRESS_REPORTED, deadline - days(10), 100))
            else:  # verified on time
                steps += [(E.PROGRESS_REPORTED, issued + days(40), 50), (E.PROGRESS_REPORTED, deadline - days(15), 100),
                          (E.VERIFIED, deadline - days(5), None)]
        elif roll < 0.35:
            steps.append((E.PROGRESS_REPORTED, issued + days(30), 50))
        elif roll < 0.5:
            steps += [(E.PROGRESS_REPORTED, issued + days(30), 100), (E.VERIFIED, issued + days(40), None)]
        elif roll < 0.6:
            steps.append((E.PROGRESS_REPORTED, issued + days(35), 100))
        return [step for step in steps if issued < step[1] < today]

    def plan(self, requirement):
        issued = requirement.issued_at.date()
        steps = self._steps(issued, requirement.original_deadline)
        if any(kind == E.EXTENSION_APPROVED for kind, _day, _value in steps) and not any(
                kind == E.EXTENSION_REQUESTED for kind, _day, _value in steps):
            steps = [s for s in steps if s[0] != E.EXTENSION_APPROVED]
        status, deadline, verified = R.OPEN, requirement.original_deadline, None
        for kind, day, value in steps:
            if kind == E.PROGRESS_REPORTED:
                status = R.REPORTED_DONE if value >= 100 else R.IN_PROGRESS
            elif kind == E.EXTENSION_APPROVED:
                deadline = value
            elif kind == E.VERIFIED:
                status, verified = R.VERIFIED, day
        requirement.steps = steps
        requirement.status, requirement.deadline = status, deadline
        requirement.is_overdue = status in REQUIREMENT_PENDING and deadline < self.ctx.today
        requirement.verified_at = self.ctx.aware(verified, 10) if verified else None
        requirement.verified_by = self.head if verified else None

    def last_day(self, conclusion_id):
        return self.last.get(conclusion_id)

    def write(self, requirements):
        ctx = self.ctx
        reports, extensions = [], []
        for requirement in requirements:
            for kind, day, value in requirement.steps:
                if kind == E.PROGRESS_REPORTED:
                    reports.append(make(ProgressReport, requirement=requirement, submitted_by=self.reporter,
                                                  submitted_at=ctx.aware(day, 14), text=PROGRESS_TEXT[value],
                                                  percent=value))
                elif kind == E.EXTENSION_REQUESTED:
                    extensions.append(DeadlineExtension(
                        requirement=requirement, requested_by=self.reporter, requested_at=ctx.aware(day, 14),
                        previous_deadline=requirement.original_deadline, requested_deadline=value,
                        reason="Đơn vị tập trung chuẩn bị đại hội, đề nghị gia hạn.", status=ExtensionStatus.APPROVED,
                        decided_by=self.head, decided_at=ctx.aware(day + days(5), 10),
                        decision_note="Đồng ý gia hạn."))
        # ProgressReport.save refuses edits, not inserts: bulk_create writes new rows only.
        reports = ctx.bulk(ProgressReport, reports)
        extensions = ctx.bulk(DeadlineExtension, extensions)
        report_of = {(r.requirement_id, r.submitted_at): r.pk for r in reports}
        extension_of = {e.requirement_id: e.pk for e in extensions}
        events = []
        for requirement in requirements:
            issued = requirement.issued_at
            events += [make(RequirementEvent, requirement=requirement, kind=E.CREATED, by=self.board,
                                        at=requirement.created_at,
                                        data={"deadline": requirement.original_deadline.isoformat(),
                                              "responsible_organization": requirement.responsible_organization_id}),
                       make(RequirementEvent, requirement=requirement, kind=E.ISSUED, by=self.head, at=issued,
                                        data={"conclusion": requirement.conclusion_id})]
            for kind, day, value in requirement.steps:
                events.append(self._event(requirement, kind, day, value, report_of, extension_of))
                if kind == E.VERIFIED:
                    current = self.last.get(requirement.conclusion_id)
                    self.last[requirement.conclusion_id] = max(current, day) if current else day
        ctx.bulk(RequirementEvent, events)

    def _event(self, requirement, kind, day, value, report_of, extension_of):
        ctx, pk = self.ctx, requirement.pk
        if kind == E.PROGRESS_REPORTED:
            at = ctx.aware(day, 14)
            return make(RequirementEvent, requirement=requirement, kind=kind, by=self.reporter, at=at,
                                    text=PROGRESS_TEXT[value],
                                    data={"report": report_of[(pk, at)], "percent": value, "attachments": 0})
        if kind == E.EXTENSION_REQUESTED:
            return make(RequirementEvent, requirement=requirement, kind=kind, by=self.reporter, at=ctx.aware(day, 14),
                                    text="Đề nghị gia hạn.",
                                    data={"extension": extension_of[pk], "requested_deadline": value.isoformat()})
        if kind == E.EXTENSION_APPROVED:
            return make(RequirementEvent, requirement=requirement, kind=kind, by=self.head, at=ctx.aware(day, 10),
                                    text="Đồng ý gia hạn.",
                                    data={"extension": extension_of[pk],
                                          "previous_deadline": requirement.original_deadline.isoformat(),
                                          "deadline": value.isoformat()})
        return make(RequirementEvent, requirement=requirement, kind=kind, by=self.head, at=ctx.aware(day, 10),
                                text="Ban Tổ chức Thành ủy xác nhận đơn vị đã khắc phục.")
