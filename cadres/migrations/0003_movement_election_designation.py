"""Movements distinguish "Bầu" (election at a congress or a committee
conference) and "Chỉ định" from "Bổ nhiệm" / "Bổ nhiệm lại". Movements
recorded as an appointment or a reappointment whose decision names an
election ("Bầu ...", "... Đại hội ...") become elections: a congress
re-election is never a reappointment, and AP-1 judges first appointments to
appointed posts only."""
from django.db import migrations, models
from django.db.models import Q

# Spelled both ways: SQLite folds the case of ASCII letters only.
ELECTED = (Q(decision__startswith="Bầu") | Q(decision__startswith="bầu") | Q(decision__contains="Đại hội")
           | Q(decision__contains="đại hội") | Q(decision__contains="Hội nghị") | Q(decision__contains="hội nghị"))


def elections_apart(apps, schema_editor):
    Movement = apps.get_model("cadres", "Movement")
    Movement.objects.filter(ELECTED, kind__in=["appointment", "reappointment"]).update(kind="election")


def elections_back(apps, schema_editor):
    Movement = apps.get_model("cadres", "Movement")
    Movement.objects.filter(kind="election").update(kind="reappointment")
    Movement.objects.filter(kind="designation").update(kind="appointment")


class Migration(migrations.Migration):

    dependencies = [
        ('cadres', '0002_seed_norms'),
        ('organizations', '0003_meeting_dates_and_minutes_checked'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='movement',
            name='movement_appointment_has_title',
        ),
        migrations.AlterField(
            model_name='historicalmovement',
            name='kind',
            field=models.CharField(choices=[('rotation', 'Luân chuyển'), ('transfer', 'Điều động'), ('election', 'Bầu'), ('designation', 'Chỉ định'), ('appointment', 'Bổ nhiệm'), ('reappointment', 'Bổ nhiệm lại')], db_index=True, max_length=16, verbose_name='hình thức'),
        ),
        migrations.AlterField(
            model_name='movement',
            name='kind',
            field=models.CharField(choices=[('rotation', 'Luân chuyển'), ('transfer', 'Điều động'), ('election', 'Bầu'), ('designation', 'Chỉ định'), ('appointment', 'Bổ nhiệm'), ('reappointment', 'Bổ nhiệm lại')], db_index=True, max_length=16, verbose_name='hình thức'),
        ),
        migrations.AddConstraint(
            model_name='movement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ('election', 'designation', 'appointment', 'reappointment')), _negated=True), ('to_title__isnull', False), _connector='OR'), name='movement_post_has_title', violation_error_message='Bầu, chỉ định, bổ nhiệm, bổ nhiệm lại phải ghi chức danh được bầu, chỉ định hoặc bổ nhiệm.'),
        ),
        migrations.RunPython(elections_apart, elections_back),
    ]
