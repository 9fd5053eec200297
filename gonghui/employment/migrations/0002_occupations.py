from django.db import migrations


def load(apps, schema_editor):
    from gonghui.employment.occupations import load_occupations

    load_occupations(apps.get_model("employment", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("employment", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
