"""Counting requirement states into the columns every remediation table shows,
and the small text helpers the party documents share."""
import heapq
import itertools
from dataclasses import dataclass, field

from inspection.choices import RequirementStatus

from .requirements import RequirementState

R = RequirementStatus
# "Chưa báo cáo": the unit has sent no progress report (open, or reopened by the Board).
TALLY_HEADERS = ["Tổng số", "Đã hoàn thành", "Chờ xác nhận", "Đang khắc phục", "Chưa báo cáo", "Quá hạn"]
# Rows of one table in a signed document; the complete list is in the spreadsheet.
DOCUMENT_ROWS = 60
SPREADSHEET_NOTE = "Danh sách đầy đủ kèm theo tại tệp Excel của báo cáo này."


@dataclass
class Tally:
    total: int = 0
    verified: int = 0
    reported_done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    days_overdue: int = 0
    most_days_overdue: int = 0

    def add(self, state: RequirementState):
        self.total += 1
        if state.status == R.VERIFIED:
            self.verified += 1
        elif state.status == R.REPORTED_DONE:
            self.reported_done += 1
        elif state.status == R.IN_PROGRESS:
            self.in_progress += 1
        else:
            self.not_started += 1
        if state.is_overdue:
            self.overdue += 1
            self.days_overdue += state.days_overdue
            self.most_days_overdue = max(self.most_days_overdue, state.days_overdue)

    @property
    def completion(self):
        """Share verified by the Board, in percent (None when there is nothing to do)."""
        return round(100 * self.verified / self.total, 1) if self.total else None

    def row(self):
        return [self.total, self.verified, self.reported_done, self.in_progress, self.not_started, self.overdue]

    def behind_key(self):
        """Most behind first: most overdue, then most days overdue, then least completed."""
        return (-self.overdue, -self.days_overdue, self.completion if self.completion is not None else 100)


@dataclass
class Worst:
    """The `size` largest items by key, kept while streaming (memory bounded by `size`)."""

    size: int = DOCUMENT_ROWS
    heap: list = field(default_factory=list)
    counter: itertools.count = field(default_factory=itertools.count)

    def add(self, key, item):
        entry = (key, next(self.counter) * -1, item)  # among equals, the first seen wins
        if len(self.heap) < self.size:
            heapq.heappush(self.heap, entry)
        elif entry > self.heap[0]:
            heapq.heapreplace(self.heap, entry)

    def items(self):
        return [item for _key, _order, item in sorted(self.heap, reverse=True)]


def listing(parts):
    """"a, b và c"; the empty parts (a zero count said as "0 ...") are left out by the caller."""
    parts = [part for part in parts if part]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} và {parts[-1]}" if parts else ""


def notice_label(conclusion):
    """'KT-2019-02 – title (Thông báo kết luận số 05-TB/TU ngày 25/9/2019)'."""
    inspection = conclusion.inspection
    label = f"{inspection.code} – {inspection.title}"
    if conclusion.document_id:
        label += f" (Thông báo kết luận số {conclusion.document})"
    return label

