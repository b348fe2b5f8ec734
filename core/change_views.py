"""GET /api/v1/changes/?since=<cursor>: what changed in the reader's scope, in order."""
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .changes import Change, changes_for, detail_url_names
from .inputs import query_int
from .strict import check_query

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class ChangeSerializer(serializers.ModelSerializer):
    cursor = serializers.CharField(source="pk", help_text="Con trỏ để đọc tiếp sau thay đổi này.")
    id = serializers.CharField(source="object_id", help_text="Mã của bản ghi đã thay đổi.")
    url = serializers.SerializerMethodField(help_text="Địa chỉ API của bản ghi (null khi đã xóa hoặc không có).")

    class Meta:
        model = Change
        fields = ["cursor", "model", "id", "action", "changed_at", "url"]

    def get_url(self, change) -> str | None:
        name = detail_url_names().get(change.model)
        if name is None or change.action == Change.Action.DELETED:
            return None
        try:
            return self.context["request"].build_absolute_uri(reverse(name, args=[change.object_id]))
        except NoReverseMatch:
            return None


class ChangeFeedView(APIView):
    """The change feed: created, updated and deleted records in the reader's scope,
    oldest first. Start with `since=0`, then pass the `next_cursor` of each answer;
    an empty `results` with `has_more: false` means the reader is up to date."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("since", OpenApiTypes.INT, description="Con trỏ của thay đổi cuối đã đọc (0: từ đầu)."),
            OpenApiParameter("limit", OpenApiTypes.INT, description=f"Số thay đổi mỗi trang (1–{MAX_LIMIT}, "
                                                                    f"mặc định {DEFAULT_LIMIT})."),
        ],
        responses=inline_serializer("ChangePage", {
            "results": ChangeSerializer(many=True),
            "next_cursor": serializers.CharField(),
            "has_more": serializers.BooleanField(),
        }),
    )
    def get(self, request):
        check_query(request)
        since = query_int(request.query_params, "since", default=0, minimum=0)
        limit = query_int(request.query_params, "limit", default=DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT)
        rows = list(changes_for(request.user).filter(pk__gt=since).order_by("pk")[:limit + 1])
        has_more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = rows[-1].pk if rows else since
        data = ChangeSerializer(rows, many=True, context={"request": request}).data
        return Response({"results": data, "next_cursor": str(next_cursor), "has_more": has_more})
