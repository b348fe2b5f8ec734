"""Validation of the record services: each bad input gets its message and nothing is saved."""
import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.services import SYSTEM
from organizations import services
from organizations.models import CellMeeting, MemberRating, QualityRating
from organizations.record_choices import RatingSubject

from .factories import CellMeetingFactory, CommitteeMemberFactory, TermFactory

pytestmark = pytest.mark.django_db


def meeting_row(**overrides):
    row = {"date": "2019-01-05", "kind": "regular", "duration_minutes": 90, "members_total": 20, "present": 18,
           "absent_excused": 2, "absent_unexcused": 0, "spoke": 6, "young_spoke": 2, "criticism_held": True}
    row.update(overrides)
    return row


def rating_fields(org, **overrides):
    fields = {"organization": org, "year": 2018, "subject": RatingSubject.MEMBERS, "excellent": 3, "good": 20,
              "fulfilled": 5, "failed": 1, "not_rated_exempted": 2, "not_rated_suspended": 1, "total": 32}
    fields.update(overrides)
    return fields


# --- quality ratings -------------------------------------------------------------
def test_rating_whose_counts_do_not_add_up_is_refused_naming_the_numbers(tree):
    with pytest.raises(ApplicationError) as err:
        services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3_ward, total=40))
    message = str(err.value.message)
    assert "tổng số là 40" in message and "được xếp loại 29" in message and "không xếp loại 3" in message
    assert "= 32" in message
    assert not QualityRating.objects.exists()


def test_rating_that_adds_up_stores_the_20_percent_breach(tree):
    rating = services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3_ward, excellent=4, good=20, total=33))
    assert rating.excellent_cap_exceeded is False  # 4 = 20 % of 20
    services.quality_rating_update(user=SYSTEM, rating=rating, excellent=5, total=34)
    rating.refresh_from_db()
    assert rating.excellent_cap_exceeded is True


def test_member_rating_on_a_district_is_refused(tree):
    with pytest.raises(ApplicationError) as err:
        services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3))
    assert "không phải tổ chức cơ sở" in str(err.value.message)


def test_organizations_cannot_be_exempted(tree):
    with pytest.raises(ApplicationError) as err:
        services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3, subject=RatingSubject.ORGANIZATIONS))
    assert "chỉ áp dụng cho đảng viên" in str(err.value.message)


def test_named_members_may_not_outnumber_their_level(tree):
    members = [{"full_name": f"Đảng viên {i}", "level": "excellent"} for i in range(4)]
    with pytest.raises(ApplicationError) as err:
        services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3_ward), members=members)
    assert "4 đảng viên được ghi tên" in str(err.value.message) and "chỉ có 3" in str(err.value.message)
    assert not QualityRating.objects.exists() and not MemberRating.objects.exists()


def test_level_of_the_wrong_year_set_is_refused(tree):
    members = [{"full_name": "Nguyễn Văn A", "level": "clean_strong"}]
    with pytest.raises(ApplicationError) as err:
        services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3_ward), members=members)
    assert "không dùng trong năm 2018" in str(err.value.message)
    legacy = services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3_ward, year=2017),
                                            members=[{"full_name": "Nguyễn Văn A", "level": "clean_strong"}])
    assert legacy.excellent_relation() is None and legacy.member_ratings.get().column() == "excellent"
    assert [label for _lv, label, _c in legacy.level_counts()][0] == "Trong sạch, vững mạnh"


def test_lowering_a_count_below_named_members_is_refused(tree):
    rating = services.quality_rating_create(user=SYSTEM, **rating_fields(tree.q3_ward),
                                            members=[{"full_name": "A", "level": "excellent"},
                                                     {"full_name": "B", "level": "excellent"}])
    with pytest.raises(ApplicationError):
        services.quality_rating_update(user=SYSTEM, rating=rating, excellent=1, good=21)
    rating.refresh_from_db()
    assert rating.excellent == 3


# --- cell meetings: bulk entry ---------------------------------------------------------
def test_bulk_saves_every_row(tree, make_user):
    user = make_user(organizations=[tree.q3])
    rows = [meeting_row(date=f"2019-{m:02d}-05") for m in range(1, 13)]
    created = services.cell_meeting_bulk_create(cell=tree.q3_cell, rows=rows, user=user)
    assert len(created) == 12 == CellMeeting.objects.filter(cell=tree.q3_cell).count()
    assert all(m.meets_attendance_test for m in created)
    assert CellMeeting.history.filter(history_user=user).count() == 12


