"""Default thresholds as data: planning norms per organization level and the
retirement-age table. Staff edit them in the admin; rules read them."""
import datetime

from django.db import migrations

NORM_BASIS = "QĐ 50-QĐ/TW (2021), QĐ 65-QĐ/TW (2022), HD 06-HD/BTCTW (2021); ngưỡng mặc định, có thể chỉnh sửa"
GRASSROOTS_BASIS = "Ngưỡng tuổi trẻ cấp cơ sở chưa đối chiếu văn bản [M]; " + NORM_BASIS
# level, young age, basis
NORMS = [
    ("city", 40, NORM_BASIS),
    ("upper", 40, NORM_BASIS),
    ("grassroots", 35, GRASSROOTS_BASIS),
]
RETIREMENT_BASIS = "Bộ luật Lao động 2019 Điều 169; Nghị định 135/2020/NĐ-CP"


def retirement_rows():
    """Before 2021: 60 (men), 55 (women); then +3 months a year for men up to
    62 (2028), +4 months a year for women up to 60 (2035)."""
    rows = [("male", datetime.date(1900, 1, 1), 60 * 12), ("female", datetime.date(1900, 1, 1), 55 * 12)]
    for year in range(2021, 2029):
        rows.append(("male", datetime.date(year, 1, 1), 60 * 12 + 3 * (year - 2020)))
    for year in range(2021, 2036):
        rows.append(("female", datetime.date(year, 1, 1), 55 * 12 + 4 * (year - 2020)))
    return rows


def seed(apps, schema_editor):
    PlanningNorm = apps.get_model("cadres", "PlanningNorm")
    RetirementAge = apps.get_model("cadres", "RetirementAge")
    for level, young_age, basis in NORMS:
        PlanningNorm.objects.get_or_create(
            level=level, valid_from=datetime.date(2000, 1, 1),
            defaults={
                "young_age": young_age, "young_min_percent": 15, "women_min_percent": 25,
                "max_people_per_title": 3, "max_titles_per_person": 3, "min_rotation_years": 3,
                "min_years_before_retirement": 5, "basis": basis,
            },
        )
    for gender, applies_from, months in retirement_rows():
        RetirementAge.objects.get_or_create(
            gender=gender, applies_from=applies_from,
            defaults={"years": months // 12, "months": months % 12, "basis": RETIREMENT_BASIS},
        )


def unseed(apps, schema_editor):
    apps.get_model("cadres", "PlanningNorm").objects.filter(valid_from=datetime.date(2000, 1, 1)).delete()
    apps.get_model("cadres", "RetirementAge").objects.filter(basis=RETIREMENT_BASIS).delete()


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
