from django.db import migrations

from indicators.frameworks import sync_frameworks


def forwards(apps, schema_editor):
    sync_frameworks(apps.get_model("indicators", "Framework"), apps.get_model("indicators", "Level1"),
                    apps.get_model("indicators", "Level2"))


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