@pytest.mark.parametrize("overrides, field, fragment", [
    ({"present": 19}, "present", "khác tổng số đảng viên 20"),
    ({"spoke": 19}, "spoke", "lớn hơn số có mặt"),
    ({"young_spoke": 7}, "young_spoke", "lớn hơn số phát biểu"),
    ({"absent_excused": -2, "present": 22}, "absent_excused", "Không được là số âm"),
    ({"duration_minutes": 0}, "duration_minutes", "Phải lớn hơn hoặc bằng 1"),
    ({"kind": "weekly"}, "kind", ""),
    ({"date": "not a date"}, "date", ""),
    ({"colour": "red"}, "colour", "Trường không được nhận"),
])
def test_bulk_reports_each_bad_row_and_saves_nothing(tree, make_user, overrides, field, fragment):
    user = make_user(organizations=[tree.q3])
    rows = [meeting_row(date="2019-01-05"), meeting_row(**{"date": "2019-02-05", **overrides})]
    with pytest.raises(ApplicationError) as err:
        services.cell_meeting_bulk_create(cell=tree.q3_cell, rows=rows, user=user)
    bad = err.value.fields["rows"]
    assert [item["row"] for item in bad] == [2]
    assert field in bad[0]["errors"]
    assert fragment in " ".join(str(m) for m in bad[0]["errors"][field])
    assert "1/2 dòng không hợp lệ" in str(err.value.message) and "dòng 2" in str(err.value.message)
    assert not CellMeeting.objects.exists()


def test_bulk_refuses_future_date_and_duplicates_in_batch_and_database(tree, make_user):
    user = make_user(organizations=[tree.q3])
    CellMeetingFactory(cell=tree.q3_cell, date=datetime.date(2019, 3, 5))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        meeting_row(date="2019-01-05"),
        meeting_row(date="2019-01-05"),  # same day and kind as row 1
        meeting_row(date="2019-03-05"),  # already recorded
        meeting_row(date=tomorrow.isoformat()),
        meeting_row(date="2019-01-05", kind="thematic"),  # another kind the same day is fine
    ]
    with pytest.raises(ApplicationError) as err:
        services.cell_meeting_bulk_create(cell=tree.q3_cell, rows=rows, user=user)
    errors = {item["row"]: " ".join(str(m) for m in item["errors"]["date"]) for item in err.value.fields["rows"]}
    assert set(errors) == {2, 3, 4}
    assert "Trùng với dòng 1" in errors[2]
    assert "đã có buổi sinh hoạt thường kỳ ngày 05/03/2019" in errors[3]
    assert "chưa đến" in errors[4]
    assert CellMeeting.objects.count() == 1


def test_bulk_refuses_non_cells_empty_input_and_cells_out_of_scope(tree, make_user):
    user = make_user(organizations=[tree.q3])
    with pytest.raises(ApplicationError) as err:
        services.cell_meeting_bulk_create(cell=tree.q3_ward, rows=[meeting_row()], user=user)
    assert "không phải là chi bộ" in str(err.value.message)
    with pytest.raises(ApplicationError) as err:
        services.cell_meeting_bulk_create(cell=tree.q3_cell, rows=[], user=user)
    assert err.value.code == "empty"
    with pytest.raises(ApplicationError) as err:
        services.cell_meeting_bulk_create(cell=tree.cuchi_cell, rows=[meeting_row()], user=user)
    assert err.value.status == 404
    assert not CellMeeting.objects.exists()


# --- committees and admissions ---------------------------------------------------------
def test_overlapping_seat_for_the_same_person_is_refused(tree):
    term = TermFactory()
    first = CommitteeMemberFactory(organization=tree.q3, term=term, full_name="Nguyễn Văn A", cadre_code="C1",
                                   to_date=None)
    with pytest.raises(ApplicationError) as err:
        services.committee_member_create(user=SYSTEM,
                                         organization=tree.q3, term=term, full_name="Nguyễn Văn A", gender="male",
                                         birth_date=first.birth_date, cadre_code="C1", position="deputy_secretary",
                                         from_date=datetime.date(2017, 1, 1))
    assert "đã có chức vụ Cấp ủy viên" in str(err.value.message)
    services.committee_member_update(user=SYSTEM, member=first, to_date=datetime.date(2016, 12, 31))
    services.committee_member_create(user=SYSTEM,
                                     organization=tree.q3, term=term, full_name="Nguyễn Văn A", gender="male",
                                     birth_date=first.birth_date, cadre_code="C1", position="deputy_secretary",
                                     from_date=datetime.date(2017, 1, 1))


@pytest.mark.parametrize("overrides, fragment", [
    ({"women": 9}, "nữ (9) lớn hơn số đảng viên đã kết nạp (8)"),
    ({"sector_other": 7}, "Tổng theo thành phần (7) khác số đảng viên đã kết nạp (8)"),
    ({"year": 1990}, "Năm 1990 không hợp lệ"),
])
def test_admission_composition_must_fit_the_admitted(tree, overrides, fragment):
    from organizations.models import AdmissionYear

    fields = {"organization": tree.q3, "year": 2019, "target": 10, "admitted": 8, "sector_other": 8, **overrides}
    with pytest.raises(ApplicationError) as err:
        services.record_create(user=SYSTEM, model=AdmissionYear, **fields)
    assert fragment in " ".join(str(m) for msgs in err.value.fields.values() for m in msgs)
    assert not AdmissionYear.objects.exists()
