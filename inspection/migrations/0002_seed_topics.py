"""The eight topics of the seed (domain.md §4). Codes are a contract shared
with the reports and rule-engine apps; names stay editable in the admin."""
from django.db import migrations

TOPICS = [
    ("quality_rating", "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên"),
    ("cell_meetings", "Chất lượng sinh hoạt chi bộ"),
    ("admission", "Công tác phát triển đảng viên"),
    ("cadre_planning", "Công tác quy hoạch cán bộ"),
    ("training", "Công tác đào tạo, bồi dưỡng cán bộ"),
    ("rotation_appointment", "Luân chuyển, điều động, bổ nhiệm cán bộ"),
    ("political_theory", "Chuẩn hóa trình độ lý luận chính trị"),
    ("congress_preparation", "Chuẩn bị đại hội đảng bộ các cấp (Chỉ thị 35-CT/TW)"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("inspection", "Topic")
    for order, (code, name) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("inspection", "Topic").objects.filter(code__in=[code for code, _name in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
