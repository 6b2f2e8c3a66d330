"""Small, real PDF documents (a receipt, an invoice) without a PDF library.

A one-page PDF 1.4 with lines of text in the standard Helvetica font is a few hundred bytes of
plain objects and a cross-reference table; any viewer opens it. Writing it here keeps the sandbox
free of a dependency that would only ever draw text, and the output is a pure function of the
lines, so exports that embed it stay byte-identical for the same seed.
"""

from __future__ import annotations

_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842  # A4 in points
_LEFT, _TOP, _LEADING = 56, 780, 16


def _escape(text: str) -> bytes:
    # WinAnsiEncoding covers German/French/Italian letters; anything else becomes "?".
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page A4 PDF showing `lines` top to bottom (the first one larger, as a heading)."""
    content = [b"BT", f"/F1 14 Tf {_LEFT} {_TOP} Td {_LEADING + 4} TL".encode()]
    for index, line in enumerate(lines[:45]):  # one page holds about 45 lines
        if index == 1:
            content.append(b"/F1 10 Tf")
        content.append(b"(" + _escape(line) + b") Tj T*")
    content.append(b"ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Title (" + _escape(title) + b") /Producer (mockserver) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
