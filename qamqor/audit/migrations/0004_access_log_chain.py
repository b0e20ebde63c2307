"""The hash chain over the access log (qamqor.audit.chain): its append-only link table, with
the same PostgreSQL trigger as the log (0002) refusing UPDATE and DELETE of a link; the log's
base manager refuses changes too."""

from django.db import migrations, models

# audit_accesslog_append_only() is the function of migration 0002: it refuses the operation.
CREATE = """
CREATE TRIGGER audit_accesslink_append_only
    BEFORE UPDATE OR DELETE ON audit_accessloglink
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS audit_accesslink_append_only ON audit_accessloglink;"


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_access_actions'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessLogLink',
            fields=[
                ('entry_id', models.BigIntegerField(primary_key=True, serialize=False, verbose_name='entry')),
                ('hash', models.CharField(max_length=64, verbose_name='SHA-256')),
            ],
            options={
                'verbose_name': 'access log link',
                'verbose_name_plural': 'access log chain',
                'ordering': ['entry_id'],
                'abstract': False,
                'base_manager_name': 'objects',
            },
        ),
        migrations.AlterModelOptions(
            name='accesslogentry',
            options={'base_manager_name': 'objects', 'ordering': ['-at', '-pk'], 'verbose_name': 'access log entry', 'verbose_name_plural': 'access log'},
        ),
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]
