"""The built-in resource types, registered like any plugin's."""

from __future__ import annotations

from plynx.hookspecs import hookimpl
from plynx.resources.documents import JsonType, PdfType, TextType
from plynx.resources.files import DirectoryType, ExecutableType, FileType
from plynx.resources.images import ImageType
from plynx.resources.tables import CsvType, TsvType
from plynx.resources.values import BoolType, DictType, FloatType, IntType, ListType, StrType

BUILTIN_RESOURCE_TYPES: list[type] = [
    FileType,
    DirectoryType,
    CsvType,
    TsvType,
    JsonType,
    TextType,
    ImageType,
    PdfType,
    ExecutableType,
    IntType,
    FloatType,
    StrType,
    BoolType,
    DictType,
    ListType,
]


@hookimpl
def plynx_resource_types() -> list[type]:
    """The built-in resource types."""
    return list(BUILTIN_RESOURCE_TYPES)
