"""Demo data: the path of Conclusion Notice 3150-TB/TU (seed/3150-TB-TU.txt),
walked through the same services as the API and the admin.

Faithful to the article: the documents 3150-TB/TU (29/3/2019) and 35-CT/TW
(30/5/2019), the two 2019 inspections with their targets, topics, strengths,
limitations and the Board's requirements (texts quoted from the article), and
the 2020 inspection on Directive 35-CT/TW, concluded in 2020. A limitation the
article states for a group is recorded for the committees whose data show it,
citing those records as evidence.

The article does not give: the numbers and dates of the decisions, plans and
conclusion notices of each inspection (numbered here with the next free
number and marked "số hiệu minh họa"), which committee showed which
limitation (the article states them for the group; each is recorded for every
inspected committee of the group), severities, deadlines and how far each
committee got with its remedies (chosen so that some are verified and some
overdue). Idempotent: every part is keyed by a stable code and built once.
"""
import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from organizations.models import (
    AdmissionYear,
    CellMeeting,
    MembershipStructure,
    Organization,
    QualityRating,
    Term,
    User,
)

from . import services
from .choices import Confidentiality, DocumentType, FindingKind, InspectionForm, Severity, TeamRole
from .models import Document, Inspection, InspectionProgram, Tag, Topic
from .tasks import ensure_schedules

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ILLUSTRATIVE = "Số hiệu và ngày minh họa (dữ liệu mẫu): bài viết nguồn không nêu văn bản này."
# The article names no signer: the demo notices' signer is illustrative too ("Nguyễn Văn A",
# the customary placeholder name of Vietnamese forms), and their notes say so.
DEMO_SIGNER = {"signer_on_behalf": "T/M BAN THƯỜNG VỤ", "signer_position": "PHÓ BÍ THƯ THƯỜNG TRỰC",
               "signer_name": "Nguyễn Văn A"}
ILLUSTRATIVE_SIGNED = (f"{ILLUSTRATIVE} Người ký ({DEMO_SIGNER['signer_position']}, "
                       f"{DEMO_SIGNER['signer_name']}) cũng là minh họa.")


def at(day, hour=9):
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


D = datetime.date

# --- the documents the article names ------------------------------------------------
TB_3150 = {
    "issuer": "tu-hcm", "doc_type": DocumentType.TB, "number": 3150, "issued_on": D(2019, 3, 29),
    "subject": "Thông báo kết luận của Ban Thường vụ Thành ủy về lãnh đạo việc xây dựng và tổ chức thực hiện "
               "công tác kiểm tra, thanh tra, giám sát cấp thành phố năm 2019",
    "signer_title": "T/M BAN THƯỜNG VỤ",
}
CT_35 = {
    "issuer_code": "TW", "doc_type": DocumentType.CT, "number": 35, "issued_on": D(2019, 5, 30),
    "subject": "Chỉ thị của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc "
               "lần thứ XIII của Đảng",
    "signer_title": "T/M BỘ CHÍNH TRỊ",
}

