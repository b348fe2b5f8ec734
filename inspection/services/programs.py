"""Annual programs and their items."""
import datetime

from django.db import transaction

from core.services import model_perm, protected_delete, require_change, require_organization, set_fields, validated_save
from organizations.models import Organization

from ..models import Document, InspectionProgram, ProgramItem, Topic

PROGRAM_FIELDS = ("authority", "year", "title", "basis_document", "notes")
ITEM_FIELDS = ("order", "topic", "title", "responsible", "planned_start", "planned_end", "notes")


@transaction.atomic
def program_create(*, user, authority: Organization, year: int, title: str, basis_document: Document | None = None,
                   notes: str = "", items=()) -> InspectionProgram:
    """Create a program and, optionally, its items (dicts of program_item_create's arguments)."""
    require_organization(user, authority, "authority")
    program = validated_save(InspectionProgram(authority=authority, year=year, title=title,
                                               basis_document=basis_document, notes=notes))
    for item in items:
        program_item_create(user=user, program=program, **item)
    return program


@transaction.atomic
def program_update(*, user, program: InspectionProgram, **fields) -> InspectionProgram:
    require_change(user, program)
    if "authority" in fields:
        require_organization(user, fields["authority"], "authority")
    set_fields(program, fields, PROGRAM_FIELDS)
    return validated_save(program)


@transaction.atomic
def program_delete(*, user, program: InspectionProgram):
    require_change(user, program, model_perm(InspectionProgram, "delete"))
    protected_delete(program)


@transaction.atomic
def program_item_create(*, user, program: InspectionProgram, topic: Topic, title: str, responsible: Organization,
                        planned_start: datetime.date, planned_end: datetime.date, target_organizations=(),
                        order: int = 0, notes: str = "") -> ProgramItem:
    require_change(user, program, model_perm(ProgramItem, "add"))
    for organization in target_organizations:
        require_organization(user, organization, "target_organizations")
    item = validated_save(ProgramItem(program=program, topic=topic, title=title, responsible=responsible,
                                      planned_start=planned_start, planned_end=planned_end, order=order,
                                      notes=notes))
    item.target_organizations.set(target_organizations)
    return item


@transaction.atomic
def program_item_update(*, user, item: ProgramItem, target_organizations=None, **fields) -> ProgramItem:
    require_change(user, item)
    set_fields(item, fields, ITEM_FIELDS)
    validated_save(item)
    if target_organizations is not None:
        for organization in target_organizations:
            require_organization(user, organization, "target_organizations")
        item.target_organizations.set(target_organizations)
    return item


@transaction.atomic
def program_item_delete(*, user, item: ProgramItem):
    require_change(user, item, model_perm(ProgramItem, "delete"))
    protected_delete(item)
