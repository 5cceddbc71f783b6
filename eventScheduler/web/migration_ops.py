"""Helpers for migrations that move a model from one app to another."""

from django.db import migrations


def move_content_type(model, *, from_app, to_app):
    """A migration operation that hands `model`'s content type (and so its permissions and
    admin log entries) from `from_app` to `to_app`; reversible, and a no-op on a new database."""

    def rename(apps, schema_editor, source, target):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(
                app_label=target
            )

    return migrations.RunPython(
        lambda apps, editor: rename(apps, editor, from_app, to_app),
        lambda apps, editor: rename(apps, editor, to_app, from_app),
    )
