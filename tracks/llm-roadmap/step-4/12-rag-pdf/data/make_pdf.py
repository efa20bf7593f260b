"""Writes data/manual.pdf from data/manual.txt: one PDF page per page of the text (pages are
separated by form feeds), Helvetica 11 pt, lines wrapped at 88 characters. A minimal PDF 1.4
writer in plain Python, so that the full exercise has a real PDF to read.

    python3 data/make_pdf.py
"""
import os
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))


def escape(line):
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def page_stream(text):
    lines = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, 88) or [""]
    ops = ["BT", "/F1 11 Tf", "14 TL", "60 780 Td"]
    ops += [f"({escape(line)}) Tj T*" for line in lines]
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def write_pdf(pages, path):
    objects = []                                   # object i + 1 is objects[i]
    n = len(pages)
    page_ids = [4 + 2 * i for i in range(n)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, text in enumerate(pages):
        stream = page_stream(text)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_ids[i] + 1} 0 R >>".encode())
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    with open(path, "wb") as f:
        f.write(out)


if __name__ == "__main__":
    with open(os.path.join(HERE, "manual.txt")) as f:
        pages = f.read().split("\f")
    write_pdf([p.strip() for p in pages], os.path.join(HERE, "manual.pdf"))
    print(f"wrote manual.pdf with {len(pages)} pages")
