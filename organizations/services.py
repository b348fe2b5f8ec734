"""Changes to the organization tree. The tree keeps its past: organizations are
closed (valid_to) and linked to successors, never deleted."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError

from .choices import SuccessionKind
from .models import Organization, OrganizationSuccession


def _save(instance):
    try:
        instance.full_clean()
        instance.save()
    except ValidationError as exc:
        raise ApplicationError(_("Dữ liệu không hợp lệ."), fields=exc.message_dict) from exc
    return instance


@transaction.atomic
def organization_create(*, parent=None, **fields) -> Organization:
    return _save(Organization(parent=parent, **fields))


@transaction.atomic
def organization_move(*, organization: Organization, new_parent: Organization | None) -> Organization:
    """Move a subtree; every descendant's path follows. A cycle is refused."""
    if new_parent is not None and (
        new_parent.pk == organization.pk or new_parent.path.startswith(organization.path)
    ):
        raise ApplicationError(
            _("Không thể chuyển %(org)s vào chính nó hoặc vào tổ chức cấp dưới của nó.") % {"org": organization},
            code="tree_cycle",
            fields={"parent": [_("Chọn một tổ chức không thuộc cây của tổ chức đang chuyển.")]},
        )
    organization.parent = new_parent
    return _save(organization)


@transaction.atomic
def organization_reorganize(
    *,
    predecessors: list[Organization],
    successor: Organization,
    effective_date: datetime.date,
    kind: str = SuccessionKind.MERGED_INTO,
    basis: str = "",
) -> list[OrganizationSuccession]:
    """Close each predecessor the day before `effective_date` and link it to
    its successor. Past records keep pointing at the predecessors."""
    links = []
    for predecessor in predecessors:
        if predecessor.pk == successor.pk:
            raise ApplicationError(_("Một tổ chức không thể kế thừa chính nó."), code="succession_self")
        if predecessor.valid_to is None or predecessor.valid_to >= effective_date:
            predecessor.valid_to = effective_date - datetime.timedelta(days=1)
            _save(predecessor)
        link, _created = OrganizationSuccession.objects.get_or_create(
            predecessor=predecessor, successor=successor, kind=kind,
            defaults={"effective_date": effective_date, "basis": basis},
        )
        links.append(link)
    if successor.valid_from is None:
        successor.valid_from = effective_date
        _save(successor)
    return links


@transaction.atomic
def organization_update(*, organization: Organization, **fields) -> Organization:
    if "parent" in fields and fields["parent"] != organization.parent:
        organization_move(organization=organization, new_parent=fields.pop("parent"))
    fields.pop("parent", None)
    for key, value in fields.items():
        setattr(organization, key, value)
    return _save(organization)


def organization_delete(*, organization: Organization):
    raise ApplicationError(
        _("Không xóa tổ chức đảng: hãy ghi ngày hết hiệu lực và tổ chức kế thừa để giữ lịch sử."),
        code="delete_forbidden",
        status=409,
    )
