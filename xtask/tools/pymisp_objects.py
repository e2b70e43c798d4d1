#!/usr/bin/env python3
"""Regenerates fixtures/tools/: the inputs the misp-tools parity tests read, and what PyMISP's
generators make of them (FileObject, make_binary_objects, EMailObject, URLObject, CSVLoader).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pymisp lief pydeep2 pure-magic-rs
    /tmp/venv/bin/python xtask/tools/pymisp_objects.py          # from the repository root

Inputs that already exist are kept (the committed ELF files were built once with gcc; rebuild
them with --rebuild-elf). Each output is `pymisp/<input>.json`: a list of objects, each
{name, attributes: [{object_relation, type, value, to_ids, disable_correlation, comment}],
references: [{relationship_type, comment, target}]} where target is the index of the referenced
object in the list. UUIDs and timestamps are left out: they differ on every run.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

import pymisp
from pymisp.tools import CSVLoader, EMailObject, URLObject, make_binary_objects

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "tools"
INPUTS = OUT / "inputs"
PYMISP = OUT / "pymisp"

C_SOURCE = r"""
#include <stdio.h>
static char buffer[4096];
const char banner[] = "misp-tools parity fixture";
int answer(int x) { return x * 42; }
int main(int argc, char **argv) { buffer[0] = (char)argc; printf("%s %d\n", banner, answer(argc)); return buffer[0] - argc; }
"""


def build_elf(rebuild: bool) -> None:
    targets = {
        "hello.elf": ["-O2"],
        "hello-stripped.elf": ["-Os", "-s"],
        "libanswer.so": ["-O2", "-shared", "-fPIC"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "hello.c"
        src.write_text(C_SOURCE)
        for name, flags in targets.items():
            out = INPUTS / name
            if out.exists() and not rebuild:
                continue
            subprocess.run(["gcc", *flags, "-o", str(out), str(src)], check=True)


def build_macho() -> None:
    """A minimal 64-bit Mach-O executable: one __TEXT segment with a __text section, LC_MAIN."""
    out = INPUTS / "tiny.macho"
    if out.exists():
        return
    code = bytes([0x55, 0x48, 0x89, 0xE5, 0x31, 0xC0, 0x5D, 0xC3]) * 4  # push rbp; mov rbp,rsp; xor eax,eax; pop rbp; ret
    header_size = 32
    seg_size = 72 + 80
    main_size = 24
    cmds_size = seg_size + main_size
    text_off = 0x400
    file_size = text_off + len(code)
    header = struct.pack("<IiiIIIII", 0xFEEDFACF, 0x01000007, 3, 2, 2, cmds_size, 0x00200085, 0)
    segment = struct.pack("<II16sQQQQiiII", 0x19, seg_size, b"__TEXT", 0x100000000, 0x1000, 0, file_size, 5, 5, 1, 0)
    section = struct.pack("<16s16sQQIIIIIIII", b"__text", b"__TEXT", 0x100000000 + text_off, len(code), text_off, 4, 0, 0, 0x80000400, 0, 0, 0)
    main = struct.pack("<IIQQ", 0x80000028, main_size, text_off, 0)
    body = header + segment + section + main
    data = body + b"\0" * (text_off - len(body)) + code
    out.write_bytes(data)


EML_PLAIN = b"""Return-Path: <bounce@mailer.example.net>
Received: from mx.victim.example (mx.victim.example [2a00:1450:4864:20::42f])
\tby imap.victim.example with LMTP; Tue, 14 May 2024 09:58:42 +0200
Received: from outbound.mailer.example.net (mta7.mailer.example.net. 185.220.101.5) by
\tmx.victim.example with ESMTPS; Tue, 14 May 2024 09:58:41 +0200
Received: from mail.example.net (mail.example.net [198.51.100.23])
\tby mx.victim.example (Postfix) with ESMTPS id 4AbC12
\tfor <alice@victim.example>; Tue, 14 May 2024 09:58:41 +0200 (CEST)
Received: from [10.0.0.5] (unknown [203.0.113.77])
\tby mail.example.net with ESMTPSA id x1
\tTue, 14 May 2024 07:58:30 +0000
From: "Billing Team" <billing@invoices.example.com>
To: Alice <alice@victim.example>, bob@victim.example
Cc: "Carol C." <carol@victim.example>
Reply-To: payments@evil.example
Subject: Invoice 2024-0515 overdue
Date: Tue, 14 May 2024 09:58:30 +0200
Message-ID: <20240514075830.12345@mail.example.net>
User-Agent: Mozilla/5.0 (Windows NT 10.0; rv:115.0) Thunderbird/115.10.1
X-Mailer: Microsoft Outlook 16.0
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="==boundary-1=="

--==boundary-1==
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 7bit

Dear customer, please find the overdue invoice attached.

--==boundary-1==
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 7bit

<p>Dear customer, please find the <b>overdue</b> invoice attached.</p>

--==boundary-1==
Content-Type: application/octet-stream; name="invoice.pdf.exe"
Content-Disposition: attachment; filename="invoice.pdf.exe"
Content-Transfer-Encoding: base64

TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
AAAAgAAAAA4fug4AtAnNIbgBTM0hVGhpcyBwcm9ncmFtIGNhbm5vdCBiZSBydW4gaW4gRE9TIG1v
ZGUuDQ0KJAAAAAAAAAA=

--==boundary-1==
Content-Type: text/plain; charset="utf-8"; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"
Content-Transfer-Encoding: quoted-printable

Pay before Friday.=0A

--==boundary-1==--
"""

EML_ENCODED = """Received: from relay.example.org (relay.example.org [192.0.2.14]) by mx.example.com
 with SMTP id 77; Wed, 15 May 2024 10:00:00 +0000
