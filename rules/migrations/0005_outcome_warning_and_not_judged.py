"""Two outcomes: "Cần xem xét" (a tripped rule whose basis is [S] or [M])
and "not judged" (records older than every regulation the system knows).
The breaches stored by the rules shipped as warnings become warnings, so old
runs read like new ones."""
from django.db import migrations, models

# The rules of the registry whose basis is to be confirmed ([S], [M]) when this migration was written.
WARNING_RULES = ["AD-2", "CM-1", "CM-2", "CP-4", "QR-2"]


def breaches_to_warnings(apps, schema_editor):
    apps.get_model("rules", "RuleCheckResult").objects.filter(
        rule_code__in=WARNING_RULES, outcome="breach").update(outcome="warning")


def warnings_to_breaches(apps, schema_editor):
    apps.get_model("rules", "RuleCheckResult").objects.filter(outcome="warning").update(outcome="breach")
    apps.get_model("rules", "RuleCheckResult").objects.filter(outcome="not_judged").update(outcome="not_applicable")


class Migration(migrations.Migration):

    dependencies = [
        ("rules", "0004_run_heartbeat"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rulecheckresult",
            name="outcome",
            field=models.CharField(choices=[("pass", "Đạt"), ("breach", "Vi phạm"), ("warning", "Cần xem xét"), ("not_applicable", "Không áp dụng"), ("insufficient_data", "Thiếu dữ liệu"), ("not_judged", "Không đánh giá (trước khi quy định có hiệu lực)")], db_index=True, max_length=20, verbose_name="kết quả"),
        ),
        migrations.RunPython(breaches_to_warnings, warnings_to_breaches),
    ]
