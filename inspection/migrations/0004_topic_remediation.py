"""A ninth topic: carrying out the conclusions (remediation), which the rule
RM-1 checks and the Board follows after every inspection."""
from django.db import migrations

CODE, NAME = "remediation", "Thực hiện kết luận kiểm tra, khắc phục hạn chế, khuyết điểm"


def seed(apps, schema_editor):
    apps.get_model("inspection", "Topic").objects.get_or_create(code=CODE, defaults={"name": NAME, "order": 9})


def unseed(apps, schema_editor):
    apps.get_model("inspection", "Topic").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("inspection", "0003_team_member_cadre")]

    operations = [migrations.RunPython(seed, unseed)]
