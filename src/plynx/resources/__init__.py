"""Resource types: what flows on edges, how it is prepared, checked and previewed."""

from plynx.resources.base import Preview, PreviewLimits, ResourceType
from plynx.resources.builtin import BUILTIN_RESOURCE_TYPES
from plynx.resources.documents import JsonType, PdfType, TextType
from plynx.resources.files import DirectoryType, ExecutableType, FileType
from plynx.resources.images import ImageType
from plynx.resources.preview import preview_artifact
from plynx.resources.tables import CsvType, TableType, TsvType
from plynx.resources.values import (
    BoolType,
    DictType,
    FloatType,
    IntType,
    ListType,
    StrType,
    ValueType,
)

__all__ = [
    "BUILTIN_RESOURCE_TYPES",
    "BoolType",
    "CsvType",
    "DictType",
    "DirectoryType",
    "ExecutableType",
    "FileType",
    "FloatType",
    "ImageType",
    "IntType",
    "JsonType",
    "ListType",
    "PdfType",
    "Preview",
    "PreviewLimits",
    "ResourceType",
    "StrType",
    "TableType",
    "TextType",
    "TsvType",
    "ValueType",
    "preview_artifact",
]
