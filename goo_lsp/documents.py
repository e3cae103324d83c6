"""Open documents: text and version per URI, with edits applied as character spans.

Editor-neutral: the protocol layer converts LSP ranges to spans (convert.py) before calling
`apply`. A document's text always equals what the client has.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from .compiler.source import Span


@dataclass(slots=True)
class Document:
    uri: str
    path: str
    text: str
    version: int
    language_id: str = "goo"


def uri_to_path(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri


class DocumentStore:
    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def open(self, uri: str, text: str, version: int, language_id: str = "goo") -> Document:
        doc = Document(uri, uri_to_path(uri), text, version, language_id)
        self._docs[uri] = doc
        return doc

    def close(self, uri: str) -> None:
        self._docs.pop(uri, None)

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def __iter__(self):
        return iter(list(self._docs.values()))

    def apply(self, uri: str, edits: list[tuple[Span | None, str]], version: int) -> Document | None:
        """Apply edits in order; a None span replaces the whole text."""
        doc = self._docs.get(uri)
        if doc is None:
            return None
        text = doc.text
        for span, new in edits:
            if span is None:
                text = new
            else:
                text = text[:span.start] + new + text[span.end:]
        doc.text = text
        doc.version = version
        return doc
