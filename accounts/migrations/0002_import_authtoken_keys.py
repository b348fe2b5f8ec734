"""Keys of the former rest_framework.authtoken app keep working: each stored key
becomes an ApiToken (its hash only) expiring after the default lifetime. The old
table is left in place and no longer read."""
import datetime
import hashlib

from django.conf import settings
from django.db import migrations
from django.utils import timezone

OLD_TABLE = "authtoken_token"


def import_authtoken_keys(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name('key')}, user_id FROM {OLD_TABLE}")
        rows = cursor.fetchall()
    for key, user_id in rows:
        digest = hashlib.sha256(key.encode()).hexdigest()
        ApiToken.objects.get_or_create(
            key_hash=digest,
            defaults={"user_id": user_id, "name": "Khóa cũ (Auth Token)", "prefix": key[:8],
                      "created_at": now, "expires_at": expires_at},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_api_tokens")]

    operations = [migrations.RunPython(import_authtoken_keys, migrations.RunPython.noop)]
