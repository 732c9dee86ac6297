#!/bin/sh
# Remake the LibreOffice fixtures bai-co-cau-truc.docx and bai-tu-html.docx from src/.
# Needs LibreOffice Writer (Debian: apt-get install libreoffice-writer-nogui) and a Python
# with Pillow (default: the project's .venv). CI does not run this: the .docx are committed.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-"$HERE/../../../.venv/bin/python"}
SOFFICE=${SOFFICE:-soffice}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

# 1. The pictures: src/anh-1.jpg (yellow disc on blue), src/anh-2.jpg (red triangle on green).
"$PYTHON" "$HERE/src/make_pictures.py"

# 2. Copies of the sources with the pictures embedded (LibreOffice would keep them linked).
"$PYTHON" "$HERE/src/embed_pictures.py" "$WORK/src"

# 3. Convert, with a throw-away user profile (no settings of the machine's own LibreOffice,
#    and no clash with a LibreOffice already running).
for source in bai-co-cau-truc.fodt bai-tu-html.html; do
    "$SOFFICE" -env:UserInstallation="file://$WORK/profile" --headless --norestore \
        --convert-to docx:"MS Word 2007 XML" --outdir "$WORK/out" "$WORK/src/$source"
done

# 4. Check: pictures embedded (word/media/, no external image relationship), footnotes
#    where expected, size under 100 KB; then put the files in place.
for docx in bai-co-cau-truc.docx bai-tu-html.docx; do
    "$PYTHON" - "$WORK/out/$docx" <<'PY'
import sys, zipfile
path = sys.argv[1]
z = zipfile.ZipFile(path)
media = [n for n in z.namelist() if n.startswith("word/media/")]
rels = z.read("word/_rels/document.xml.rels").decode()
assert len(media) == 2, f"{path}: {len(media)} pictures in word/media/, not 2"
assert "relationships/image\" Target=\"file:" not in rels and 'r:link=' not in z.read(
    "word/document.xml").decode(), f"{path}: a picture is linked, not embedded"
if path.endswith("bai-co-cau-truc.docx"):
    assert "word/footnotes.xml" in z.namelist(), f"{path}: no word/footnotes.xml"
    assert z.read("word/document.xml").decode().count("<w:footnoteReference ") == 2
import os
assert os.path.getsize(path) < 100_000, f"{path}: {os.path.getsize(path)} bytes"
PY
    cp "$WORK/out/$docx" "$HERE/$docx"
done
"$SOFFICE" -env:UserInstallation="file://$WORK/profile" --version
ls -l "$HERE"/*.docx
