"""Changes to the organization tree. The tree keeps its past: organizations are
closed (valid_to) and linked to successors, never deleted."""
import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core import natural_keys
from core.errors import ApplicationError
from core.scoping import owners_of
from core.services import (
    application_error_from,
    model_perm,
    protected_delete,
    require_change,
    require_organization,
    require_perm,
    require_write_scope,
    stored_user,
    validated_save,
)

from .choices import SuccessionKind
from .models import CellMeeting, CommitteeMember, MemberRating, Organization, OrganizationSuccession, QualityRating


@transaction.atomic
def organization_create(*, user, parent=None, **fields) -> Organization:
    require_perm(user, model_perm(Organization, "add"))
    if parent is not None:
        require_organization(user, parent, "parent")
    return validated_save(Organization(parent=parent, **fields), user=user)


@transaction.atomic
def organization_move(*, user, organization: Organization, new_parent: Organization | None) -> Organization:
    """Move a subtree; every descendant's path follows. A cycle is refused."""
    require_change(user, organization)
    if new_parent is not None:
        require_organization(user, new_parent, "parent")
    if new_parent is not None and (
        new_parent.pk == organization.pk or new_parent.path.startswith(organization.path)
    ):
        raise ApplicationError(
            _("Không thể chuyển %(org)s vào chính nó hoặc vào tổ chức cấp dưới của nó.") % {"org": organization},
            code="tree_cycle",
            fields={"parent": [_("Chọn một tổ chức không thuộc cây của tổ chức đang chuyển.")]},
        )
    organization.parent = new_parent
    return validated_save(organization, user=user)


@transaction.atomic
def organization_reorganize(
    *,
    user,
    predecessors: list[Organization],
    successor: Organization,
    effective_date: datetime.date,
    kind: str = SuccessionKind.MERGED_INTO,
    basis: str = "",
) -> list[OrganizationSuccession]:
    """Close each predecessor the day before `effective_date` and link it to
    its successor. Past records keep pointing at the predecessors."""
    require_change(user, successor)
    for predecessor in predecessors:
        require_change(user, predecessor)
    links = []
    for predecessor in predecessors:
        if predecessor.pk == successor.pk:
            raise ApplicationError(_("Một tổ chức không thể kế thừa chính nó."), code="succession_self")
        if predecessor.valid_to is None or predecessor.valid_to >= effective_date:
            predecessor.valid_to = effective_date - datetime.timedelta(days=1)
            validated_save(predecessor, user=user)
        link, _created = OrganizationSuccession.objects.get_or_create(
            predecessor=predecessor, successor=successor, kind=kind,
            defaults={"effective_date": effective_date, "basis": basis},
        )
        links.append(link)
    if successor.valid_from is None:
        successor.valid_from = effective_date
        validated_save(successor, user=user)
    return links


@transaction.atomic
def organization_update(*, user, organization: Organization, **fields) -> Organization:
    require_change(user, organization)
    if "parent" in fields and fields["parent"] != organization.parent:
        organization_move(user=user, organization=organization, new_parent=fields.pop("parent"))
    fields.pop("parent", None)
    for key, value in fields.items():
        setattr(organization, key, value)
    return validated_save(organization, user=user)


@transaction.atomic
def succession_create(*, user, predecessor, successor, effective_date, kind=SuccessionKind.MERGED_INTO, basis=""):
    """One reorganization link (administrators): the predecessor closes the day before."""
    require_perm(user, model_perm(OrganizationSuccession, "add"))
    natural_keys.check_unique(OrganizationSuccession(predecessor=predecessor, successor=successor, kind=kind))
    return organization_reorganize(user=user, predecessors=[predecessor], successor=successor,
                                   effective_date=effective_date, kind=kind, basis=basis)[0]


def organization_delete(*, user, organization: Organization):
    raise ApplicationError(
        _("Không xóa tổ chức đảng: hãy ghi ngày hết hiệu lực và tổ chức kế thừa để giữ lịch sử."),
        code="delete_forbidden",
        status=409,
    )


# --- Yearly records (congresses, committees, ratings, meetings, admissions) ----
def _messages(exc: ValidationError):
    return application_error_from(exc).fields


def _save_record(instance, *, user, check=None):
    """The model's add (or change) permission and the write rule on the record
    as it will be saved, then validation (rules spanning rows in `check`) and a
    save whose history row names the user."""
    require_perm(user, model_perm(type(instance), "change" if instance.pk else "add"))
    if owners_of(instance):  # no organization yet: validation says so
        require_write_scope(user, instance)
    return validated_save(instance, user=user, check=check)


