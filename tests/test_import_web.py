"""Saved web pages keep their structure and their pictures: a page LibreOffice wrote with its
folder, a page Chromium saved as one .mhtml file (tests/import_samples/web/README.md), and
the same article from a Word file; each imported, checked, built, and read back from the
PDF."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bantin_print import i18n, model
from bantin_print.importer import import_files
from conftest import OUTPUT_NAME
from pdftools import page_texts, placed_images, squeeze
from test_importers import check, front_matter, kinds, list_texts, read_back, snapshot, table_texts

SAMPLES = Path(__file__).parent / "import_samples"
PICTURES = [(SAMPLES / "office" / "src" / name).read_bytes() for name in ("anh-1.jpg",
                                                                           "anh-2.jpg")]
TITLE = "Tưới nhỏ giọt tiết kiệm nước cho vườn cà phê ở huyện Tân Lập"
CAPTIONS = ["Kỹ thuật viên kiểm tra bộ lọc đĩa tại xã Tân Thành",
            "Vườn cà phê áp dụng tưới nhỏ giọt ở xã Phước Lộc"]
NOTES = [(1, "Số liệu đo tại 12 vườn theo dõi trong mùa khô 2022–2023."),
         (2, "Theo báo cáo nghiệm thu đề tài của Hội đồng khoa học tỉnh, tháng 12/2023.")]


def saved_page(name: str, folder: Path) -> Path:
    """A copy of the fixture (with the folder saved with it) where an editor keeps it."""
    source = SAMPLES / "web" / name
    shutil.copy(source, folder / name)
    files = source.with_name(source.stem + "_files")
    if files.is_dir():
        shutil.copytree(files, folder / files.name)
    return folder / name


SOURCES = {
    "LibreOffice .html": lambda folder: saved_page("bai-libreoffice.html", folder),
    "Chromium .mhtml": lambda folder: saved_page("bai-chromium.mhtml", folder),
    "LibreOffice .docx": lambda folder: SAMPLES / "office" / "bai-co-cau-truc.docx",
}


@pytest.mark.parametrize("kind", SOURCES)
def test_an_article_keeps_its_structure_and_pictures_through_to_the_pdf(
        kind: str, issue_dir: Path, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    source = SOURCES[kind](downloads)
    saved = snapshot(source.parent)
    [result] = import_files([source], issue_dir)
    assert snapshot(source.parent) == saved  # the source only read
    assert result.title == TITLE
    check(issue_dir)

    article = read_back(issue_dir, result)
    body = article.body
    assert [(b.level, squeeze(model.plain_text(b.content))) for b in body
            if isinstance(b, model.Heading)] == [
        (2, "Mô hình thí điểm tại ba xã"), (3, "Chi phí đầu tư"), (2, "Kết quả bước đầu")]
    marked = [k for b in body if isinstance(b, model.Paragraph)
              for k in kinds(b.content) if k[0] not in ("Text", "NoteRef")]
    assert marked == [("Strong", "15 ha"), ("Strikethrough", "10 ha"),
                      ("Emphasis", "kỹ thuật tưới theo độ ẩm đất"),
                      ("Link", "Cổng thông tin điện tử của Sở")]
    lists = [(b.ordered, list_texts(b)) for b in body if isinstance(b, model.ListBlock)]
    assert [ordered for ordered, _ in lists] == [False, True]
    assert lists[0][1][2:4] == ["Mạng đường ống dẫn, gồm:", [
        "ống chính bằng nhựa HDPE đường kính 63 mm;",
        "ống nhánh có đầu nhỏ giọt bù áp, lưu lượng 2 lít/giờ;"]]
    assert len(lists[1][1]) == 4
    [table] = [b for b in body if isinstance(b, model.Table)]
    assert table_texts(table)[0] == ["Hạng mục", "Đơn vị tính", "Chi phí (triệu đồng)"]
    assert table_texts(table)[1:] == [["Trạm bơm và bộ lọc", "bộ", "18,5"],
                                      ["Đường ống và đầu nhỏ giọt", "ha", "32,0"],
                                      ["Cảm biến và bộ điều khiển", "bộ", "9,5"]]
    assert table.aligns[2] == "right"
    assert [(n.number, squeeze(model.plain_text(n.blocks[0].content)))
            for n in article.notes] == NOTES
    # The pictures: their original bytes, under the article's name, with their captions.
    assert [p.read_bytes() for p in result.photos] == PICTURES
    assert [squeeze(p.caption or "") for p in article.photos] == CAPTIONS
    assert result.captions == []

    # Built: the structure's text and both pictures on the pages.
    run = subprocess.run([sys.executable, "-m", "bantin_print", "build",
                          str(issue_dir / "issue.yaml")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    pdf = issue_dir / f"{OUTPUT_NAME}.pdf"
    text = squeeze(" ".join(page_texts(pdf)))
    for expected in ("Mô hình thí điểm tại ba xã", "Đường ống và đầu nhỏ giọt", "32,0",
                     "ống chính bằng nhựa HDPE", NOTES[1][1], *CAPTIONS):
        assert expected in text, expected
    assert sum((row["width_px"], row["height_px"]) == (400, 300)
               for row in placed_images(pdf)) == 2


def test_a_picture_outside_the_saved_folder_is_not_copied_and_named(issue_dir: Path,
                                                                    tmp_path: Path) -> None:
    """A page is confined to its folder like every path: a picture it points to elsewhere
    on the computer (../, an absolute path, file://, a link out of the folder) stays where
    it is; the report says which and what to do. A picture on the web is not fetched."""
    secret = tmp_path / "private.jpg"
    secret.write_bytes(PICTURES[0])
    page_dir = tmp_path / "downloads"
    (page_dir / "trang_files").mkdir(parents=True)
    (page_dir / "trang_files" / "ok.jpg").write_bytes(PICTURES[1])
    (page_dir / "trang_files" / "link.jpg").symlink_to(secret)
    figures = "".join(
        f'<figure><img src="{src}" alt="ảnh {n}"><figcaption>Chú thích ảnh số {n} của bài'
        f"</figcaption></figure><p>Đoạn văn thứ {n} của bài viết, đủ dài để là nội dung.</p>"
        for n, src in enumerate(["../private.jpg", str(secret), secret.as_uri(),
                                 "trang_files/link.jpg", "https://example.com/anh.jpg",
                                 "trang_files/ok.jpg"], start=1))
    page = page_dir / "trang.html"
    page.write_text(f"<html><body><h1>Bài có ảnh ở nhiều nơi</h1><article>{figures}"
                    "</article></body></html>", encoding="utf-8")
    [result] = import_files([page], issue_dir)
    assert [p.read_bytes() for p in result.photos] == [PICTURES[1]]
    said = [i18n.text(g, "en") for g in result.guesses]
    outside = [g for g in said if "lies outside the saved page's folder" in g]
    assert len(outside) == 4, said
    assert any("'https://example.com/anh.jpg' is on the web" in g for g in said), said
    # Their captions wait in the header for the editor, as for a linked Word picture.
    _, front, _ = front_matter(result.article)
    assert "Chú thích ảnh số 1 của bài" in front and "Chú thích ảnh số 5 của bài" in front
    assert secret.read_bytes() == PICTURES[0]
    check(issue_dir)


def test_a_saved_page_in_vietnamese_names_the_missing_picture(issue_dir: Path, tmp_path: Path,
                                                             capsys) -> None:
    from conftest import run_main

    page = tmp_path / "trang.html"
    page.write_text('<html><body><h1>Bài thiếu ảnh</h1><p>Đoạn mở đầu của bài viết, đủ dài.'
                    '</p><p><img src="trang_files/mat.jpg" alt="Ảnh bị thiếu"></p>'
                    "<p>Đoạn cuối của bài viết, cũng đủ dài.</p></body></html>",
                    encoding="utf-8")
    code, out, err = run_main(capsys, "import", str(page), "--into", str(issue_dir),
                              "--lang", "vi")
    assert code == 0, err
    assert "ảnh 'trang_files/mat.jpg' không có trong thư mục của trang đã lưu" in out + err


def test_icons_and_unreadable_pictures_are_left_out(issue_dir: Path, tmp_path: Path) -> None:
    from conftest import jpeg_bytes

    page_dir = tmp_path / "p"
    (page_dir / "p_files").mkdir(parents=True)
    (page_dir / "p_files" / "icon.png").write_bytes(_png(16, 16))
    (page_dir / "p_files" / "hong.jpg").write_bytes(b"\xff\xd8\xff not really a JPEG")
    (page_dir / "p_files" / "anh.jpg").write_bytes(jpeg_bytes((640, 480)))
    page = page_dir / "p.html"
    page.write_text('<html><body><h1>Bài có biểu tượng</h1><div class="content">'
                    '<p><img src="p_files/icon.png"> Đoạn mở đầu của bài viết, đủ dài.</p>'
                    '<p><img src="p_files/hong.jpg" alt="hỏng"></p>'
                    '<figure><img src="p_files/anh.jpg"><figcaption>Toàn cảnh buổi lễ khai '
                    "mạc</figcaption></figure><p>Đoạn cuối của bài viết, cũng đủ dài.</p>"
                    "</div></body></html>", encoding="utf-8")
    [result] = import_files([page], issue_dir)
    assert [p.suffix for p in result.photos] == [".jpg"]
    said = [i18n.text(g, "en") for g in result.guesses]
    assert "1 small picture (an icon or a button) was left out" in said, said
    assert any("'p_files/hong.jpg' is not a JPEG, PNG, GIF or WebP picture" in g
               for g in said), said
    check(issue_dir)
    assert read_back(issue_dir, result).photos[0].caption == "Toàn cảnh buổi lễ khai mạc"


def _png(width: int, height: int) -> bytes:
    from io import BytesIO

    from PIL import Image

    data = BytesIO()
    Image.new("RGB", (width, height), "red").save(data, "PNG")
    return data.getvalue()


@pytest.mark.parametrize("content, said", [
    (b"This is not a MIME message at all.\n", "it is not a MIME multipart file"),
    (b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\n'
     b"Content-Type: image/png\n\nxx\n--b--\n", "holds no HTML page"),
])
def test_a_broken_mhtml_is_refused_by_name(content: bytes, said: str, issue_dir: Path,
                                          tmp_path: Path) -> None:
    from bantin_print.errors import InputError

    source = tmp_path / "hong.mhtml"
    source.write_bytes(content)
    before = snapshot(issue_dir)
    with pytest.raises(InputError) as caught:
        import_files([source], issue_dir)
    [problem] = caught.value.problems
    assert problem.file == source and said in problem.text
    assert snapshot(issue_dir) == before
