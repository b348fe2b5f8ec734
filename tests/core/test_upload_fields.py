"""One type sniffing for every file field (#10): each FileField of every model
is checked by core.uploads on arrival — through `validate_new_upload` among
its validators, or through StoredFile.clean() — or is listed here as written
by the application only (never an upload). A new FileField fails this test
until it is covered; every covered one refuses a Windows executable renamed .pdf."""
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from core.uploads import validate_new_upload
from inspection.models.base import StoredFile

# Files the application writes itself: no door uploads them.
GENERATED = {"reports.ReportFile.file"}

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 512


def file_fields():
    for model in apps.get_models():
        if model._meta.app_label in {"simple_history"} or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def label(model, field):
    return f"{model._meta.label}.{field.name}"


def sniffed_by(model, field):
    if validate_new_upload in field.validators:
        return "validator"
    if issubclass(model, StoredFile) and field.name == "file":
        return "stored_file"
    return None


def test_every_file_field_is_sniffed_or_generated():
    fields = list(file_fields())
    assert len(fields) >= 7  # the walk found the models
    uncovered = [label(m, f) for m, f in fields if not sniffed_by(m, f) and label(m, f) not in GENERATED]
    assert uncovered == [], f"FileFields without core.uploads sniffing: {uncovered}"
    assert GENERATED <= {label(m, f) for m, f in fields}  # no stale exception


@pytest.mark.parametrize("model,field", [pytest.param(m, f, id=label(m, f)) for m, f in file_fields()
                                         if sniffed_by(m, f)])
def test_each_covered_field_refuses_an_executable_renamed_pdf(model, field):
    upload = SimpleUploadedFile("bien-ban.pdf", EXE, content_type="application/pdf")
    with pytest.raises(ValidationError) as err:
        if sniffed_by(model, field) == "validator":
            field.run_validators(upload)
        else:
            instance = model(file=upload)
            StoredFile.clean(instance)
    assert "không phải là tệp PDF hợp lệ" in str(err.value)
