#!/bin/sh
# Remake the saved-web-page fixtures from ../office/src/:
#   bai-libreoffice.html + bai-libreoffice_files/  LibreOffice Writer's HTML export of
#                                                  ../office/src/bai-co-cau-truc.fodt
#   bai-chromium.mhtml                             Chromium's MHTML snapshot of
#                                                  ../office/src/bai-tu-html.html
# Needs LibreOffice Writer (Debian: libreoffice-writer-nogui), Chromium (Debian: chromium)
# and a Python 3.10+ (default: the project's .venv; nothing beyond the standard library).
# CI does not run this: the fixtures are committed. See README.md.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SRC="$HERE/../office/src"
PYTHON=${PYTHON:-"$HERE/../../../.venv/bin/python"}
SOFFICE=${SOFFICE:-soffice}
CHROMIUM=${CHROMIUM:-chromium}
# Chromium writes the page's file:// URL into the .mhtml; a fixed folder keeps it the same
# from run to run and from machine to machine.
PAGE_DIR=/tmp/bantin-print-web-fixture

WORK=$(mktemp -d)
if [ -e "$PAGE_DIR" ]; then
    echo "make.sh: $PAGE_DIR exists (another run, or a killed one?); remove it first" >&2
    exit 1
fi
trap 'rm -rf "$WORK" "$PAGE_DIR"' EXIT INT TERM

# The pictures are ../office/src/anh-1.jpg and anh-2.jpg as they are (../office/make.sh
# draws them); this script does not write in ../office/.

# 1. LibreOffice: export the FODT with its pictures embedded (a linked picture would stay a
#    link to ../office/src/), so that Writer writes them out as files beside the page, as for
#    any document whose pictures are inserted. The copy is named bai-libreoffice.fodt:
#    Writer names the page and its pictures after the document.
"$PYTHON" "$SRC/embed_pictures.py" "$WORK/embedded"
mkdir "$WORK/lo"
cp "$WORK/embedded/bai-co-cau-truc.fodt" "$WORK/lo/bai-libreoffice.fodt"
"$SOFFICE" -env:UserInstallation="file://$WORK/profile" --headless --norestore \
    --convert-to html:"HTML (StarWriter)" --outdir "$WORK/lo/out" "$WORK/lo/bai-libreoffice.fodt"

# Writer put the pictures beside the page (bai-libreoffice_html_<16 hex digits>.jpg, src="…"
# without a folder); move them into bai-libreoffice_files/, as a browser's "Save page as…,
# complete" does, and rewrite only those two src attributes.
"$PYTHON" - "$WORK/lo/out" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
page = out / "bai-libreoffice.html"
html = page.read_bytes()
pictures = sorted(p.name for p in out.glob("bai-libreoffice_html_*.jpg"))
assert len(pictures) == 2, f"LibreOffice wrote {pictures}, not 2 pictures"
(out / "bai-libreoffice_files").mkdir()
for name in pictures:
    (out / name).rename(out / "bai-libreoffice_files" / name)
html, n = re.subn(rb'<img src="(bai-libreoffice_html_[0-9a-f]+\.jpg)"',
                  rb'<img src="bai-libreoffice_files/\1"', html)
assert n == 2, f"{n} <img src=…> rewritten, not 2"
page.write_bytes(html)
PY

# 2. Chromium: open a copy of the HTML page (with its two pictures beside it) by its file://
#    URL and save it with Page.captureSnapshot {format: "mhtml"} (what "Save page as…, single
#    file" writes), through DevTools over a pipe, with a throw-away profile.
mkdir "$PAGE_DIR"
cp "$SRC/bai-tu-html.html" "$SRC/anh-1.jpg" "$SRC/anh-2.jpg" "$PAGE_DIR/"
if ! "$PYTHON" "$HERE/capture_mhtml.py" "$CHROMIUM" "file://$PAGE_DIR/bai-tu-html.html" \
        "$WORK/bai-chromium.mhtml" "$WORK/chrome" "$WORK/chromium.log"; then
    tail -20 "$WORK/chromium.log" >&2
    exit 1
fi

# 3. Check: each fixture holds the 2 pictures (the same bytes as ../office/src/anh-*.jpg),
#    the page links each one where it is, and the whole is under 200 KB; then put the files
#    in place and list the MHTML's parts.
"$PYTHON" - "$WORK/lo/out" "$WORK/bai-chromium.mhtml" "$SRC" <<'PY'
import email, email.policy, pathlib, re, sys
lo, mhtml, src = (pathlib.Path(a) for a in sys.argv[1:4])
originals = {(src / n).read_bytes() for n in ("anh-1.jpg", "anh-2.jpg")}

html = (lo / "bai-libreoffice.html").read_text(encoding="utf-8")
srcs = re.findall(r'<img src="([^"]+)"', html)
assert len(srcs) == 2 and all(s.startswith("bai-libreoffice_files/") for s in srcs), srcs
assert {(lo / s).read_bytes() for s in srcs} == originals, "pictures differ from the sources"
assert sorted(p.name for p in (lo / "bai-libreoffice_files").iterdir()) == sorted(
    s.split("/")[1] for s in srcs)
assert html.count('class="sdfootnoteanc"') == 2 and html.count('class="sdfootnotesym"') == 2
size = sum(p.stat().st_size for p in lo.rglob("*") if p.is_file())
assert size < 200_000, f"bai-libreoffice.html and its pictures: {size} bytes"

message = email.message_from_bytes(mhtml.read_bytes(), policy=email.policy.default)
assert message.get_content_type() == "multipart/related", message.get_content_type()
parts = list(message.iter_parts())
root, pictures = parts[0], parts[1:]
assert root.get_content_type() == "text/html"
page = root.get_payload(decode=True).decode("utf-8")  # no charset= on the part: see README
assert len(pictures) == 2 and all(p.get_content_type() == "image/jpeg" for p in pictures)
assert {p.get_payload(decode=True) for p in pictures} == originals
for p in pictures:
    assert f'src="{p["Content-Location"]}"' in page, f'{p["Content-Location"]} not in the page'
assert mhtml.stat().st_size < 200_000, f"bai-chromium.mhtml: {mhtml.stat().st_size} bytes"
print(f"bai-chromium.mhtml: {message.get_content_type()}, "
      f"boundary {message.get_boundary()!r}, {len(parts)} parts:")
for p in parts:
    print(f"  {p.get_content_type():10} {p['Content-Transfer-Encoding']:16} "
          f"{len(p.get_payload(decode=True)):5} bytes  {p['Content-Location']}")
PY
rm -rf "$HERE/bai-libreoffice_files"
cp -R "$WORK/lo/out/bai-libreoffice_files" "$HERE/"
cp "$WORK/lo/out/bai-libreoffice.html" "$WORK/bai-chromium.mhtml" "$HERE/"

"$SOFFICE" -env:UserInstallation="file://$WORK/profile" --version
"$CHROMIUM" --version 2>/dev/null
ls -l "$HERE/bai-libreoffice.html" "$HERE/bai-libreoffice_files" "$HERE/bai-chromium.mhtml"
