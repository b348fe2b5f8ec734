"""XLSX import runs over the API: POST a file (multipart) to import it. A
small file is imported at once (201, the finished run); a large one is
stored and imported by the worker (202, the queued run, with `Location`), to
be followed at GET /api/v1/cadre-imports/{id}/ (status, stage, rows done /
total, then the counts and every rejected row). Only the uploader sees a run."""
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response

from core.parsers import MultiPartParser
from core.strict import check_query

from ..import_jobs import import_start, imports_for
from ..models import CadreImport


class ImportRowErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    message = serializers.CharField()


class CadreImportSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, help_text="Phần trăm đã xử lý (ước tính).")
    counts = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()), read_only=True,
        help_text="Theo sheet (cadres, planning, training): rows, rejected, created, updated, unchanged.",
    )
    errors = ImportRowErrorSerializer(many=True, read_only=True)

    class Meta:
        model = CadreImport
        fields = ["id", "created_at", "finished_at", "filename", "only_valid", "status", "stage", "rows_done",
                  "rows_total", "percent", "saved", "counts", "errors", "error"]
        read_only_fields = fields


class CadreImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp .xlsx theo mẫu (sheet «Cán bộ», «Quy hoạch», «Đào tạo»).")
    only_valid = serializers.BooleanField(default=False, help_text="Chỉ ghi các dòng hợp lệ (bỏ qua dòng lỗi).")


class CadreImportListView(generics.ListAPIView):
    """Your import runs, newest first (POST: import a file; 201 done at once, 202 queued for the worker)."""

    serializer_class = CadreImportSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        return imports_for(self.request.user).order_by("-created_at", "-pk")

    def list(self, request, *args, **kwargs):
        check_query(request)
        return super().list(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": CadreImportUploadSerializer},
                   responses={201: CadreImportSerializer, 202: CadreImportSerializer})
    def post(self, request):
        """Import an XLSX file of cadres, planning entries and training records: all rows or none
        (unless `only_valid`); a large file is imported by the worker (202), follow its run."""
        upload = CadreImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        run, result = import_start(file, user=request.user, only_valid=upload.validated_data["only_valid"],
                                   filename=file.name)
        data = CadreImportSerializer(run).data
        if result is not None:
            return Response(data, status=status.HTTP_201_CREATED)
        location = request.build_absolute_uri(f"{request.path}{run.pk}/")
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


class CadreImportDetailView(generics.RetrieveAPIView):
    """One of your import runs: its status and progress while it runs, then its counts and rejected rows."""

    serializer_class = CadreImportSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return imports_for(self.request.user)
