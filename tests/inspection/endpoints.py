"""The inspection app's endpoints, declared once (tests/api_spec.py). A row of
"Quận 3" is an inspection of Quận 3's ward walked through the services by the Board."""
import itertools

from inspection import services
from inspection.choices import InspectionStatus as S
from tests.api_spec import Endpoint
from tests.organizations.factories import TermFactory

from .factories import D, DocumentFactory, topic, walk

_numbers = itertools.count(1)


def _document(w, org):
    return DocumentFactory(issuer=org, issuer_code="DU", term=TermFactory(), number=1000 + next(_numbers))


def _program(w, org):
    return services.program_create(user=w.board, authority=org, year=2019,
                                   title=f"Chương trình kiểm tra số {next(_numbers)}")


def _item(w, org):
    return services.program_item_create(
        user=w.board, program=_program(w, org), topic=topic(), title="Kiểm tra xếp loại", responsible=org,
        planned_start=D(2019, 4, 1), planned_end=D(2019, 6, 30), target_organizations=[org])


def _walked(w, org, status=S.DRAFT):
    TermFactory()
    return walk(w.tree, w.board, targets=[org], status=status, deadline=D(2030, 12, 31))


def _requirement(w, org):
    return next(iter(_walked(w, org, S.FOLLOWING_UP).requirements.values()))


def _reported(w, org):
    requirement = _requirement(w, org)
    return services.progress_report_submit(user=w.board, requirement=requirement, text="Đã làm", percent=40)


def _extension(w, org):
    return services.extension_request(user=w.board, requirement=_requirement(w, org),
                                      requested_deadline=D(2031, 6, 30), reason="Cần thêm thời gian")


def _note(w, obj):
    return {"note": "Ghi chú"}


ENDPOINTS = [
    Endpoint("topics", scoped=False, paginated=False),
    Endpoint(
        "documents", make=_document, update={"subject": "Đã sửa"}, delete=True,
        create=lambda w, org: {"issuer": org.pk, "issuer_code": "DU", "doc_type": "TB", "number": 1,
                               "issued_on": "2019-04-01", "subject": "Thông báo"} if TermFactory() else None,
    ),
    Endpoint("programs", make=_program, update={"title": "Đã sửa"}, delete=True,
             create=lambda w, org: {"authority": org.pk, "year": 2020, "title": "Chương trình 2020"}),
    Endpoint("program-items", make=_item, update={"title": "Đã sửa"}, delete=True),
    Endpoint("inspections", make=lambda w, org: _walked(w, org).inspection, update={"title": "Đã sửa"},
             delete=True, actions={"cancel": (_note, 200)}),
    Endpoint("findings", make=lambda w, org: next(iter(_walked(w, org, S.REPORTING).findings.values())),
             update={"text": "Đã sửa nội dung"}),
    Endpoint("conclusions", make=lambda w, org: _walked(w, org, S.CONCLUDED).conclusion),
    Endpoint("remediation-requirements", make=_requirement, update={"priority": "high"}),
    Endpoint("progress-reports", make=_reported),
    Endpoint("deadline-extensions", make=_extension, actions={"approve": (_note, 200)}),
]


