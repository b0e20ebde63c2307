"""Case codes are given on insert from the row id (qamqor.core.codes), no longer drawn at
random as the field default; an empty code is refused."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("cases", "0002_protection_events"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="code",
            field=models.CharField(editable=False, max_length=16, unique=True, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="code",
            field=models.CharField(
                db_index=True, editable=False, max_length=16, verbose_name="code"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("code", ""), _negated=True), name="cases_case_code_set"
            ),
        ),
    ]
