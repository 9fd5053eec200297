from django.db import migrations


def load(apps, schema_editor):
    from gonghui.reports.default_template import load_default_template

    load_default_template(
        apps.get_model("reports", "ReportTemplate"),
        apps.get_model("reports", "ReportSection"),
        apps.get_model("reports", "ReportSentence"),
    )


def unload(apps, schema_editor):
    from gonghui.reports.default_template import NAME

    apps.get_model("reports", "ReportTemplate").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
