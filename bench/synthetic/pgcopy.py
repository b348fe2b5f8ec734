"""Bulk inserts through COPY on PostgreSQL, for the generator's millions of rows.

bulk_create compiles every value of every row into an INSERT ... FROM UNNEST
of arrays and reads the ids back with RETURNING; at city scale that was half
of the run. Here the primary keys are taken from the table's own sequence up
front (the same values, in the same order, that bulk_create's RETURNING gives
when nobody else inserts), then the rows go through COPY. Values are what
bulk_create would send: each field's pre_save and get_db_prep_save, with a
shortcut for the plain values that those return unchanged."""
import datetime
import functools

from django.db import models

from core.pgcopy import copy_rows

# Field classes (exactly these, not subclasses) whose get_db_prep_save returns
# a value of these types unchanged on PostgreSQL.
_AS_IS = {
    models.AutoField: (int,), models.BigAutoField: (int,), models.SmallAutoField: (int,),
    models.IntegerField: (int,), models.BigIntegerField: (int,), models.SmallIntegerField: (int,),
    models.PositiveIntegerField: (int,), models.PositiveSmallIntegerField: (int,),
    models.PositiveBigIntegerField: (int,), models.BooleanField: (bool,),
    models.CharField: (str,), models.TextField: (str,), models.SlugField: (str,),
    models.DateField: (datetime.date,), models.ForeignKey: (int,), models.OneToOneField: (int,),
}


def _value(field, db):
    """obj -> the value COPY writes for `field`."""
    attname = field.attname
    if isinstance(field, models.FileField):
        def read(obj):  # a name (no file to commit) as it is; a File through pre_save, which saves it
            raw = obj.__dict__[attname]
            return raw if raw is None or type(raw) is str else field.pre_save(obj, True)
    elif isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        read = functools.partial(field.pre_save, add=True)
    elif type(field).pre_save is not models.Field.pre_save and not isinstance(field, models.DateField):
        read = functools.partial(field.pre_save, add=True)
    else:
        def read(obj):
            return obj.__dict__[attname]
    prepare = functools.partial(field.get_db_prep_save, connection=db)
    plain = _AS_IS.get(type(field), ())
    if type(field) is models.DateTimeField:
        def value(obj):
            v = read(obj)
            return v if v is None or (type(v) is datetime.datetime and v.tzinfo is not None) else prepare(v)
    elif isinstance(field, models.ForeignKey):
        def value(obj):
            v = read(obj)
            if v is None and field.is_cached(obj):  # related object saved after it was assigned
                related = field.get_cached_value(obj)
                v = related.pk if related is not None else None
            return v if v is None or type(v) in plain else prepare(v)
    else:
        def value(obj):
            v = read(obj)
            # TextChoices members are str: str() gives their value, as CharField.to_python does.
            if isinstance(v, str) and type(v) is not str and str in plain:
                return str(v)
            return v if v is None or type(v) in plain else prepare(v)
    return value


@functools.cache
def _sequence(db, table, column):
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [db.ops.quote_name(table), column])
        return cursor.fetchone()[0]


def assign_ids(db, model, objects):
    """Gives the objects without a primary key the next values of the table's sequence, in order."""
    opts = model._meta
    missing = [obj for obj in objects if obj.pk is None]
    if missing:
        with db.cursor() as cursor:
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                           [_sequence(db, opts.db_table, opts.pk.column), len(missing)])
            for obj, (key,) in zip(missing, cursor.fetchall(), strict=True):
                setattr(obj, opts.pk.attname, key)


def copy_insert(db, model, objects):
    """Insert `objects` (instances of `model` not saved yet) through COPY; gives them their ids."""
    if not objects:
        return objects
    opts = model._meta
    assign_ids(db, model, objects)
    fields = list(opts.concrete_fields)
    values = [_value(field, db) for field in fields]
    copy_rows(db, model, fields, ([value(obj) for value in values] for obj in objects))
    for obj in objects:
        obj._state.adding, obj._state.db = False, db.alias
    return objects