From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <juergen@xn--mller-kva.example>
To: undisclosed-recipients:;
Subject: =?utf-8?b?UmVjaG51bmcgw7xiZXJmw6RsbGln?=
Date: Wed, 15 May 2024 12:00:00 +0200
Message-ID: <abc.def@relay.example.org>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Bitte zahlen Sie die Rechnung sofort. Grüße
""".encode()

URLS = [
    "https://www.evil.example.com/path/to/page.php?id=1&x=y#frag",
    "http://203.0.113.5:8080/admin/login",
    "https://user:pass@sub.domain.co.uk:8443/a/b?c=d",
    "http://xn--bcher-kva.example/kaufen",
    "https://bücher.example.de/straße?q=1",
    "ftp://files.example.org:2121/pub/file.tar.gz",
    "http://[2001:db8::1]:8000/index.html",
    "https://login.microsoftonline.com.phish.example.ru/common/oauth2",
    "http://localhost:65535/",
    "evil.example.net/no-scheme",
]

CSV_TEXT = """ip,domain,first-seen,text
203.0.113.10,evil.example,2024-05-14T09:58:41+00:00,first row
198.51.100.7,c2.example.net,,second row
,,,
192.0.2.200,,2024-05-15,
"""


def build_inputs(rebuild_elf: bool) -> None:
    INPUTS.mkdir(parents=True, exist_ok=True)
    build_elf(rebuild_elf)
    build_macho()
    (INPUTS / "invoice.eml").write_bytes(EML_PLAIN)
    (INPUTS / "encoded.eml").write_bytes(EML_ENCODED)
    (INPUTS / "urls.txt").write_text("\n".join(URLS) + "\n")
    (INPUTS / "domain-ip.csv").write_text(CSV_TEXT)


def dump(objects: list[pymisp.MISPObject]) -> list[dict]:
    index = {o.uuid: i for i, o in enumerate(objects)}
    out = []
    for o in objects:
        d = json.loads(o.to_json())
        attributes = []
        for a in d.get("Attribute", []):
            attributes.append({
                "object_relation": a["object_relation"],
                "type": a["type"],
                "value": str(a["value"]),
                "to_ids": bool(a.get("to_ids", False)),
                "disable_correlation": bool(a.get("disable_correlation", False)),
                "comment": a.get("comment", ""),
            })
        references = [{
            "relationship_type": r["relationship_type"],
            "comment": r.get("comment", ""),
            "target": index.get(r["referenced_uuid"]),
        } for r in d.get("ObjectReference", [])]
        out.append({"name": d["name"], "attributes": attributes, "references": references})
    return out


def write(name: str, objects: list[pymisp.MISPObject]) -> None:
    PYMISP.mkdir(parents=True, exist_ok=True)
    (PYMISP / f"{name}.json").write_text(json.dumps(dump(objects), indent=1, ensure_ascii=False) + "\n")


def binary(path: Path) -> list[pymisp.MISPObject]:
    file_obj, bin_obj, sections = make_binary_objects(filepath=str(path), standalone=False)
    return [file_obj] + ([bin_obj] if bin_obj else []) + list(sections)


def email(path: Path) -> list[pymisp.MISPObject]:
    # The usual PyMISP recipe: the email object, then one FileObject per attachment, each an
    # `attachment` attribute of the email and referenced from it with `includes`.
    from pymisp.tools import FileObject
    eml = EMailObject(filepath=str(path), attach_original_email=True, standalone=False)
    files = []
    for name, content in eml.attachments:
        eml.add_attribute("attachment", value=name)
        f = FileObject(pseudofile=content, filename=name, standalone=False)
        eml.add_reference(f.uuid, "includes", "Email attachment")
        files.append(f)
    return [eml] + files


def timed(label: str, fn, repeat: int) -> None:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    took = (time.perf_counter() - start) / repeat
    print(f"{label}: {took * 1000:.2f} ms", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild-elf", action="store_true")
    parser.add_argument("--bench", action="store_true", help="time PyMISP on a 100 MB file and 10,000 URLs")
    args = parser.parse_args()
    build_inputs(args.rebuild_elf)
    for name in ["hello.elf", "hello-stripped.elf", "libanswer.so", "cli-32.exe", "tiny.macho"]:
        write(name, binary(INPUTS / name))
    for name in ["invoice.eml", "encoded.eml"]:
        write(name, email(INPUTS / name))
    urls = []
    for url in URLS:
        try:
            urls.append(dump([URLObject(url, generate_all=True, standalone=False)])[0])
        except pymisp.exceptions.MISPObjectException as e:
            urls.append({"name": "url", "input": url, "error": str(e).splitlines()[0]})
    (PYMISP / "urls.txt.json").write_text(json.dumps(urls, indent=1, ensure_ascii=False) + "\n")
    loader = CSVLoader("domain-ip", INPUTS / "domain-ip.csv")
    write("domain-ip.csv", loader.load())
    print(f"pymisp {pymisp.__version__}, written to {PYMISP}", file=sys.stderr)
    if args.bench:
        from pymisp.tools import FileObject
        big = os.urandom(100 * 1024 * 1024)
        timed("pymisp FileObject 100 MB", lambda: FileObject(pseudofile=BytesIO(big), filename="big.bin"), 1)
        many = [f"https://host{i}.example{i % 50}.co.uk:{1000 + i % 5000}/p/{i}?q={i}#f" for i in range(10_000)]
        timed("pymisp URLObject x 10,000", lambda: [URLObject(u, generate_all=True) for u in many], 1)


if __name__ == "__main__":
    main()