@transaction.atomic
def record_create(*, model, user, **fields):
    """Create a yearly record whose rules are all the model's own (clean())."""
    return _save_record(model(**fields), user=user)


@transaction.atomic
def record_update(*, instance, user, **fields):
    require_change(user, instance)
    for key, value in fields.items():
        setattr(instance, key, value)
    return _save_record(instance, user=user)


@transaction.atomic
def record_delete(*, instance, user):
    require_change(user, instance, model_perm(type(instance), "delete"))
    protected_delete(instance, user=user)


# Committees: one seat per person at a time.
def check_committee_overlap(member):
    others = CommitteeMember.objects.filter(
        member.same_person_q(), organization=member.organization, term=member.term
    ).exclude(pk=member.pk)
    for other in others:
        starts_before_other_ends = other.to_date is None or member.from_date <= other.to_date
        ends_after_other_starts = member.to_date is None or member.to_date >= other.from_date
        if starts_before_other_ends and ends_after_other_starts:
            raise ApplicationError(
                _("%(name)s đã có chức vụ %(position)s trong cấp ủy này từ %(start)s; "
                  "ghi ngày kết thúc chức vụ cũ trước khi thêm chức vụ mới.")
                % {"name": member.full_name, "position": other.get_position_display(),
                   "start": other.from_date.strftime("%d/%m/%Y")},
                code="committee_overlap", fields={"from_date": [_("Trùng thời gian với một chức vụ khác.")]},
            )


@transaction.atomic
def committee_member_create(*, user, **fields) -> CommitteeMember:
    return _save_record(CommitteeMember(**fields), user=user, check=check_committee_overlap)


@transaction.atomic
def committee_member_update(*, member: CommitteeMember, user, **fields) -> CommitteeMember:
    require_change(user, member)
    for key, value in fields.items():
        setattr(member, key, value)
    return _save_record(member, user=user, check=check_committee_overlap)


def committee_member_delete(*, user, member: CommitteeMember):
    record_delete(user=user, instance=member)


# Quality ratings: the counts add up (QualityRating.clean) and named members
# never outnumber their level's count.
def member_rating_errors(rating: QualityRating, members) -> list[str]:
    """Why the named members do not fit the rating's counts ([] when they do)."""
    named = {}
    for member in members:
        column = member.column()
        if column:
            named[column] = named.get(column, 0) + 1
    errors = []
    for column, count in named.items():
        allowed = getattr(rating, column)
        if count > allowed:
            label = QualityRating._meta.get_field(column).verbose_name
            errors.append(_("Có %(named)s đảng viên được ghi tên ở mức \u201c%(label)s\u201d nhưng số liệu chỉ có "
                            "%(allowed)s.") % {"named": count, "label": label, "allowed": allowed})
    return errors


def _save_member_ratings(rating, members_data, user):
    members = []
    for index, data in enumerate(members_data, start=1):
        member = MemberRating(rating=rating, **data)
        try:
            member.full_clean()
        except ValidationError as exc:
            raise application_error_from(exc, prefix=_("Đảng viên thứ %(n)s (%(name)s): ") % {
                "n": index, "name": member.full_name}) from exc
        members.append(member)
    errors = member_rating_errors(rating, members)
    if errors:
        raise ApplicationError(" ".join(errors), code="members_exceed_counts", fields={"members": errors})
    rating.member_ratings.all().delete()
    for member in members:
        validated_save(member, user=user)


@transaction.atomic
def quality_rating_create(*, user, members=None, **fields) -> QualityRating:
    rating = _save_record(QualityRating(**fields), user=user)
    if members:
        _save_member_ratings(rating, members, user)
    return rating


@transaction.atomic
def quality_rating_update(*, rating: QualityRating, user, members=None, **fields) -> QualityRating:
    """Update the counts; `members` (when given) replaces the named members."""
    require_change(user, rating)
    for key, value in fields.items():
        setattr(rating, key, value)
    _save_record(rating, user=user)
    if members is not None:
        _save_member_ratings(rating, members, user)
    else:
        errors = member_rating_errors(rating, list(rating.member_ratings.all()))
        if errors:
            raise ApplicationError(" ".join(errors), code="members_exceed_counts", fields={"members": errors})
    return rating


def quality_rating_delete(*, user, rating: QualityRating):
    record_delete(user=user, instance=rating)


