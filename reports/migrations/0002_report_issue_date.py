"""Report.issue date: the date printed in the document's date line, set by
the person asking for the report (today by default). Reports made before the
field existed were dated the day they were generated: they keep that date."""
import django.utils.timezone
from django.db import migrations, models


def date_existing_reports(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    for report in Report.objects.only("pk", "created_at", "finished_at").iterator(chunk_size=500):
        moment = report.finished_at or report.created_at
        Report.objects.filter(pk=report.pk).update(issued_on=django.utils.timezone.localdate(moment))


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_reports_notifications'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalreport',
            name='issued_on',
            field=models.DateField(default=django.utils.timezone.localdate, help_text='Ngày ghi trên văn bản báo cáo; mặc định là ngày yêu cầu lập.', verbose_name='ngày ban hành'),
        ),
        migrations.AddField(
            model_name='report',
            name='issued_on',
            field=models.DateField(default=django.utils.timezone.localdate, help_text='Ngày ghi trên văn bản báo cáo; mặc định là ngày yêu cầu lập.', verbose_name='ngày ban hành'),
        ),
        migrations.RunPython(date_existing_reports, migrations.RunPython.noop),
    ]