# --- inspection 1: ratings, cell meetings, admission ---------------------------------
GROUP_1 = ["qu-q3", "hu-cuchi", "du-saigontourist", "du-nganhang"]
STRENGTHS_1 = [
    ("quality_rating", "Ban Thường vụ cấp ủy chủ động ban hành các văn bản để cụ thể hóa một số tiêu chí, nội dung "
     "phù hợp với đặc điểm, tình hình của địa phương, đơn vị và các loại hình tổ chức cơ sở Đảng."),
    ("cell_meetings", "Quan tâm thường xuyên chỉ đạo về nâng cao chất lượng sinh hoạt chi bộ; tổ chức triển khai, "
     "quán triệt đầy đủ chỉ thị, hướng dẫn về nâng cao chất lượng sinh hoạt chi bộ; tập trung kiện toàn, nâng cao "
     "chất lượng đội ngũ cấp ủy các chi bộ nhất là Bí thư, Phó bí thư chi bộ; tăng cường kiểm tra, giám sát về thực "
     "hiện nâng cao chất lượng sinh hoạt chi bộ."),
    ("admission", "Tập trung lãnh đạo, chỉ đạo công tác kết nạp đảng viên đạt chỉ tiêu theo kế hoạch năm và tiến độ "
     "thực hiện chỉ tiêu nghị quyết Đại hội Đảng bộ đề ra."),
]
LIMITATIONS_1 = [
    ("quality_rating", Severity.MODERATE, ["tu-ra-soat-suy-thoai-chua-chat-che"],
     "Việc tự rà soát, nhận diện các biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, "
     "“tự chuyển hóa” của cá nhân cán bộ, đảng viên ở một số chi bộ chưa chặt chẽ."),
    ("quality_rating", Severity.SERIOUS, ["ty-le-htxsnv"],
     "Tỷ lệ tổ chức đảng được xếp loại “Hoàn thành xuất sắc nhiệm vụ” thực hiện chưa đúng quy định."),
    ("quality_rating", Severity.MODERATE, ["ket-luan-phan-loai-chua-dam-bao"],
     "Vẫn còn trường hợp kết luận phân loại tổ chức Đảng chưa đảm bảo nội dung tiêu chí."),
    ("cell_meetings", Severity.MODERATE, ["noi-dung-chuyen-mon"],
     "Chất lượng sinh hoạt thường kỳ, sinh hoạt chuyên đề tại một số chi bộ chưa cao, nội dung sinh hoạt chi bộ "
     "chủ yếu về công tác chuyên môn."),
    ("cell_meetings", Severity.MODERATE, ["tu-phe-binh-yeu", "dang-vien-tre-it-phat-bieu"],
     "Tinh thần tự phê bình và phê bình yếu, đảng viên trẻ ít tham gia phát biểu ý kiến."),
    ("cell_meetings", Severity.MINOR, ["khong-kiem-diem-nhiem-vu-thang"],
     "Không kiểm điểm tình hình thực hiện nhiệm vụ trong tháng của đảng viên."),
    ("admission", Severity.MINOR, ["co-cau-ket-nap-chua-deu"], "Cơ cấu đảng viên được kết nạp chưa đều."),
    ("admission", Severity.MODERATE, ["giao-khoan-ket-nap"],
     "Vẫn còn cấp ủy cơ sở chưa quan tâm đầu tư cho công tác kết nạp đảng viên mà giao khoán cho đội ngũ cán bộ "
     "chuyên trách Đảng thực hiện."),
]
# A limitation the article states for the group, recorded only for the committees whose data show it
# (first tag → committees); the evidence it cites is read from their records.
ONLY_1 = {
    "ty-le-htxsnv": {"qu-q3"},  # 9 HTXSNV against 30 HTTNV grassroots organizations in 2018
    "co-cau-ket-nap-chua-deu": {"hu-cuchi", "du-nganhang"},  # few women among the admitted of 2018
    "tu-phe-binh-yeu": {"hu-cuchi", "du-saigontourist", "du-nganhang"},  # cells without criticism in 2018
}
REQUIREMENTS_1 = [
    ("Có các giải pháp cụ thể, hiệu quả để phát huy các mặt làm được và khắc phục các tồn tại, hạn chế đã được "
     "chỉ ra qua kiểm tra.", D(2019, 12, 31), None),
]
# How far each committee got (demo): verified / extended then in progress / still open.
OUTCOME_1 = {"qu-q3": "verified", "du-saigontourist": "verified", "hu-cuchi": "extended", "du-nganhang": "open"}

