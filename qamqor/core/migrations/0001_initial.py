"""The code key (see qamqor.core.codes): made once, here, when the database is created."""

import secrets

from django.db import migrations, models


def make_key(apps, schema_editor):
    CodeKey = apps.get_model("core", "CodeKey")
    CodeKey.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"key": secrets.token_bytes(32)}
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CodeKey",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("key", models.BinaryField(max_length=32, verbose_name="key")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            ],
            options={
                "verbose_name": "code key",
                "verbose_name_plural": "code keys",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="core_codekey_one")
                ],
            },
        ),
        migrations.RunPython(make_key, migrations.RunPython.noop, elidable=False),
    ]