# Cell meetings.
# The fields of a bulk-entered meeting, in the order the entry page shows them.
BULK_MEETING_FIELDS = (
    "date", "kind", "topic", "duration_minutes", "members_total", "present", "absent_excused",
    "absent_unexcused", "spoke", "young_spoke", "criticism_held", "content_focus", "quality",
)


def check_meeting_unique(meeting):
    """One meeting of a kind per cell and day (the admin's form check): 409 `duplicate`."""
    natural_keys.check_unique(meeting)


@transaction.atomic
def cell_meeting_create(*, user, **fields) -> CellMeeting:
    return _save_record(CellMeeting(**fields), user=user)


@transaction.atomic
def cell_meeting_update(*, meeting: CellMeeting, user, **fields) -> CellMeeting:
    require_change(user, meeting)
    for key, value in fields.items():
        setattr(meeting, key, value)
    return _save_record(meeting, user=user)


def cell_meeting_delete(*, user, meeting: CellMeeting):
    record_delete(user=user, instance=meeting)


def _typed_row(row):
    """The row's values as the model fields take them: a value of the wrong type
    (a number or a list for a date...) is a field error of its row, not a 500."""
    values, errors = {}, {}
    for name, value in row.items():
        field = CellMeeting._meta.get_field(name)
        try:
            if isinstance(field, models.CharField) and value is not None and not isinstance(value, str):
                raise TypeError(name)
            values[name] = field.to_python(value)
        except ValidationError as exc:
            errors[name] = exc.messages
        except (TypeError, ValueError, OverflowError):
            errors[name] = [_("Ngày phải viết dạng yyyy-mm-dd, ví dụ 2019-04-10.")
                            if isinstance(field, models.DateField) else _("Giá trị không đúng kiểu dữ liệu.")]
    return values, errors


def _bulk_row_errors(cell, number, row, seen):
    """(meeting, errors) for one bulk row; errors is {field: [messages]}."""
    if not isinstance(row, dict):
        return None, {"non_field_errors": [_("Dòng phải là một đối tượng có các trường của buổi sinh hoạt.")]}
    unknown = sorted(set(row) - set(BULK_MEETING_FIELDS))
    if unknown:
        return None, {name: [_("Trường không được nhận.")] for name in unknown}
    values, errors = _typed_row(row)
    if errors:
        return None, errors
    meeting = CellMeeting(cell=cell, **values)
    try:
        meeting.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors = _messages(exc)
    if "date" not in errors and "kind" not in errors:
        key = (meeting.date, meeting.kind)
        if key in seen:
            errors.setdefault("date", []).append(
                _("Trùng với dòng %(other)s (cùng ngày, cùng hình thức).") % {"other": seen[key]})
        else:
            seen[key] = number
    return meeting, errors


@transaction.atomic
def cell_meeting_bulk_create(*, cell: Organization, rows: list, user, row_numbers: list[int] | None = None):
    """Validate every row, then save them all or none. Each bad row is reported
    with its number (1-based, or `row_numbers[i]`) and reasons."""
    require_change(user, cell, model_perm(CellMeeting, "add"))
    if not rows:
        raise ApplicationError(_("Chưa nhập buổi sinh hoạt nào."), code="empty", fields={"rows": []})
    numbers = row_numbers or list(range(1, len(rows) + 1))
    seen, meetings, bad = {}, [], []
    for number, row in zip(numbers, rows, strict=True):
        meeting, errors = _bulk_row_errors(cell, number, row, seen)
        if errors:
            bad.append({"row": number, "errors": errors})
        else:
            meetings.append((number, meeting))
    existing = set(
        CellMeeting.objects.filter(cell=cell, date__in=[m.date for _n, m in meetings]).values_list("date", "kind")
    )
    for number, meeting in meetings:
        if (meeting.date, meeting.kind) in existing:
            bad.append({"row": number, "errors": {"date": [meeting.duplicate_message()]}})
    if bad:
        bad.sort(key=lambda item: item["row"])
        details = "; ".join(
            _("dòng %(n)s: %(msg)s") % {"n": item["row"], "msg": next(iter(item["errors"].values()))[0]}
            for item in bad
        )
        raise ApplicationError(
            _("%(bad)s/%(all)s dòng không hợp lệ, chưa lưu dòng nào (%(details)s).")
            % {"bad": len(bad), "all": len(rows), "details": details},
            code="bulk_invalid", fields={"rows": bad},
        )
    for _number, meeting in meetings:
        meeting._history_user = stored_user(user)
        meeting.save()
    return [meeting for _number, meeting in meetings]