# --- inspection 2: training, rotation, planning, political theory ---------------------
GROUP_2 = ["qu-q7", "hu-hocmon", "du-resco", "du-daihoc"]
STRENGTHS_2 = [
    ("training", "Công tác đào tạo, bồi dưỡng cán bộ được Ban Thường vụ quan tâm thực hiện; chú trọng đào tạo, bồi "
     "dưỡng cán bộ gắn với quy hoạch và yêu cầu nhiệm vụ chính trị, đáp ứng yêu cầu xây dựng đội ngũ cán bộ; lãnh "
     "đạo, chỉ đạo các đơn vị trực thuộc xây dựng, ban hành kế hoạch đào tạo, bồi dưỡng cho đội ngũ cán bộ theo phân "
     "cấp quản lý và cán bộ quy hoạch cấp ủy."),
    ("rotation_appointment", "Công tác luân chuyển, điều động, bổ nhiệm cán bộ bảo đảm thực hiện nghiêm các quy "
     "trình, quy định, tuân thủ nguyên tắc tập trung dân chủ; qua luân chuyển tạo điều kiện cho cán bộ tiếp cận cơ "
     "sở, rèn luyện trong thực tiễn để có thêm kiến thức, kinh nghiệm thực tế và tiếp cận chức danh quy hoạch."),
    ("cadre_planning", "Công tác rà soát, bổ sung quy hoạch cán bộ đảm bảo số lượng, chất lượng, quy hoạch "
     "“động - mở”, đúng quy định về tiêu chuẩn, điều kiện."),
]
LIMITATIONS_2 = [
    ("political_theory", Severity.SERIOUS, ["chuan-hoa-llct"],
     "Công tác chuẩn hóa trình độ lý luận chính trị của cán bộ chưa đạt yêu cầu, còn nhiều cán bộ là lãnh đạo chủ "
     "chốt đơn vị, cán bộ chuẩn bị nguồn nhân sự cấp ủy chưa hoàn thành chương trình cao cấp lý luận chính trị."),
    ("political_theory", Severity.MODERATE, ["chuan-hoa-llct", "chua-phoi-hop-dao-tao-trung-cap"],
     "Chưa rà soát, phối hợp với đơn vị có chức năng đào tạo Trung cấp lý luận chính trị nhằm thực hiện chuẩn hóa "
     "trình độ chính trị theo quy định tiêu chuẩn chức danh cán bộ lãnh đạo, quản lý."),
    ("cadre_planning", Severity.MODERATE, ["quy-hoach-cham"],
     "Công tác quy hoạch cán bộ thực hiện còn chậm, chưa đảm bảo đủ số lượng theo yêu cầu ở một số cấp ủy trực "
     "thuộc."),
    ("rotation_appointment", Severity.MODERATE, ["luan-chuyen-kho-khan"],
     "Công tác luân chuyển cán bộ còn gặp khó khăn; việc bổ sung nhân sự lãnh đạo, quản lý tại một số đơn vị còn "
     "chậm."),
]
LIMITATION_DAIHOC = (
    "cadre_planning", Severity.SERIOUS, ["khong-co-chinh-quyen-cung-cap"],
    "Đảng ủy cấp trên cơ sở không có chính quyền cùng cấp, quản lý cơ sở của nhiều bộ, ngành nên công tác cán bộ "
    "của Đảng ủy chưa thật sự chủ động, công tác phối hợp với Ban Cán sự Đảng các bộ, ngành chưa tốt, làm ảnh hưởng "
    "đến hiệu quả lãnh đạo của Đảng.",
)
# (text, deadline, topic of the limitations it answers)
REQUIREMENTS_2 = [
    ("Định kỳ rà soát các tiêu chuẩn, điều kiện đối với cán bộ đã được phê duyệt quy hoạch để kịp thời đào tạo, bồi "
     "dưỡng, luân chuyển, điều động để đáp ứng nhu cầu cán bộ khi tiến hành bổ nhiệm.", D(2019, 12, 31),
     "cadre_planning"),
    ("Lãnh đạo rà soát, bổ sung quy hoạch theo định kỳ hàng năm gắn với công tác quản lý, kiểm tra, đánh giá cán "
     "bộ; tăng cường tạo nguồn cán bộ trẻ để bổ sung quy hoạch, đào tạo, bồi dưỡng.", D(2020, 3, 31),
     "cadre_planning"),
    ("Thực hiện luân chuyển bố trí cán bộ quy hoạch tiếp cận chức danh để nâng cao tính khả thi và đảm bảo cơ cấu "
     "cán bộ nữ, trẻ tham gia cấp ủy nhiệm kỳ 2020 - 2025.", D(2020, 6, 30), "rotation_appointment"),
    ("Tiếp tục nghiên cứu, rà soát, điều chỉnh, sửa đổi, bổ sung quy chế làm việc của cấp ủy, nhất là các quy định, "
     "quy trình có liên quan đến công tác quy hoạch, đào tạo, bồi dưỡng, luân chuyển cán bộ theo chỉ đạo của Trung "
     "ương, Thành ủy, hướng dẫn của Ban Tổ chức Thành ủy.", D(2019, 12, 31), "cadre_planning"),
    ("Quán triệt và thực hiện nghiêm các quy định của Trung ương, Thành ủy, Ban Tổ chức Thành ủy về công tác quy "
     "hoạch cán bộ; hướng dẫn, hỗ trợ cấp ủy cơ sở thực hiện tốt công tác quy hoạch cán bộ đảm bảo theo quy định.",
     D(2019, 12, 31), "cadre_planning"),
    ("Lãnh đạo thực hiện công tác kiểm tra, giám sát chuyên đề về công tác quy hoạch, đào tạo, luân chuyển cán bộ "
     "tại cấp ủy cơ sở.", D(2020, 6, 30), "cadre_planning"),
    ("Có kế hoạch, giải pháp cụ thể, có chế độ khuyến khích để chọn cử cán bộ trong diện quy hoạch các chức danh "
     "lãnh đạo, quản lý tham gia các lớp cao cấp lý luận chính trị.", D(2020, 6, 30), "political_theory"),
    ("Rà soát các trường hợp đã học cử nhân chính trị nhưng không thuộc đối tượng được xác nhận tương đương và học "
     "hoàn chỉnh cao cấp lý luận chính trị, cử đi học để đảm bảo tiêu chuẩn chính trị.", D(2020, 12, 31),
     "political_theory"),
]
# Per committee, the outcome of each of the eight requirements (demo).
OUTCOME_2 = {
    "qu-q7": ["verified"] * 8,
    "hu-hocmon": ["verified"] * 6 + ["progress", "reported"],
    "du-resco": ["verified"] * 4 + ["reopened", "open", "open", "open"],
    "du-daihoc": ["verified", "verified", "extended", "open", "open", "open", "open", "open"],
}

