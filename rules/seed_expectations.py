"""What Conclusion Notice 3150-TB/TU (seed/3150-TB-TU.txt) says of each
inspected committee, as rule outcomes over the demo data: where the seed
names a strength the rule does not trip (pass, not applicable, or not
judged when the records predate the regulation); where it names a
limitation, the rule trips (a breach under an [R] regulation, "cần xem xét"
under an [S]/[M] one). tests/rules/test_seed_expectations.py re-runs every
rule over the seed's units and periods and compares.

Periods are those of the two 2019 inspections: the first examined 2018
(ratings, cell meetings, admissions), the second 1/2017–6/2019 (training,
rotation, planning, political theory)."""
import datetime

D = datetime.date
FIRST = (D(2018, 1, 1), D(2018, 12, 31))  # KT-2019-01: Quận 3, Củ Chi, Saigontourist, Khối Ngân hàng
SECOND = (D(2017, 1, 1), D(2019, 6, 30))  # KT-2019-02: Quận 7, Hóc Môn, Địa ốc Sài Gòn, Khối Đại học

PASS, BREACH, WARNING = "pass", "breach", "warning"
NOT_APPLICABLE, NOT_JUDGED = "not_applicable", "not_judged"

# (organization code, period, rule code) → expected outcome, with the seed's words it stands for.
EXPECTATIONS = {
    # "tỷ lệ tổ chức đảng được xếp loại «Hoàn thành xuất sắc nhiệm vụ» thực hiện chưa đúng quy định"
    # — Quận 3's 9 HTXSNV against 30 HTTNV; the others keep within 20 %.
    ("qu-q3", FIRST, "QR-2"): WARNING,
    ("hu-cuchi", FIRST, "QR-2"): PASS,
    ("du-saigontourist", FIRST, "QR-2"): PASS,
    ("du-nganhang", FIRST, "QR-2"): PASS,
    # "tập trung lãnh đạo, chỉ đạo công tác kết nạp đảng viên đạt chỉ tiêu theo kế hoạch năm và tiến độ thực
    # hiện chỉ tiêu nghị quyết Đại hội Đảng bộ đề ra"
    ("qu-q3", FIRST, "AD-2"): PASS,
    ("hu-cuchi", FIRST, "AD-2"): PASS,
    ("du-saigontourist", FIRST, "AD-2"): PASS,
    ("du-nganhang", FIRST, "AD-2"): PASS,
    # "cơ cấu đảng viên được kết nạp chưa đều" — few women admitted in Củ Chi and Khối Ngân hàng
    ("hu-cuchi", FIRST, "AD-3"): WARNING,
    ("du-nganhang", FIRST, "AD-3"): WARNING,
    ("qu-q3", FIRST, "AD-3"): PASS,
    ("du-saigontourist", FIRST, "AD-3"): PASS,
    # "quan tâm thường xuyên chỉ đạo về nâng cao chất lượng sinh hoạt chi bộ": the cells meet every month
    ("q3-p7-kp1", FIRST, "CM-1"): PASS,
    ("cc-tth-ap1", FIRST, "CM-1"): PASS,
    ("stt-rex-cb1", FIRST, "CM-1"): PASS,
    ("nh-agri-cb1", FIRST, "CM-1"): PASS,
    ("cc-tth-ap2", FIRST, "CM-2"): PASS,
    # "chất lượng sinh hoạt thường kỳ, sinh hoạt chuyên đề tại một số chi bộ chưa cao"
    ("cc-tth-ap2", FIRST, "CM-3"): BREACH,
    ("q3-p7-kp1", FIRST, "CM-3"): PASS,
    # "tinh thần tự phê bình và phê bình yếu" — in some cells
    ("cc-tth-ap1", FIRST, "CM-6"): WARNING,
    ("cc-tth-ap2", FIRST, "CM-6"): WARNING,
    ("stt-rex-cb1", FIRST, "CM-6"): WARNING,
    ("nh-agri-cb1", FIRST, "CM-6"): WARNING,
    ("q3-p7-kp1", FIRST, "CM-6"): PASS,
    ("nh-nhnn-cb1", FIRST, "CM-6"): PASS,
    # "đảng viên trẻ ít tham gia phát biểu ý kiến"
    ("cc-tth-ap1", FIRST, "CM-7"): WARNING,
    ("cc-tth-ap2", FIRST, "CM-7"): WARNING,
    ("nh-agri-cb1", FIRST, "CM-7"): WARNING,
    ("q3-p7-kp1", FIRST, "CM-7"): PASS,
    ("q3-p7-kp2", FIRST, "CM-7"): PASS,
    # "công tác rà soát, bổ sung quy hoạch cán bộ, đảm bảo số lượng, chất lượng, quy hoạch «động - mở», đúng
    # quy định về tiêu chuẩn, điều kiện"
    **{(code, SECOND, rule): PASS for code in ("qu-q7", "hu-hocmon", "du-resco", "du-daihoc")
       for rule in ("CP-1", "CP-2", "CP-3", "CP-5")},
    # "công tác quy hoạch cán bộ ... chưa đảm bảo đủ số lượng theo yêu cầu ở một số cấp ủy trực thuộc"
    ("q7-p-tth", SECOND, "CP-5"): WARNING,
    ("hm-bd", SECOND, "CP-5"): WARNING,
    # "công tác luân chuyển, điều động, bổ nhiệm cán bộ bảo đảm thực hiện nghiêm các quy trình, quy định"
    ("resco-xd", SECOND, "RT-1"): PASS,  # Resco's rotation into its construction company: 3 years
    ("qu-q7", SECOND, "RT-1"): NOT_JUDGED,  # decided on 03/01/2017, before QĐ 98-QĐ/TW (07/10/2017)
    ("du-resco", SECOND, "AP-1"): NOT_APPLICABLE,  # its deputy secretary was elected, not appointed
    ("du-resco", SECOND, "AP-2"): NOT_APPLICABLE,
    ("du-daihoc", SECOND, "AP-2"): NOT_APPLICABLE,
    # "còn nhiều cán bộ là lãnh đạo chủ chốt đơn vị, cán bộ chuẩn bị nguồn nhân sự cấp ủy chưa hoàn thành chương
    # trình cao cấp lý luận chính trị"
    ("qu-q7", SECOND, "CP-4"): WARNING,
    ("du-resco", SECOND, "CP-4"): WARNING,
    ("du-daihoc", SECOND, "CP-4"): WARNING,
}
