"""core.formatting: the one way numbers, percentages, dates and formal wording are printed."""
import datetime
from decimal import Decimal

import pytest

from core.formatting import date_line, formal, long_date, number, percent, percent_of, table_date, text_date

D = datetime.date


@pytest.mark.parametrize(("value", "expected"), [
    (2500, "2.500"), (366000, "366.000"), (7, "7"), (0, "0"), (-1200, "-1.200"),
    (26.666, "26,7"), (20.0, "20"), (Decimal("31.25"), "31,3"), (0.04, "0"), (1234567.89, "1.234.567,9"),
])
def test_numbers_group_thousands_with_dots_and_decimals_with_a_comma(value, expected):
    assert number(value) == expected


def test_percentages_have_a_comma_decimal_and_a_space_before_the_sign():
    assert percent(26.666) == "26,7 %"
    assert percent(100) == "100 %"
    assert percent(Decimal("20.0")) == "20 %"
    assert percent_of(4, 15) == "26,7 %"
    assert percent_of(1, 4) == "25 %"
    # nothing to divide by, or no value: nothing is printed, the caller says why in words
    assert percent_of(0, 0) == "" and percent(None) == ""


def test_dates_in_tables_in_running_text_and_in_the_date_line():
    assert table_date(D(2019, 7, 2)) == "02/07/2019"
    assert table_date(None) == ""
    # HD 36: a day below 10 and the months 1 and 2 on two digits
    assert text_date(D(2019, 7, 2)) == "02/7/2019"
    assert text_date(D(2019, 3, 29)) == "29/3/2019"
    assert text_date(D(2019, 2, 5)) == "05/02/2019"
    assert text_date(D(2019, 12, 31)) == "31/12/2019"
    assert long_date(D(2019, 3, 29)) == "ngày 29 tháng 3 năm 2019"
    assert long_date(D(2020, 1, 9)) == "ngày 09 tháng 01 năm 2020"
    assert date_line("Thành phố Hồ Chí Minh", D(2019, 3, 29)) == "Thành phố Hồ Chí Minh, ngày 29 tháng 3 năm 2019"


def test_formal_text_spells_out_abbreviations_and_signs():
    assert formal("Tỷ lệ tổ chức đảng xếp loại HTXSNV ≤ 20% số HTTNV.") == (
        "Tỷ lệ tổ chức đảng xếp loại “Hoàn thành xuất sắc nhiệm vụ” không quá 20 % số “Hoàn thành tốt nhiệm vụ”.")
    assert formal("Cán bộ trẻ ≥ 15 %, nữ (≥ 25 %).") == "Cán bộ trẻ không dưới 15 %, nữ (không dưới 25 %)."
    assert formal("Xếp loại “HTXSNV”, HTNV hoặc KHTNV.") == (
        "Xếp loại “Hoàn thành xuất sắc nhiệm vụ”, “Hoàn thành nhiệm vụ” hoặc “Không hoàn thành nhiệm vụ”.")
    assert formal("≥ 3 đảng viên chính thức") == "không dưới 3 đảng viên chính thức"


def test_formal_text_writes_party_organizations_one_way():
    assert formal("Kết luận phân loại tổ chức Đảng; các loại hình tổ chức cơ sở Đảng; TCCSĐ.") == (
        "Kết luận phân loại tổ chức đảng; các loại hình tổ chức cơ sở đảng; tổ chức cơ sở đảng.")
    # "Đảng" naming the Communist Party of Vietnam keeps its capital
    assert formal("hiệu quả lãnh đạo của Đảng; Đảng ủy Khối Ngân hàng") == (
        "hiệu quả lãnh đạo của Đảng; Đảng ủy Khối Ngân hàng")
