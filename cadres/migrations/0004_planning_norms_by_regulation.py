"""Planning norms per validity range: the rows seeded from 2000 govern plans
approved until 26/12/2021 (HD 15-HD/BTCTW of 2012 with QĐ 98-QĐ/TW, shares
to be confirmed: the same values until the Board confirms them); a copy
governs plans approved from QĐ 50-QĐ/TW (27/12/2021). The plan rules pick
the norm in force on each plan's approval day and copy it into the result."""
import datetime

from django.db import migrations

QD50 = datetime.date(2021, 12, 27)
BEFORE = ("HD 15-HD/BTCTW (15/11/2012), QĐ 98-QĐ/TW (2017), QĐ 105-QĐ/TW (2017): tỷ lệ cần đối chiếu, tạm dùng "
          "giá trị của QĐ 50")
FROM_QD50 = "QĐ 50-QĐ/TW (27/12/2021), QĐ 65-QĐ/TW (2022), QĐ 80-QĐ/TW (2022), HD 06-HD/BTCTW (2021)"
FIELDS = ("young_age", "young_min_percent", "women_min_percent", "max_people_per_title", "max_titles_per_person",
          "min_rotation_years", "min_years_before_retirement")


def split(apps, schema_editor):
    PlanningNorm = apps.get_model("cadres", "PlanningNorm")
    for norm in PlanningNorm.objects.filter(valid_from__lt=QD50, valid_to__isnull=True):
        PlanningNorm.objects.get_or_create(
            level=norm.level, valid_from=QD50,
            defaults={**{name: getattr(norm, name) for name in FIELDS}, "basis": FROM_QD50})
        norm.valid_to = QD50 - datetime.timedelta(days=1)
        norm.basis = BEFORE
        norm.save(update_fields=["valid_to", "basis"])


def join(apps, schema_editor):
    PlanningNorm = apps.get_model("cadres", "PlanningNorm")
    PlanningNorm.objects.filter(valid_from=QD50).delete()
    PlanningNorm.objects.filter(valid_to=QD50 - datetime.timedelta(days=1)).update(valid_to=None)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0003_movement_election_designation")]

    operations = [migrations.RunPython(split, join)]