TAG_NAMES = {
    "tu-ra-soat-suy-thoai-chua-chat-che": "Tự rà soát, nhận diện biểu hiện suy thoái chưa chặt chẽ",
    "ty-le-htxsnv": "Tỷ lệ xếp loại “Hoàn thành xuất sắc nhiệm vụ” chưa đúng quy định",
    "ket-luan-phan-loai-chua-dam-bao": "Kết luận phân loại tổ chức đảng chưa đảm bảo tiêu chí",
    "noi-dung-chuyen-mon": "Nội dung sinh hoạt chủ yếu về chuyên môn",
    "tu-phe-binh-yeu": "Tự phê bình và phê bình yếu",
    "dang-vien-tre-it-phat-bieu": "Đảng viên trẻ ít phát biểu",
    "khong-kiem-diem-nhiem-vu-thang": "Không kiểm điểm nhiệm vụ trong tháng của đảng viên",
    "co-cau-ket-nap-chua-deu": "Cơ cấu kết nạp chưa đều",
    "giao-khoan-ket-nap": "Giao khoán công tác kết nạp cho cán bộ chuyên trách",
    "chuan-hoa-llct": "Chuẩn hóa lý luận chính trị chưa đạt",
    "chua-phoi-hop-dao-tao-trung-cap": "Chưa phối hợp đào tạo trung cấp lý luận chính trị",
    "quy-hoach-cham": "Quy hoạch cán bộ chậm",
    "luan-chuyen-kho-khan": "Luân chuyển cán bộ còn khó khăn",
    "khong-co-chinh-quyen-cung-cap": "Không có chính quyền cùng cấp",
}

STRENGTH_3 = ("Ban Thường vụ xây dựng kế hoạch và tổ chức thực hiện Chỉ thị số 35-CT/TW; chuẩn bị văn kiện, "
              "nhân sự đại hội theo hướng dẫn (nội dung minh họa).")
GROUP_3 = ["qu-q3", "qu-q7", "hu-cuchi", "hu-hocmon", "du-saigontourist", "du-resco", "du-nganhang", "du-daihoc"]

# A one-page PDF, enough to show the stored hash and type check.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
            b"endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


