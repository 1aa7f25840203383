"""PostgreSQL refuses UPDATE and DELETE on the audit log, whatever code or admin tries it.

TRUNCATE (test database flushes) is a statement-level operation and is not affected.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION alerts_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'alerts_auditentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER alerts_audit_append_only
    BEFORE UPDATE OR DELETE ON alerts_auditentry
    FOR EACH ROW EXECUTE FUNCTION alerts_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS alerts_audit_append_only ON alerts_auditentry;
DROP FUNCTION IF EXISTS alerts_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
