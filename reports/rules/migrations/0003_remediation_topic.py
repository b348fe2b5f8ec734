"""The topic the remediation rule (RM-1) reports under: following up an earlier
conclusion notice is itself something an inspection examines (QĐ 331: the
closing steps). Topic codes are the contract between the inspection app and
the rules; the name stays editable in the admin."""
from django.db import migrations
from django.db.models import ProtectedError

CODE = "remediation"
NAME = "Thực hiện thông báo kết luận kiểm tra, khắc phục hạn chế, khuyết điểm"


def seed(apps, schema_editor):
    Topic = apps.get_model("inspection", "Topic")
    last = Topic.objects.order_by("-order").values_list("order", flat=True).first() or 0
    Topic.objects.get_or_create(code=CODE, defaults={"name": NAME, "order": last + 1})


def unseed(apps, schema_editor):
    Topic = apps.get_model("inspection", "Topic")
    topic = Topic.objects.filter(code=CODE).first()
    if topic is None or topic.inspections.exists():
        return  # in use: the topic stays (its findings and program items protect it too)
    try:
        topic.delete()
    except ProtectedError:
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0002_seed_topics"),
        ("rules", "0002_run_inspection_targets_result_finding"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