class Demo:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.org = {o.code: o for o in Organization.objects.all()}
        self.board = User.objects.get(username="chuyenvien")
        self.head = User.objects.get(username="truongdoan")
        self.reporter_cuchi = User.objects.get(username="baocao_cuchi")
        self.topics = {t.code: t for t in Topic.objects.all()}
        self.created = 0

    def say(self, text):
        if self.stdout:
            self.stdout.write(text)

    # --- documents -------------------------------------------------------------------
    def document(self, *, issuer=None, issuer_code="", doc_type, issued_on, subject, number=None, signer_title="",
                 notes="", bases=()):
        issuer_org = self.org[issuer] if issuer else None
        term = Term.objects.for_date(issued_on)
        existing = Document.objects.filter(doc_type=doc_type, term=term, subject=subject)
        existing = existing.filter(issuer=issuer_org) if issuer_org else existing.filter(issuer_code=issuer_code)
        if existing.exists():
            return existing.get()
        self.created += 1
        return services.document_create(
            user=self.board, issuer=issuer_org, issuer_code=issuer_code, doc_type=doc_type, number=number, term=term,
            issued_on=issued_on, subject=subject, signer_title=signer_title, notes=notes, bases=bases,
            confidentiality=Confidentiality.NORMAL)

    def illustrative(self, issuer, doc_type, issued_on, subject, bases=(), notes=ILLUSTRATIVE):
        return self.document(issuer=issuer, doc_type=doc_type, issued_on=issued_on, subject=subject,
                             notes=notes, bases=bases,
                             signer_title="T/M BAN THƯỜNG VỤ" if issuer == "tu-hcm" else "TRƯỞNG BAN")

    # --- programs ----------------------------------------------------------------------
    def program(self, *, year, title, basis, items, notes=""):
        program = InspectionProgram.objects.filter(authority=self.org["tu-hcm"], year=year, title=title).first()
        if program:
            return program
        self.created += 1
        return services.program_create(
            user=self.board, authority=self.org["tu-hcm"], year=year, title=title, basis_document=basis, notes=notes,
            items=[{**item, "topic": self.topics[item["topic"]], "responsible": self.org["btc-tu"],
                    "target_organizations": [self.org[c] for c in item["target_organizations"]]} for item in items])

    # --- inspections -------------------------------------------------------------------
    def inspection(self, *, code, title, item, topics, targets, period, planned, decided_on, started_on,
                   basis_docs=()):
        decision = self.illustrative("btc-tu", DocumentType.QD, decided_on,
                                     f"Quyết định thành lập Đoàn kiểm tra: {title[:200]}")
        plan = self.illustrative("btc-tu", DocumentType.KH, decided_on,
                                 f"Kế hoạch kiểm tra: {title[:200]}", bases=basis_docs)
        inspection = services.inspection_create(
            user=self.board, code=code, title=title, year=planned[0].year, program_item=item,
            authority=self.org["tu-hcm"], conducted_by=self.org["btc-tu"], form=InspectionForm.PERIODIC,
            topics=[self.topics[t] for t in topics], targets=[self.org[c] for c in targets],
            team=[{"role": TeamRole.HEAD, "user": self.head, "position": "Lãnh đạo Ban Tổ chức Thành ủy"},
                  {"role": TeamRole.MEMBER, "user": self.board, "position": "Chuyên viên Ban Tổ chức Thành ủy"}],
            decision_document=decision, plan_document=plan, period_start=period[0], period_end=period[1],
            planned_start=planned[0], planned_end=planned[1])
        services.inspection_decide(user=self.head, inspection=inspection, at=at(decided_on),
                                   note="Ban hành quyết định thành lập đoàn và kế hoạch kiểm tra.")
        services.inspection_start(user=self.head, inspection=inspection, actual_start=started_on,
                                  at=at(started_on), note="Công bố quyết định kiểm tra tại các đơn vị.")
        return inspection

    def self_reports(self, inspection, codes, received_on):
        for code in codes:
            services.self_report_receive(user=self.board, inspection=inspection, organization=self.org[code],
                                         received_on=received_on, note="Báo cáo tự kiểm tra của Ban Thường vụ.")

    def findings(self, inspection, codes, strengths, limitations, only=None):
        made = {}
        for code in codes:
            for topic, text in strengths:
                services.finding_create(user=self.board, inspection=inspection, organization=self.org[code],
                                        topic=self.topics[topic], kind=FindingKind.STRENGTH, text=text)
            for topic, severity, tags, text in limitations:
                if only and tags[0] in only and code not in only[tags[0]]:
                    continue
                finding = services.finding_create(
                    user=self.board, inspection=inspection, organization=self.org[code], topic=self.topics[topic],
                    kind=FindingKind.LIMITATION, severity=severity, text=text, tags=tags)
                made.setdefault((code, topic), []).append(finding)
                for record_type, record_id in self.evidence_of(tags[0], self.org[code]):
                    services.finding_add_evidence(user=self.board, finding=finding, record_type=record_type,
                                                  record_id=record_id)
        return made

    def evidence_of(self, tag, organization):
        """The records a limitation of the first inspection cites (its 2018 data)."""
        if tag == "ty-le-htxsnv":
            return [("organizations.qualityrating", pk) for pk in QualityRating.objects.filter(
                organization=organization, year=2018, subject="organizations").values_list("pk", flat=True)]
        if tag == "co-cau-ket-nap-chua-deu":
            return [("organizations.admissionyear", pk) for pk in AdmissionYear.objects.filter(
                organization=organization, year=2018).values_list("pk", flat=True)] + [
                ("organizations.membershipstructure", pk) for pk in MembershipStructure.objects.filter(
                    organization=organization, year=2018).values_list("pk", flat=True)]
        if tag == "tu-phe-binh-yeu":
            return [("organizations.cellmeeting", pk) for pk in CellMeeting.objects.within(organization).filter(
                date__year=2018, criticism_held=False, date__gte=D(2018, 7, 6)).values_list("pk", flat=True)]
        return []

    def conclude(self, inspection, codes, *, issued_on, summary, section):
        services.inspection_report(user=self.head, inspection=inspection, at=at(issued_on - datetime.timedelta(7)),
                                   note="Đoàn báo cáo kết quả kiểm tra, trao đổi với Ban Thường vụ các đơn vị.")
        document = self.illustrative("tu-hcm", DocumentType.TB, issued_on, f"Thông báo kết luận kiểm tra: "
                                     f"{inspection.title[:200]}", notes=ILLUSTRATIVE_SIGNED)
        return services.conclusion_create(
            user=self.board, inspection=inspection, summary=summary, document=document,
            sections=[{"organization": self.org[c], "text": section % {"org": self.org[c].name}} for c in codes])

    def follow(self, requirement, outcome, *, issued_on, code):
        """Walk one requirement to its demo outcome through the services."""
        reporter = self.reporter_cuchi if code == "hu-cuchi" else self.board
        reported_on = issued_on + datetime.timedelta(days=120)
        if outcome == "open":
            return
        if outcome == "extended":
            extension = services.extension_request(
                user=reporter, requirement=requirement, requested_deadline=requirement.deadline + datetime.timedelta(182),
                reason="Đơn vị tập trung chuẩn bị đại hội đảng bộ các cấp nhiệm kỳ 2020 - 2025, đề nghị gia hạn.",
                at=at(requirement.deadline - datetime.timedelta(days=10)))
            services.extension_decide(user=self.head, extension=extension, approve=True,
                                      note="Đồng ý gia hạn; đơn vị báo cáo tiến độ định kỳ.",
                                      at=at(requirement.deadline - datetime.timedelta(days=5)))
            services.progress_report_submit(user=reporter, requirement=requirement, percent=60,
                                            text="Đã xây dựng kế hoạch khắc phục, đang triển khai tại các cơ sở.",
                                            at=at(requirement.original_deadline + datetime.timedelta(days=30)))
            return
        if outcome == "progress":
            services.progress_report_submit(user=reporter, requirement=requirement, percent=50,
                                            text="Đã triển khai một phần, đang tiếp tục thực hiện.",
                                            at=at(reported_on))
            return
        files = [ContentFile(DEMO_PDF, name=f"bao-cao-khac-phuc-{code}.pdf")] if code == "qu-q3" else []
        services.progress_report_submit(user=reporter, requirement=requirement, percent=100, files=files,
                                        text="Đơn vị đã hoàn thành việc khắc phục, có báo cáo kèm theo.",
                                        at=at(reported_on))
        if outcome == "reported":
            return
        if outcome == "reopened":
            services.requirement_reopen(user=self.head, requirement=requirement, at=at(reported_on + datetime.timedelta(14)),
                                        comment="Báo cáo chưa nêu kết quả cụ thể; đề nghị bổ sung số liệu, minh chứng.")
            return
        services.requirement_verify(user=self.head, requirement=requirement,
                                    at=at(reported_on + datetime.timedelta(days=14)),
                                    comment="Ban Tổ chức Thành ủy xác nhận đơn vị đã khắc phục.")

    # --- the story -----------------------------------------------------------------------
    def run(self):
        for slug, name in TAG_NAMES.items():
            Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tb_3150 = self.document(**TB_3150)
        ct_35 = self.document(**CT_35)
        p2019 = self.program(
            year=2019, basis=tb_3150,
            title="Chương trình kiểm tra, giám sát năm 2019 của Ban Thường vụ Thành ủy (các nội dung do Ban Tổ chức "
                  "Thành ủy chủ trì)",
            items=[
                {"order": 1, "topic": "quality_rating", "planned_start": D(2019, 4, 15), "planned_end": D(2019, 6, 30),
                 "title": "Kiểm tra việc kiểm điểm, đánh giá, phân tích chất lượng tổ chức Đảng, đảng viên năm 2018; "
                          "chất lượng sinh hoạt chi bộ và công tác phát triển đảng viên",
                 "target_organizations": GROUP_1},
                {"order": 2, "topic": "cadre_planning", "planned_start": D(2019, 7, 1), "planned_end": D(2019, 9, 30),
                 "title": "Kiểm tra việc lãnh đạo, chỉ đạo, thực hiện công tác quy hoạch, đào tạo, bồi dưỡng, luân "
                          "chuyển cán bộ chuẩn bị đại hội Đảng các cấp nhiệm kỳ 2020 - 2025",
                 "target_organizations": GROUP_2},
                {"order": 3, "topic": "political_theory", "planned_start": D(2019, 10, 1),
                 "planned_end": D(2019, 12, 15),
                 "title": "Giám sát chuyên đề việc chuẩn hóa trình độ lý luận chính trị của cán bộ lãnh đạo chủ chốt",
                 "target_organizations": GROUP_2,
                 "notes": "Nội dung minh họa: bài viết nêu “tiến độ một số nội dung có chậm so với kế hoạch đề ra” "
                          "nhưng không nói nội dung nào; nội dung này chưa triển khai."},
            ])
        p2020 = self.program(
            year=2020, basis=None,
            title="Chương trình kiểm tra, giám sát năm 2020 của Ban Thường vụ Thành ủy (các nội dung do Ban Tổ chức "
                  "Thành ủy chủ trì)",
            notes="Văn bản ban hành chương trình năm 2020 không được nêu trong bài viết nguồn.",
            items=[{"order": 1, "topic": "congress_preparation", "planned_start": D(2020, 3, 1),
                    "planned_end": D(2020, 6, 30),
                    "title": "Kiểm tra vai trò lãnh đạo, chỉ đạo của cấp ủy trong xây dựng kế hoạch và tổ chức thực "
                             "hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị; việc chuẩn bị, tổ chức đại "
                             "hội Đảng bộ của quận ủy, huyện ủy, đảng ủy cấp trên cơ sở trực thuộc Thành ủy",
                    "target_organizations": GROUP_3}])
        items_2019 = list(p2019.items.order_by("order"))
        if not Inspection.objects.filter(code="KT-2019-01").exists():
            self.inspection_1(items_2019[0], tb_3150)
        if not Inspection.objects.filter(code="KT-2019-02").exists():
            self.inspection_2(items_2019[1], tb_3150)
        if not Inspection.objects.filter(code="KT-2020-01").exists():
            self.inspection_3(p2020.items.get(), ct_35)

    def inspection_1(self, item, basis):
        self.created += 1
        inspection = self.inspection(
            code="KT-2019-01", title=item.title, item=item, basis_docs=[basis],
            topics=["quality_rating", "cell_meetings", "admission"], targets=GROUP_1,
            period=(D(2018, 1, 1), D(2018, 12, 31)), planned=(D(2019, 5, 6), D(2019, 6, 19)),
            decided_on=D(2019, 4, 22), started_on=D(2019, 5, 6))
        self.self_reports(inspection, GROUP_1, D(2019, 5, 20))
        self.findings(inspection, GROUP_1, STRENGTHS_1, LIMITATIONS_1, only=ONLY_1)
        issued_on = D(2019, 7, 2)
        conclusion = self.conclude(
            inspection, GROUP_1, issued_on=issued_on,
            summary="Ban Thường vụ cấp ủy các đơn vị chủ động cụ thể hóa tiêu chí đánh giá, quan tâm chỉ đạo nâng cao "
                    "chất lượng sinh hoạt chi bộ và công tác kết nạp đảng viên. Tuy nhiên, vẫn còn một số hạn chế về "
                    "tự rà soát, nhận diện biểu hiện suy thoái, tỷ lệ tổ chức đảng xếp loại “Hoàn thành xuất sắc "
                    "nhiệm vụ”, chất lượng sinh hoạt chi bộ và cơ cấu đảng viên được kết nạp.",
            section="Yêu cầu Ban Thường vụ %(org)s có các giải pháp cụ thể, hiệu quả để phát huy các mặt làm được "
                    "và khắc phục các tồn tại, hạn chế.")
        requirements = {}
        for code in GROUP_1:
            text, deadline, _topic = REQUIREMENTS_1[0]
            requirements[code] = services.requirement_create(
                user=self.board, conclusion=conclusion, organization=self.org[code], text=text, deadline=deadline,
                findings=inspection.findings.filter(organization=self.org[code], kind=FindingKind.LIMITATION),
                at=at(issued_on, 8))
        services.conclusion_issue(user=self.head, conclusion=conclusion, at=at(issued_on), **DEMO_SIGNER)
        services.inspection_follow_up(user=self.head, inspection=inspection, at=at(issued_on, 15))
        for code, requirement in requirements.items():
            self.follow(requirement, OUTCOME_1[code], issued_on=issued_on, code=code)
        self.say("  KT-2019-01: Quận 3, Củ Chi, Saigontourist, Khối Ngân hàng")

    def inspection_2(self, item, basis):
        self.created += 1
        inspection = self.inspection(
            code="KT-2019-02", title=item.title, item=item, basis_docs=[basis],
            topics=["training", "rotation_appointment", "cadre_planning", "political_theory"], targets=GROUP_2,
            period=(D(2017, 1, 1), D(2019, 6, 30)), planned=(D(2019, 8, 5), D(2019, 9, 18)),
            decided_on=D(2019, 7, 22), started_on=D(2019, 8, 5))
        self.self_reports(inspection, GROUP_2, D(2019, 8, 19))
        self.findings(inspection, GROUP_2, STRENGTHS_2, LIMITATIONS_2)
        topic, severity, tags, text = LIMITATION_DAIHOC
        services.finding_create(user=self.board, inspection=inspection, organization=self.org["du-daihoc"],
                                topic=self.topics[topic], kind=FindingKind.LIMITATION, severity=severity, text=text,
                                tags=tags)
        issued_on = D(2019, 9, 25)
        conclusion = self.conclude(
            inspection, GROUP_2, issued_on=issued_on,
            summary="Công tác đào tạo, bồi dưỡng, luân chuyển, điều động, bổ nhiệm và quy hoạch cán bộ được quan tâm "
                    "thực hiện đúng quy trình. Tuy nhiên, công tác chuẩn hóa trình độ lý luận chính trị chưa đạt yêu "
                    "cầu, công tác quy hoạch còn chậm, công tác luân chuyển còn gặp khó khăn.",
            section="Ban Thường vụ %(org)s thực hiện các yêu cầu khắc phục nêu trong Thông báo này.")
        for code in GROUP_2:
            for text, deadline, topic in REQUIREMENTS_2:
                services.requirement_create(
                    user=self.board, conclusion=conclusion, organization=self.org[code], text=text,
                    deadline=deadline, at=at(issued_on, 8),
                    findings=inspection.findings.filter(organization=self.org[code], topic__code=topic,
                                                        kind=FindingKind.LIMITATION))
        services.conclusion_issue(user=self.head, conclusion=conclusion, at=at(issued_on), **DEMO_SIGNER)
        services.inspection_follow_up(user=self.head, inspection=inspection, at=at(issued_on, 15))
        for code in GROUP_2:
            for requirement, outcome in zip(conclusion.requirements.filter(organization=self.org[code]).order_by("pk"),
                                            OUTCOME_2[code], strict=True):
                self.follow(requirement, outcome, issued_on=issued_on, code=code)
        self.say("  KT-2019-02: Quận 7, Hóc Môn, Địa ốc Sài Gòn, Khối Đại học, Cao đẳng")

    def inspection_3(self, item, ct_35):
        self.created += 1
        inspection = self.inspection(
            code="KT-2020-01", title=item.title, item=item, basis_docs=[ct_35],
            topics=["congress_preparation"], targets=GROUP_3,
            period=(D(2019, 5, 30), D(2020, 2, 29)), planned=(D(2020, 3, 2), D(2020, 4, 15)),
            decided_on=D(2020, 2, 17), started_on=D(2020, 3, 2))
        self.self_reports(inspection, GROUP_3, D(2020, 3, 16))
        for code in GROUP_3:
            services.finding_create(user=self.board, inspection=inspection, organization=self.org[code],
                                    topic=self.topics["congress_preparation"], kind=FindingKind.STRENGTH,
                                    text=STRENGTH_3)
        # Concluded in its year (the article gives no result: the notice is illustrative, without requirements).
        issued_on = D(2020, 5, 12)
        conclusion = self.conclude(
            inspection, GROUP_3, issued_on=issued_on,
            summary="Cấp ủy các đơn vị xây dựng kế hoạch và tổ chức thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của "
                    "Bộ Chính trị, chuẩn bị văn kiện và nhân sự đại hội đảng bộ nhiệm kỳ 2020 - 2025 (nội dung minh "
                    "họa: bài viết nguồn không nêu kết quả cuộc kiểm tra này).",
            section="Ban Thường vụ %(org)s tiếp tục lãnh đạo chuẩn bị đại hội theo Chỉ thị số 35-CT/TW.")
        services.conclusion_issue(user=self.head, conclusion=conclusion, at=at(issued_on), **DEMO_SIGNER)
        services.inspection_close(user=self.head, inspection=inspection, at=at(D(2020, 6, 15)),
                                  note="Không có yêu cầu khắc phục; kết thúc cuộc kiểm tra.")
        self.say("  KT-2020-01: Chỉ thị 35-CT/TW, kết luận ngày 12/5/2020")


def load(stdout=None):
    demo = Demo(stdout)
    demo.run()
    ensure_schedules()
    if stdout:
        stdout.write(f"Inspection demo: {Inspection.objects.count()} inspections ({demo.created} parts new)")
    return demo.created


def demo_pdf_sha256():
    return hashlib.sha256(DEMO_PDF).hexdigest()
