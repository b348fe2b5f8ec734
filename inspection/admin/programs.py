"""Annual inspection programs and their items, with the state against the plan."""
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedHistoryAdmin

from ..choices import ProgramItemState
from ..models import InspectionProgram, ProgramItem
from ..selectors import with_plan_state
from .base import Inline


class ProgramItemInline(Inline):
    model = ProgramItem
    fields = ["order", "topic", "title", "target_organizations", "responsible", "planned_start", "planned_end"]
    autocomplete_fields = ["target_organizations", "responsible"]


@admin.register(InspectionProgram)
class ProgramAdmin(ScopedHistoryAdmin):
    list_display = ["title", "year", "authority", "basis_document"]
    list_filter = ["year"]
    search_fields = ["title"]
    autocomplete_fields = ["authority", "basis_document"]
    inlines = [ProgramItemInline]
    list_select_related = ["authority", "basis_document"]


@admin.register(ProgramItem)
class ProgramItemAdmin(ScopedHistoryAdmin):
    """Items with their state against the plan, as of today."""

    list_display = ["title", "program", "topic", "planned_start", "planned_end", "state"]
    list_filter = ["program__year", "topic"]
    autocomplete_fields = ["target_organizations", "responsible", "program"]
    search_fields = ["title"]
    list_select_related = ["program", "topic"]

    def get_queryset(self, request):
        return with_plan_state(super().get_queryset(request), timezone.localdate())

    @admin.display(description=_("Tiến độ so với kế hoạch"))
    def state(self, obj):
        label = ProgramItemState(obj.plan_state).label
        return f"{label} (trễ)" if obj.behind_plan and obj.plan_state == ProgramItemState.DONE else label
