"""Person codes are given on insert from the row id (qamqor.core.codes), no longer drawn at
random as the field default; an empty code is refused."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalperson",
            name="code",
            field=models.CharField(
                db_index=True, editable=False, max_length=16, verbose_name="code"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="code",
            field=models.CharField(editable=False, max_length=16, unique=True, verbose_name="code"),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("code", ""), _negated=True), name="people_person_code_set"
            ),
        ),
    ]
