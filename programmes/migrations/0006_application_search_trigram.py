"""Trigram indexes for the admin's search of applications (issue 15), on PostgreSQL only.

The changelist's search is `icontains` (`first_name`, `last_name`, and the applicant account's
`email` and `full_name`): a LIKE '%…%' no B-tree can answer, which read all 100,000 rows on every
search. pg_trgm's GIN indexes answer it, if they index the very expression Django's lookup
produces on PostgreSQL, `UPPER("column"::text) LIKE UPPER('%term%')`
(DatabaseOperations.lookup_cast). ApplicationAdmin.get_search_results searches the account's
columns in a query of their own, so that each index can be used (an OR across the join could
use none): programmes/intake/admin/search.py.

The account's two indexes are on accounts_user, another app's table: they serve this search only
and live with it. SQLite has no such index: there the search stays a scan, as before.

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it without being
a superuser. Nothing else in the project uses it, so it is dropped on the way back.
"""

from django.conf import settings
from django.db import migrations

INDEXES = [
    # (index name, table, column)
    ("programmes_application_first_name_trgm", "programmes_application", "first_name"),
    ("programmes_application_last_name_trgm", "programmes_application", "last_name"),
    ("accounts_user_email_trgm", "accounts_user", "email"),
    ("accounts_user_full_name_trgm", "accounts_user", "full_name"),
]


class PostgreSQLOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and does nothing on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_employment_hours_1_40"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        PostgreSQLOnlySQL(
            sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
            reverse_sql="DROP EXTENSION IF EXISTS pg_trgm",
        ),
        *(
            PostgreSQLOnlySQL(
                sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
                reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
            )
            for name, table, column in INDEXES
        ),
    ]
