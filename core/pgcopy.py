"""COPY ... FROM STDIN on PostgreSQL: how rows by the hundred thousand go in
(the rule run's results, the generator's data) where bulk_create would compile
every value into one INSERT. The callers prepare the values as COPY takes them."""


def copy_rows(db, model, fields, rows):
    """Writes `rows` (one value per field of `fields`, in that order) into `model`'s table on `db`."""
    columns = ", ".join(db.ops.quote_name(field.column) for field in fields)
    with db.cursor() as cursor, cursor.cursor.copy(
            f"COPY {db.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            write(row)
