"""Copy the two sources into OUT_DIR with their pictures embedded instead of linked.

LibreOffice keeps a picture that a source links to (HTML <img src="anh-1.jpg">, ODF
<draw:image xlink:href="anh-1.jpg"/>) as a link in the .docx (a TargetMode="External"
relationship and <a:blip r:link=...>), so the copies given to it carry the bytes:

* bai-tu-html.html: every src="anh-N.jpg" becomes a data:image/jpeg;base64,… URI;
* bai-co-cau-truc.fodt: every linked <draw:image …/> becomes
  <draw:image …><office:binary-data>…</office:binary-data></draw:image>.

Usage: python embed_pictures.py OUT_DIR
"""

import base64
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def data(name: str) -> str:
    return base64.b64encode((HERE / name).read_bytes()).decode("ascii")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)

    html = (HERE / "bai-tu-html.html").read_text(encoding="utf-8")
    html, n = re.subn(r'src="(anh-\d+\.jpg)"',
                      lambda m: f'src="data:image/jpeg;base64,{data(m[1])}"', html)
    assert n == 2, f"bai-tu-html.html: {n} pictures, not 2"
    (out / "bai-tu-html.html").write_text(html, encoding="utf-8")

    fodt = (HERE / "bai-co-cau-truc.fodt").read_text(encoding="utf-8")
    fodt, n = re.subn(
        r'<draw:image xlink:href="(anh-\d+\.jpg)"[^>]*/>',
        lambda m: ('<draw:image draw:mime-type="image/jpeg"><office:binary-data>'
                   f'{data(m[1])}</office:binary-data></draw:image>'), fodt)
    assert n == 2, f"bai-co-cau-truc.fodt: {n} pictures, not 2"
    (out / "bai-co-cau-truc.fodt").write_text(fodt, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
