"""The importers: portal text, saved web pages and Word files into an issue's articles."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata
from io import BytesIO
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH

from bantin_print import i18n, model
from bantin_print.errors import InputError
from bantin_print.importer import Imported, import_files, slugify
from bantin_print.reader import read_issue
from conftest import ARTICLE_TWO, MANIFEST, jpeg_bytes, write_files

SAMPLES = Path(__file__).parent / "import_samples"


# --- helpers ---------------------------------------------------------------------------


def check(issue_dir: Path) -> None:
    """`bantin-print check` passes on the issue."""
    result = subprocess.run([sys.executable, "-m", "bantin_print", "check",
                             str(issue_dir / "issue.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def front_matter(path: Path) -> tuple[dict, str, str]:
    """(fields, front matter text with comments, body) of an article file."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), front, body


def read_back(issue_dir: Path, imported: Imported) -> model.Article:
    issue, _ = read_issue(issue_dir / "issue.yaml")
    for section in issue.sections:
        for article in section.articles:
            if article.path == imported.article.resolve():
                return article
    raise AssertionError(f"{imported.article} is not in the issue")


def paragraphs_of(article: model.Article, exact: bool = False) -> list[str]:
    """The article's paragraphs as read back. The issue's typography rules may put no-break
    spaces in ("năm 2023"): unless `exact`, white space is compared as plain spaces."""
    assert all(isinstance(b, model.Paragraph) for b in article.body), article.body
    texts = [model.plain_text(b.content) for b in article.body]
    return texts if exact else [" ".join(t.split()) for t in texts]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def tcvn3(text: str) -> str:
    """`text` as Word shows it in a .VnTime run: its TCVN3 bytes read as Windows-1252.
    glibc's iconv is the oracle."""
    data = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(),
                          capture_output=True, check=True).stdout
    return data.decode("cp1252")


def cp1258_bytes(text: str) -> bytes:
    """Vietnamese in Windows-1258: letters it has precomposed, tone marks as combining bytes."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)




# --- portal text -----------------------------------------------------------------------


def test_portal_text(issue_dir: Path) -> None:
    source = SAMPLES / "portal.txt"
    [result] = import_files([source], issue_dir)

    assert result.article == issue_dir / "articles" / (
        "dang-bo-cac-co-quan-tinh-day-manh-hoc-tap-va-lam-theo-tu.md")
    assert result.title == ("Đảng bộ Các cơ quan tỉnh đẩy mạnh học tập và làm theo tư tưởng, "
                            "đạo đức, phong cách Hồ Chí Minh")
    assert result.lead.startswith("Năm 2023, Đảng bộ Các cơ quan tỉnh Sơn Hà tiếp tục")
    assert result.author == "Hương Dịu"
    assert result.date == dt.date(2024, 1, 18)
    caption = ("Đồng chí Nguyễn Văn Thắng, Bí thư Đảng ủy Khối trao Giấy khen cho các tập thể, "
               "cá nhân tiêu biểu")
    assert result.captions == [caption]
    assert result.paragraphs == 5
    assert any("Hương Dịu" in g and "last line" in g for g in map(str, result.guesses))
    assert any("PublishingPortal" in g for g in map(str, result.guesses))

    fields, front, body = front_matter(result.article)
    assert fields == {"title": result.title, "lead": result.lead, "author": "Hương Dịu",
                      "date": dt.date(2024, 1, 18)}
    assert f'#   - caption: "{caption}"' in front
    assert '#     credit: "Ảnh: Hương Dịu"' in front
    assert "# Imported from portal.txt by bantin-print import" in front
    for gone in ("PublishingPortal", "Tăng cỡ chữ", "08:30", "Ảnh:"):
        assert gone not in body
    assert body.rstrip().endswith("chỉnh đốn Đảng./.")  # the end mark as written
    assert "Hương Dịu" not in body

    check(issue_dir)
    article = read_back(issue_dir, result)
    body_paragraphs = paragraphs_of(article)
    assert len(body_paragraphs) == 5
    # Lines of one paragraph are joined with a space.
    assert body_paragraphs[1] == (
        "Các chi bộ, đảng bộ cơ sở đã cụ thể hóa chuyên đề thành những việc làm thiết thực, "
        "gắn với cải cách hành chính, nâng cao chất lượng phục vụ người dân và doanh nghiệp; "
        "nhiều cơ quan đã công khai quy trình giải quyết thủ tục hành chính tại bộ phận một cửa.")
    assert article.author == "Hương Dịu" and article.date == dt.date(2024, 1, 18)


def test_portal_text_copied_without_blank_lines(issue_dir: Path, tmp_path: Path) -> None:
    """A browser copy: one line a paragraph, a title wrapped over two lines, a caption
    with its credit on the next line, view counts and the portal's related links."""
    source = tmp_path / "ban-tin.txt"
    source.write_text(
        "Trang chủ > Tin tức > Hoạt động của Sở\r\n"
        "Cập nhật: 05/02/2024 14:15 | Lượt xem: 1.234\r\n"
        "Tăng cỡ chữ | Giảm cỡ chữ | In bài viết | Gửi email\r\n"
        "Sơn Hà: Hội nghị tổng kết công tác\r\n"
        "khoa học và công nghệ năm 2023\r\n"
        "Sáng 02/02/2024, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết công tác năm "
        "2023, triển khai nhiệm vụ năm 2024.\r\n"
        "Quang cảnh hội nghị\r\n"
        "Ảnh: Minh Châu\r\n"
        "Năm 2023, ngành khoa học và công nghệ tỉnh đã hoàn thành cơ bản các chỉ tiêu được "
        "giao, triển khai 27 nhiệm vụ cấp tỉnh.\r\n"
        "Các nhiệm vụ trọng tâm năm 2024 được hội nghị thống nhất thông qua gồm những nội "
        "dung sau đây:\r\n"
        "1. Ưu tiên đặt hàng các nhiệm vụ gắn với sản phẩm chủ lực: cà phê chè, mắc ca và "
        "dược liệu.\r\n"
        "2. Hoàn thành đăng ký bảo hộ nhãn hiệu chứng nhận cho ít nhất 3 sản phẩm đặc sản "
        "của tỉnh.\r\n"
        "Hội nghị đã khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong năm 2023./."
        "\r\n"
        "Minh Châu\r\n"
        "Chia sẻ\r\n"
        "Facebook Zalo Twitter\r\n"
        "Tin liên quan\r\n"
        "Cuộc thi khởi nghiệp năm 2024 chính thức khởi động\r\n",
        encoding="utf-8", newline="")
    [result] = import_files([source], issue_dir)

    assert result.title == "Sơn Hà: Hội nghị tổng kết công tác khoa học và công nghệ năm 2023"
    assert result.lead.startswith("Sáng 02/02/2024, Sở Khoa học")
    assert result.date == dt.date(2024, 2, 5)
    assert result.author == "Minh Châu"
    assert result.captions == ["Quang cảnh hội nghị"]
    assert result.paragraphs == 5
    assert any("Tin liên quan" in g for g in map(str, result.guesses))
    check(issue_dir)
    body = paragraphs_of(read_back(issue_dir, result))
    assert body[2].startswith("1. Ưu tiên") and body[3].startswith("2. Hoàn thành")
    assert body[-1].endswith("năm 2023./.")
    assert not any("khởi nghiệp năm 2024" in p or "Facebook" in p for p in body)
    _, front, _ = front_matter(result.article)
    assert '#     credit: "Ảnh: Minh Châu"' in front


def test_portal_text_with_one_pasted_legacy_paragraph(issue_dir: Path, tmp_path: Path) -> None:
    # Good Unicode that a conversion of the whole text would ruin ("trên" -> "trờn"), and
    # one paragraph copied out of an old .VnTime document.
    good = ("Trên đồi Pù Luông, bà Hà buộc bó lúa bên bếp lửa; ông Lò Văn Bó đọc to "
            "tin vui của bản.")
    legacy = "Bộ Chính trị đã họp và thông qua nghị quyết về công tác cán bộ của tỉnh."
    source = tmp_path / "bai.txt"
    source.write_text(f"Tin ngắn từ bản Pù Luông\n\n{good}\n\n{tcvn3(legacy)}\n\n{good}\n",
                      encoding="utf-8")
    [result] = import_files([source], issue_dir)
    assert any("TCVN3" in g and "line 5" in g for g in map(str, result.guesses)), result.guesses
    check(issue_dir)
    body = paragraphs_of(read_back(issue_dir, result))
    assert good in body and legacy in body, body


@pytest.mark.parametrize("encoding", ["cp1258", "tcvn3"])
def test_portal_text_in_a_legacy_encoding(issue_dir: Path, tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "cu.txt"
    text = ("Tin ngắn\n\nNgày 20/01/2024, Hội Nông dân tỉnh tổ chức tập huấn kỹ thuật trồng "
            "cà phê cho hội viên các huyện phía bắc của tỉnh.\n\nLớp học thu hút đông đảo "
            "hội viên tham gia, nhiều người đã đặt câu hỏi cho cán bộ kỹ thuật.\n")
    source.write_bytes(cp1258_bytes(text) if encoding == "cp1258"
                       else tcvn3(text).encode("cp1252"))
    [result] = import_files([source], issue_dir)
    assert result.title == "Tin ngắn"
    assert result.lead == ("Ngày 20/01/2024, Hội Nông dân tỉnh tổ chức tập huấn kỹ thuật trồng "
                           "cà phê cho hội viên các huyện phía bắc của tỉnh.")
    assert any(encoding.upper() in g for g in map(str, result.guesses))
    check(issue_dir)
    assert paragraphs_of(read_back(issue_dir, result)) == [
        "Lớp học thu hút đông đảo hội viên tham gia, nhiều người đã đặt câu hỏi cho cán bộ kỹ "
        "thuật."]


# --- a saved web page --------------------------------------------------------------------


def test_saved_web_page(issue_dir: Path) -> None:
    [result] = import_files([SAMPLES / "portal.html"], issue_dir)

    assert result.title == "Sở Khoa học và Công nghệ tổng kết công tác năm 2023"
    assert result.lead.startswith("Ngày 12/01/2024, Sở Khoa học và Công nghệ tỉnh Sơn Hà")
    assert result.author == "Minh Châu"
    assert result.date == dt.date(2024, 1, 18)
    assert result.captions == ["Quang cảnh hội nghị tổng kết công tác năm 2023"]
    assert result.paragraphs == 5

    fields, front, body = front_matter(result.article)
    assert fields["title"] == result.title and fields["author"] == "Minh Châu"
    assert '#   - caption: "Quang cảnh hội nghị tổng kết công tác năm 2023"' in front
    assert '#     credit: "Ảnh: Minh Châu"' in front
    for gone in ("_gaq", "script", "Trang chủ", "Giới thiệu", "Tăng cỡ chữ", "In bài viết",
                 "Facebook", "Chia sẻ", "Tin liên quan", "Ý tưởng khởi nghiệp", "Tin đọc nhiều",
                 "Cơ quan chủ quản", "Ghi rõ nguồn", "Logo"):
        assert gone not in body, gone

    check(issue_dir)
    body_paragraphs = paragraphs_of(read_back(issue_dir, result))
    assert body_paragraphs[0].startswith("Năm 2023, ngành khoa học")
    # The source's line break inside a <p> is a space; the emphasis keeps its text.
    assert ("18 dự án được ươm tạo, trong đó 5 dự án đã thành lập doanh nghiệp."
            in body_paragraphs[3])
    assert "là “lấy ứng dụng làm thước đo”, tập trung" in body_paragraphs[4]


def test_web_page_in_its_declared_charset(issue_dir: Path, tmp_path: Path) -> None:
    """A windows-1258 page with the title in a class, an author element, a caption
    class and a picture described only by its alt text; no <h1>."""
    page = (
        '<html><head><meta charset="windows-1258"><title>Tin – Cổng</title></head><body>'
        '<div id="menu"><a href="/">Trang chủ</a> | <a href="/lh">Liên hệ</a></div>'
        '<div class="article">'
        '<div class="title-detail">Hội thi cán bộ, công chức trẻ giỏi năm 2024</div>'
        '<span class="ngay-dang">Ngày 22/03/2024</span>'
        '<div class="article-body">'
        '<p><strong>Hội thi cán bộ, công chức trẻ giỏi được tổ chức nhằm tôn vinh những '
        'gương mặt tiêu biểu.</strong></p>'
        '<p>Tham gia hội thi có 45 thí sinh đến từ các sở, ban, ngành và địa phương trong '
        'tỉnh.</p>'
        '<p><img src="a.jpg" alt="Các thí sinh tham gia phần thi kiến thức"></p>'
        '<p>Qua hai vòng thi, ban tổ chức đã trao 1 giải nhất, 2 giải nhì và 3 giải ba cho '
        'các thí sinh xuất sắc.</p>'
        '<div class="chuthich">Ban tổ chức trao giải nhất cho thí sinh Lê Thu Trang</div>'
        '<p>Hội thi là dịp để cán bộ trẻ giao lưu, học hỏi kinh nghiệm lẫn nhau trong công '
        'tác chuyên môn.</p>'
        '</div><p class="tacgia">Tác giả: Ngọc Lan</p></div>'
        '<div class="footer"><p>Bản quyền thuộc về cơ quan chủ quản, ghi rõ nguồn khi '
        'phát hành lại.</p></div></body></html>')
    source = tmp_path / "hoi-thi.htm"
    source.write_bytes(cp1258_bytes(page))
    [result] = import_files([source], issue_dir)

    assert result.title == "Hội thi cán bộ, công chức trẻ giỏi năm 2024"
    assert result.date == dt.date(2024, 3, 22)
    assert result.author == "Ngọc Lan"
    assert result.lead == ("Hội thi cán bộ, công chức trẻ giỏi được tổ chức nhằm tôn vinh "
                           "những gương mặt tiêu biểu.")
    assert sorted(result.captions) == ["Ban tổ chức trao giải nhất cho thí sinh Lê Thu Trang",
                                       "Các thí sinh tham gia phần thi kiến thức"]
    assert result.paragraphs == 3
    assert any("alternative text" in g for g in map(str, result.guesses))
    check(issue_dir)
    body = paragraphs_of(read_back(issue_dir, result))
    assert body[0].startswith("Tham gia hội thi có 45 thí sinh")
    assert not any("Bản quyền" in p or "Liên hệ" in p for p in body)


def test_publishing_portal_page(issue_dir: Path) -> None:
    """The class names of a SharePoint "PublishingPortal" page (NewsTitle, ArticleSummary,
    ArticleDate, BanTin_Toolbar), a centred italic caption under a picture, "PV"."""
    [result] = import_files([SAMPLES / "publishing-portal.html"], issue_dir)
    assert result.title == "Tỉnh Sơn Hà phát động Tết trồng cây năm 2024"
    assert result.lead.startswith("(Sơn Hà) - Sáng 18/01, UBND tỉnh tổ chức Lễ phát động")
    assert result.date == dt.date(2024, 1, 18)
    assert result.author == "PV"
    assert result.captions == ["Các đại biểu trồng cây tại buổi lễ phát động"]
    assert result.paragraphs == 3
    check(issue_dir)
    body = paragraphs_of(read_back(issue_dir, result))
    assert body[0].startswith("Phát biểu tại buổi lễ")
    assert not any("Tết trồng cây năm 2024" in p or "Lượt xem" in p for p in body)


def test_old_portal_page_with_br_paragraphs(issue_dir: Path, tmp_path: Path) -> None:
    """A table layout, paragraphs separated by <br><br>, a label before the title and an
    author set right-aligned in bold; no <p> at all."""
    source = tmp_path / "cu.html"
    source.write_text(
        '<html><body><div id="header"><a href="/">Trang chủ</a></div><table><tr>'
        '<td class="left"><a href="/a">Giới thiệu</a><br><a href="/b">Liên hệ</a></td>'
        '<td class="main"><b>TIN TỨC</b><br>'
        '<span class="tieude">Hội Cựu chiến binh xã tổng kết năm 2023</span><br><br>'
        "Ngày 5/1/2024, Hội Cựu chiến binh xã Tân Lập tổ chức hội nghị tổng kết công tác "
        "Hội năm 2023.<br><br>Năm qua, Hội đã vận động hội viên tham gia đóng góp ngày công "
        "làm đường giao thông\nnông thôn.<br><br>Hội cũng trao 10 suất quà cho hội viên có "
        "hoàn cảnh khó khăn nhân dịp Tết Nguyên đán.<br><br>"
        '<div align="right"><b>Văn Hùng</b></div></td></tr></table></body></html>',
        encoding="utf-8")
    [result] = import_files([source], issue_dir)
    assert result.title == "Hội Cựu chiến binh xã tổng kết năm 2023"
    assert result.author == "Văn Hùng"
    assert result.lead is None  # not set in bold: a web page's lead is never guessed
    check(issue_dir)
    assert paragraphs_of(read_back(issue_dir, result)) == [
        "Ngày 5/1/2024, Hội Cựu chiến binh xã Tân Lập tổ chức hội nghị tổng kết công tác Hội "
        "năm 2023.",
        "Năm qua, Hội đã vận động hội viên tham gia đóng góp ngày công làm đường giao thông "
        "nông thôn.",
        "Hội cũng trao 10 suất quà cho hội viên có hoàn cảnh khó khăn nhân dịp Tết Nguyên đán.",
    ]


# --- a Word file -------------------------------------------------------------------------


def test_word_file_with_legacy_fonts(issue_dir: Path, tmp_path: Path) -> None:
    # The fixture's TCVN3 text is what the brief names: "§¶ng bé tØnh" for "Đảng bộ tỉnh".
    assert tcvn3("Đảng bộ tỉnh") == "§¶ng bé tØnh"
    document = docx.Document()
    document.add_paragraph("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười lăm", style="Title")
    lead = document.add_paragraph()
    lead.add_run("Ngày 18/01/2024, Ban Chấp hành Đảng bộ tỉnh Sơn Hà khóa XVII tổ chức hội "
                 "nghị lần thứ mười lăm để đánh giá kết quả năm 2023.").bold = True
    p = document.add_paragraph("Phát biểu khai mạc, đồng chí Bí thư Tỉnh ủy nhấn mạnh vai trò "
                               "của ")
    p.add_run("§¶ng bé tØnh").font.name = ".VnTime"
    p.add_run(" trong lãnh đạo thực hiện thắng lợi các nhiệm vụ chính trị.")
    document.add_paragraph().add_run(tcvn3("nghị quyết đại hội đảng bộ")).font.name = ".VnTimeH"
    p = document.add_paragraph("Hội nghị thông qua chương trình hợp tác với các địa phương, "
                               "góp phần xây dựng ")
    p.add_run("Vieät Nam").font.name = "VNI-Times"
    p.add_run(" giàu mạnh.")
    document.add_paragraph("Hội nghị kết thúc tốt đẹp sau hai ngày làm việc khẩn trương, "
                           "nghiêm túc./.")
    author = document.add_paragraph()
    author.add_run("Thu Hà").bold = True
    author.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    source = tmp_path / "hoi-nghi.docx"
    document.save(source)

    [result] = import_files([source], issue_dir)
    assert result.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ mười lăm"
    assert result.lead.startswith("Ngày 18/01/2024, Ban Chấp hành")
    assert result.author == "Thu Hà"
    assert result.paragraphs == 4
    assert any(".VnTime" in g and "VNI-Times" in g for g in map(str, result.guesses))
    check(issue_dir)
    body = paragraphs_of(read_back(issue_dir, result))
    assert body == [
        "Phát biểu khai mạc, đồng chí Bí thư Tỉnh ủy nhấn mạnh vai trò của Đảng bộ tỉnh trong "
        "lãnh đạo thực hiện thắng lợi các nhiệm vụ chính trị.",
        "NGHỊ QUYẾT ĐẠI HỘI ĐẢNG BỘ",
        "Hội nghị thông qua chương trình hợp tác với các địa phương, góp phần xây dựng Việt Nam "
        "giàu mạnh.",
        "Hội nghị kết thúc tốt đẹp sau hai ngày làm việc khẩn trương, nghiêm túc./.",
    ]


def test_word_file_fonts_from_styles_and_a_picture_caption(issue_dir: Path,
                                                           tmp_path: Path) -> None:
    """A paragraph style set in .VnTime (no font on the runs), a document default in
    VNI-Times, a picture with a short italic caption under it, a date line."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    document = docx.Document()
    fonts = document.styles.element.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}rFonts")
    for key in ("ascii", "hAnsi"):
        fonts.set(f"{w}{key}", "VNI-Times")
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    document.styles["Normal"].font.name = None  # Normal takes the document default
    legacy_style = document.styles.add_style("Than bai cu", 1)
    legacy_style.font.name = ".VnTime"

    document.add_paragraph().add_run("Thứ Hai, 05/02/2024").font.name = "Arial"
    document.add_paragraph().add_run("Chuyển đổi số ở xã Tân Lập").font.name = "Arial"
    document.add_paragraph(tcvn3("Xã Tân Lập đã hoàn thành việc số hóa hồ sơ địa chính của "
                                 "toàn bộ các thửa đất trên địa bàn."), style=legacy_style)
    document.add_picture(BytesIO(jpeg_bytes()))
    caption = document.add_paragraph()
    caption.add_run(tcvn3("Cán bộ xã hướng dẫn người dân tra cứu hồ sơ")).italic = True
    caption.style = legacy_style
    document.add_paragraph("Nhôø ñoù, thôøi gian giaûi quyeát thuû tuïc ñaát ñai ruùt ngaén "
                           "moät nöûa.")
    source = tmp_path / "xa.docx"
    document.save(source)

    [result] = import_files([source], issue_dir)
    assert result.title == "Chuyển đổi số ở xã Tân Lập"
    assert result.date == dt.date(2024, 2, 5)
    assert result.captions == [] and len(result.photos) == 1  # the picture came with it
    assert result.lead == ("Xã Tân Lập đã hoàn thành việc số hóa hồ sơ địa chính của toàn bộ "
                           "các thửa đất trên địa bàn.")
    check(issue_dir)
    article = read_back(issue_dir, result)
    assert [p.caption for p in article.photos] == ["Cán bộ xã hướng dẫn người dân tra cứu hồ sơ"]
    assert paragraphs_of(article) == [
        "Nhờ đó, thời gian giải quyết thủ tục đất đai rút ngắn một nửa."]


def test_word_file_without_a_title_style(issue_dir: Path, tmp_path: Path) -> None:
    """Headings inside the text stay where they are; the title is the first paragraph."""
    document = docx.Document()
    document.add_paragraph("Phong trào thi đua yêu nước ở huyện Ngọc Lâm")
    document.add_paragraph("Những năm qua, phong trào thi đua yêu nước ở huyện Ngọc Lâm được "
                           "triển khai sâu rộng, đạt nhiều kết quả quan trọng.")
    document.add_paragraph("Kết quả nổi bật", style="Heading 1")
    document.add_paragraph("Toàn huyện có 120 tập thể, 350 cá nhân được khen thưởng.")
    document.add_paragraph("Tác giả: Phạm Minh")
    source = tmp_path / "thi-dua.docx"
    document.save(source)
    [result] = import_files([source], issue_dir)
    assert result.title == "Phong trào thi đua yêu nước ở huyện Ngọc Lâm"
    assert result.lead.startswith("Những năm qua")
    assert result.author == "Phạm Minh"
    check(issue_dir)
    heading, paragraph = read_back(issue_dir, result).body
    assert isinstance(heading, model.Heading) and heading.level == 2  # Heading 1 in the text
    assert model.plain_text(heading.content) == "Kết quả nổi bật"
    assert model.plain_text(paragraph.content) == ("Toàn huyện có 120 tập thể, 350 cá nhân "
                                                   "được khen thưởng.")


def kinds(inlines) -> list[tuple[str, str]]:
    """(kind, text) of each inline: what a reader of the article sees marked (the no-break
    spaces of the typography rules as spaces)."""
    return [(type(i).__name__, " ".join(model.plain_text([i]).split())) for i in inlines]


def test_word_headings_emphasis_and_links_are_kept(issue_dir: Path, tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Hội thảo chuyển đổi số năm 2024", level=1)
    document.add_paragraph("Sáng 12/3, Sở tổ chức hội thảo về chuyển đổi số.").runs[0].bold = True
    document.add_heading("Những kết quả nổi bật", level=2)
    paragraph = document.add_paragraph("Năm qua, tỉnh đã ")
    paragraph.add_run("hoàn thành").bold = True
    paragraph.add_run(" nhiều chỉ tiêu, trong đó ")
    paragraph.add_run("đáng chú ý").italic = True
    paragraph.add_run(" là cổng dịch vụ công; chỉ tiêu ")
    paragraph.add_run("cũ").font.strike = True
    paragraph.add_run(" đã được thay. Xem thêm tại ")
    rid = document.part.relate_to("https://example.gov.vn/cds", RELATIONSHIP_TYPE.HYPERLINK,
                                  is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "cổng thông tin"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(".")
    document.add_heading("Nhiệm vụ năm 2025", level=3)
    document.add_paragraph("Sao (*) và gạch dưới (_) là chữ, không phải định dạng.")
    document.add_paragraph("Nguyễn Văn Bình")
    source = tmp_path / "hoi-thao.docx"
    document.save(source)

    [result] = import_files([source], issue_dir)
    assert (result.title, result.author) == ("Hội thảo chuyển đổi số năm 2024", "Nguyễn Văn Bình")
    assert result.lead == "Sáng 12/3, Sở tổ chức hội thảo về chuyển đổi số."
    check(issue_dir)
    first, body, second, last = read_back(issue_dir, result).body
    assert (first.level, kinds(first.content)) == (2, [("Text", "Những kết quả nổi bật")])
    assert (second.level, kinds(second.content)) == (3, [("Text", "Nhiệm vụ năm 2025")])
    marked = [k for k in kinds(body.content) if k[0] != "Text"]
    assert marked == [("Strong", "hoàn thành"), ("Emphasis", "đáng chú ý"),
                      ("Strikethrough", "cũ"), ("Link", "cổng thông tin")]
    assert next(i for i in body.content if isinstance(i, model.Link)).target == \
        "https://example.gov.vn/cds"
    assert kinds(last.content) == [("Text", "Sao (*) và gạch dưới (_) là chữ, không phải "
                                            "định dạng.")]


# --- the manifest ------------------------------------------------------------------------

COMMENTED = MANIFEST.replace("sections:\n", "# Các chuyên mục của số này\nsections:\n").replace(
    "      - articles/hai.md\n",
    "      - articles/hai.md   # tin ngắn\n"
    "  # Chuyên mục thứ hai\n"
    "  - title: Nghiên cứu - Trao đổi\n"
    "    articles:\n"
    "      - articles/ba.md\n"
    "\n"
    "# hết danh sách\n")


@pytest.fixture
def commented_issue(issue_dir: Path) -> Path:
    write_files(issue_dir, {"issue.yaml": COMMENTED, "articles/ba.md": ARTICLE_TWO})
    return issue_dir


def section_lists(issue_dir: Path) -> list[tuple[str, list[str]]]:
    """(title, article file names) of every section, as read back. The typography rules
    set a spaced hyphen as an en dash: titles are compared with the hyphen typed."""
    issue, _ = read_issue(issue_dir / "issue.yaml")
    return [(s.title.replace(" – ", " - "), [a.path.name for a in s.articles])
            for s in issue.sections]


def test_into_an_existing_section_by_title(commented_issue: Path) -> None:
    [result] = import_files([SAMPLES / "portal.txt"], commented_issue,
                            section="Tin tức - Sự kiện")
    name = result.article.name
    assert section_lists(commented_issue) == [
        ("Tin tức - Sự kiện", ["mot.md", "hai.md", name]),
        ("Nghiên cứu - Trao đổi", ["ba.md"]),
    ]
    text = (commented_issue / "issue.yaml").read_text(encoding="utf-8")
    assert text == COMMENTED.replace("      - articles/hai.md   # tin ngắn\n",
                                     "      - articles/hai.md   # tin ngắn\n"
                                     f"      - articles/{name}\n")
    check(commented_issue)


def test_into_the_last_section_by_default(commented_issue: Path) -> None:
    [result] = import_files([SAMPLES / "portal.html"], commented_issue)
    assert section_lists(commented_issue)[-1] == ("Nghiên cứu - Trao đổi",
                                                  ["ba.md", result.article.name])
    text = (commented_issue / "issue.yaml").read_text(encoding="utf-8")
    assert "# Các chuyên mục của số này\n" in text and "# tin ngắn\n" in text
    assert text.endswith(f"      - articles/{result.article.name}\n\n# hết danh sách\n")
    check(commented_issue)


def test_into_a_new_section(commented_issue: Path) -> None:
    [result] = import_files([SAMPLES / "portal.txt"], commented_issue,
                            section="Gương chi bộ, đảng viên")
    assert section_lists(commented_issue) == [
        ("Tin tức - Sự kiện", ["mot.md", "hai.md"]),
        ("Nghiên cứu - Trao đổi", ["ba.md"]),
        ("Gương chi bộ, đảng viên", [result.article.name]),
    ]
    text = (commented_issue / "issue.yaml").read_text(encoding="utf-8")
    assert ("      - articles/ba.md\n"
            "  - title: Gương chi bộ, đảng viên\n"
            "    articles:\n"
            f"      - articles/{result.article.name}\n"
            "\n# hết danh sách\n") in text
    for comment in ("# Các chuyên mục của số này", "# tin ngắn", "# Chuyên mục thứ hai"):
        assert comment in text
    check(commented_issue)


def test_a_section_title_that_needs_quotes(issue_dir: Path) -> None:
    import_files([SAMPLES / "portal.txt"], issue_dir, section="Văn bản: chính sách mới")
    assert section_lists(issue_dir)[-1][0] == "Văn bản: chính sách mới"
    check(issue_dir)


def test_the_same_title_twice_in_one_run_gives_two_files(issue_dir: Path) -> None:
    first, second = import_files([SAMPLES / "portal.txt", SAMPLES / "portal.txt"], issue_dir)
    assert [first.article.name, second.article.name] == [f"{PORTAL}.md", f"{PORTAL}-2.md"]
    assert section_lists(issue_dir) == [
        ("Tin tức - Sự kiện", ["mot.md", "hai.md", f"{PORTAL}.md", f"{PORTAL}-2.md"])]
    check(issue_dir)


PORTAL = "dang-bo-cac-co-quan-tinh-day-manh-hoc-tap-va-lam-theo-tu"


def test_importing_a_file_again_is_refused_and_nothing_is_written(issue_dir: Path) -> None:
    import_files([SAMPLES / "portal.txt"], issue_dir)
    before = {p: p.read_bytes() for p in issue_dir.rglob("*") if p.is_file()}
    with pytest.raises(InputError) as raised:
        import_files([SAMPLES / "portal.txt"], issue_dir)
    [problem] = raised.value.problems
    assert problem.file == SAMPLES / "portal.txt"
    assert (f"the issue already has this article, articles/{PORTAL}.md" in problem.text
            and "--replace" in problem.text and "--as-new" in problem.text)
    assert {p: p.read_bytes() for p in issue_dir.rglob("*") if p.is_file()} == before


def test_as_new_adds_it_again_and_replace_writes_it_again_keeping_the_old(
        issue_dir: Path) -> None:
    import_files([SAMPLES / "portal.txt"], issue_dir)
    again = import_files([SAMPLES / "portal.txt"], issue_dir, again="new")[0]
    assert again.article.name == f"{PORTAL}-2.md"

    article = issue_dir / "articles" / f"{PORTAL}.md"
    imported = article.read_text(encoding="utf-8")
    edited = imported.replace("\n---\n", "\n---\nMột đoạn biên tập viên đã thêm.\n\n", 1)
    article.write_text(edited, encoding="utf-8")
    manifest = (issue_dir / "issue.yaml").read_bytes()
    replaced = import_files([SAMPLES / "portal.txt"], issue_dir, again="replace")[0]
    assert replaced.article == article
    assert article.read_text(encoding="utf-8") == imported  # written again from the source
    assert (issue_dir / "articles" / f"{PORTAL}.md.orig").read_text(encoding="utf-8") == edited
    assert (issue_dir / "issue.yaml").read_bytes() == manifest  # listed once already
    assert section_lists(issue_dir) == [
        ("Tin tức - Sự kiện", ["mot.md", "hai.md", f"{PORTAL}.md", f"{PORTAL}-2.md"])]
    check(issue_dir)


@pytest.mark.parametrize("sections, expected_text", [
    # The list written without indentation under its key.
    ("sections:\n- title: Tin tức - Sự kiện\n  articles:\n  - articles/mot.md\n"
     "  - articles/hai.md\n",
     "sections:\n- title: Tin tức - Sự kiện\n  articles:\n  - articles/mot.md\n"
     "  - articles/hai.md\n- title: Mới\n  articles:\n  - articles/NEW\n"),
    # Four spaces, CRLF line ends, no final line end.
    ("sections:\r\n    -   title: Tin tức - Sự kiện\r\n        articles:\r\n"
     "            - articles/mot.md\r\n            - articles/hai.md",
     "sections:\r\n    -   title: Tin tức - Sự kiện\r\n        articles:\r\n"
     "            - articles/mot.md\r\n            - articles/hai.md\r\n"
     "    -   title: Mới\r\n        articles:\r\n            - articles/NEW\r\n"),
])
def test_new_section_follows_the_files_layout(issue_dir: Path, sections: str,
                                              expected_text: str) -> None:
    head = MANIFEST.split("sections:\n")[0]
    (issue_dir / "issue.yaml").write_bytes((head.replace("\n", "\r\n") if "\r\n" in sections
                                            else head).encode() + sections.encode())
    [result] = import_files([SAMPLES / "portal.txt"], issue_dir, section="Mới")
    text = (issue_dir / "issue.yaml").read_bytes().decode()
    assert text.endswith(expected_text.replace("NEW", result.article.name))
    check(issue_dir)


@pytest.mark.parametrize("articles", ["articles:\n", "articles: []  # chưa có bài\n", ""])
def test_a_section_without_articles_yet(issue_dir: Path, articles: str) -> None:
    manifest = MANIFEST + "  - title: Thông tin từ cơ sở\n    " + articles
    if not articles:
        manifest = MANIFEST + "  - title: Thông tin từ cơ sở\n"
    (issue_dir / "issue.yaml").write_text(manifest, encoding="utf-8")
    [result] = import_files([SAMPLES / "portal.txt"], issue_dir, section="Thông tin từ cơ sở")
    assert section_lists(issue_dir)[-1] == ("Thông tin từ cơ sở", [result.article.name])
    if "#" in articles:
        assert "    articles: # chưa có bài\n" in (issue_dir / "issue.yaml").read_text()
    check(issue_dir)


def test_a_flow_style_list_is_refused_untouched(issue_dir: Path) -> None:
    manifest = MANIFEST.replace("    articles:\n      - articles/mot.md\n      - articles/hai.md\n",
                                "    articles: [articles/mot.md, articles/hai.md]\n")
    (issue_dir / "issue.yaml").write_text(manifest, encoding="utf-8")
    before = snapshot(issue_dir)
    with pytest.raises(InputError) as error:
        import_files([SAMPLES / "portal.txt"], issue_dir)
    assert "by hand" in str(error.value)
    assert snapshot(issue_dir) == before


# --- errors --------------------------------------------------------------------------------


def test_bad_files_are_all_named_and_nothing_is_written(issue_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.txt"
    unknown = tmp_path / "bai.pdf"
    unknown.write_bytes(b"%PDF-1.4")
    empty = tmp_path / "trong.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    only_portal = tmp_path / "chi-co-menu.txt"
    only_portal.write_text("Tăng cỡ chữ Giảm cỡ chữ\nIn bài viết\nChia sẻ\n", encoding="utf-8")
    before = snapshot(issue_dir)

    with pytest.raises(InputError) as error:
        import_files([SAMPLES / "portal.txt", missing, unknown, empty, only_portal], issue_dir)
    named = {p.file: p.text for p in error.value.problems}
    assert set(named) == {missing, unknown, empty, only_portal}
    assert "does not exist" in named[missing]
    assert "unknown file type ('.pdf')" in named[unknown]
    assert "empty" in named[empty]
    assert "no article text" in named[only_portal]
    assert snapshot(issue_dir) == before  # the good file was not imported either


@pytest.mark.parametrize("name, message", [
    ("cu.doc", "save it as .docx"),
    ("hong.docx", "cannot be read"),
    ("thu-muc.txt", "is a folder"),
])
def test_other_bad_files(issue_dir: Path, tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if name == "thu-muc.txt":
        path.mkdir()
    else:
        path.write_bytes(b"not a zip file at all")
    before = snapshot(issue_dir)
    with pytest.raises(InputError) as error:
        import_files([path], issue_dir)
    [problem] = error.value.problems
    assert problem.file == path and message in problem.text
    assert snapshot(issue_dir) == before


@pytest.mark.parametrize("manifest, message", [
    (MANIFEST.split("sections:")[0], "no list of sections"),
    (MANIFEST.split("sections:")[0] + "sections: []\n", "no list of sections"),
    ("publication: [\n", "never closed"),
    (None, "does not exist"),
])
def test_a_manifest_that_cannot_take_articles(issue_dir: Path, manifest: str | None,
                                              message: str) -> None:
    if manifest is None:
        (issue_dir / "issue.yaml").unlink()
    else:
        (issue_dir / "issue.yaml").write_text(manifest, encoding="utf-8")
    before = snapshot(issue_dir)
    with pytest.raises(InputError) as error:
        import_files([SAMPLES / "portal.txt"], issue_dir)
    assert any(p.file == issue_dir / "issue.yaml" and message in p.text
               for p in error.value.problems), error.value.problems
    assert snapshot(issue_dir) == before


# --- Markdown safety --------------------------------------------------------------------

TRICKY = [
    "1. Ưu tiên các nhiệm vụ gắn với sản phẩm chủ lực của tỉnh.",
    "- Hoàn thành đăng ký nhãn hiệu cho ba sản phẩm đặc sản.",
    "# Số 01-KL/TW là kết luận của Bộ Chính trị về học tập và làm theo Bác.",
    "> Trích: “Cán bộ là cái gốc của mọi công việc”.",
    "2) Đẩy mạnh chuyển đổi số trong cơ quan nhà nước.",
    "* Ghi chú: số liệu tính đến ngày 31/12/2023.",
    "+ Tăng 15% so với cùng kỳ năm trước.",
    "=== hết phần một ===",
    "Giá trị sản xuất đạt *5 tỷ đồng* trong năm, xem <https://sonha.gov.vn> và [phụ lục].",
    "Nhiệm vụ 2024: hoàn thiện hồ sơ theo mẫu `01/ĐK` và nộp trước ngày 30/6.",
    "2024. Một năm nhiều dấu ấn của ngành khoa học và công nghệ tỉnh nhà.",
]


def test_markdown_characters_read_back_as_typed(issue_dir: Path, tmp_path: Path) -> None:
    # The typography rules off, the text must come back character for character.
    (issue_dir / "issue.yaml").write_text("text:\n  typography: no\n" + MANIFEST,
                                          encoding="utf-8")
    source = tmp_path / "ky-tu.txt"
    source.write_text("Những điều cần biết\n\nMở đầu bài viết về các nhiệm vụ năm 2024.\n\n"
                      + "\n\n".join(TRICKY) + "\n", encoding="utf-8")
    [result] = import_files([source], issue_dir)
    assert result.paragraphs == len(TRICKY)
    check(issue_dir)
    assert paragraphs_of(read_back(issue_dir, result), exact=True) == TRICKY
    body = front_matter(result.article)[2]
    # Escaped only at the start where nothing inside would change the reading.
    assert "1\\. Ưu tiên" in body and "\\- Hoàn thành" in body and "\\# Số 01-KL/TW" in body
    assert "Số 01-KL/TW là kết luận" in body


def test_quotes_and_backslashes_in_the_front_matter(issue_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "ngoac.txt"
    source.write_text('Bài "đặc biệt": tiêu đề có \\ và # dấu\n\n'
                      "Lead: có dấu hai chấm, dấu # và 'nháy đơn'.\n\nThân bài đủ dài.\n",
                      encoding="utf-8")
    [result] = import_files([source], issue_dir)
    fields, _, _ = front_matter(result.article)
    assert fields["title"] == 'Bài "đặc biệt": tiêu đề có \\ và # dấu'
    assert fields["lead"] == "Lead: có dấu hai chấm, dấu # và 'nháy đơn'."
    check(issue_dir)


# --- small pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize("title, slug", [
    ("Đảng bộ tỉnh Sơn Hà", "dang-bo-tinh-son-ha"),
    ("ĐẠI HỘI ĐẢNG BỘ LẦN THỨ XVII, NHIỆM KỲ 2020 – 2025",
     "dai-hoi-dang-bo-lan-thu-xvii-nhiem-ky-2020-2025"),
    ("Ưu tiên “hoà, thuỷ, khoẻ”: 100% cơ quan!", "uu-tien-hoa-thuy-khoe-100-co-quan"),
    ("Một tiêu đề rất dài về việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "mot-tieu-de-rat-dai-ve-viec-hoc-tap-va-lam-theo-tu-tuong-dao"),
    ("“…”", "bai-viet"),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slug) <= 60


@pytest.mark.parametrize("name", ["bai-tu-html.docx", "bai-co-cau-truc.docx"])
def test_a_word_file_from_libreoffice_keeps_its_headings_and_emphasis(
        name: str, issue_dir: Path) -> None:
    """Files a real word processor wrote (tests/import_samples/office/README.md): bold and
    italic through character styles ("Strong", "Emphasis") or direct, headings by style."""
    [result] = import_files([SAMPLES / "office" / name], issue_dir)
    assert result.title == "Tưới nhỏ giọt tiết kiệm nước cho vườn cà phê ở huyện Tân Lập"
    check(issue_dir)
    body = read_back(issue_dir, result).body
    headings = [(b.level, kinds(b.content)[0][1]) for b in body if isinstance(b, model.Heading)]
    assert headings == [(2, "Mô hình thí điểm tại ba xã"), (3, "Chi phí đầu tư"),
                        (2, "Kết quả bước đầu")]
    marked = [k for b in body if isinstance(b, model.Paragraph)
              for k in kinds(b.content) if k[0] != "Text"]
    assert marked[:4] == [("Strong", "15 ha"), ("Strikethrough", "10 ha"),
                          ("Emphasis", "kỹ thuật tưới theo độ ẩm đất"),
                          ("Link", "Cổng thông tin điện tử của Sở")]


def list_texts(block: model.ListBlock) -> list:
    """The items' texts, a nested list as a list of its own."""
    out: list = []
    for item in block.items:
        for inner in item:
            if isinstance(inner, model.ListBlock):
                out.append(list_texts(inner))
            else:
                out.append(" ".join(model.plain_text(inner.content).split()))
    return out


@pytest.mark.parametrize("name", ["bai-tu-html.docx", "bai-co-cau-truc.docx"])
def test_a_word_file_from_libreoffice_keeps_its_lists(name: str, issue_dir: Path) -> None:
    [result] = import_files([SAMPLES / "office" / name], issue_dir)
    check(issue_dir)
    lists = [b for b in read_back(issue_dir, result).body if isinstance(b, model.ListBlock)]
    assert [(b.ordered, list_texts(b)) for b in lists] == [
        (False, ["Trạm bơm và bể chứa nước trung tâm;", "Bộ lọc đĩa và bộ châm phân tự động;",
                 "Mạng đường ống dẫn, gồm:",
                 ["ống chính bằng nhựa HDPE đường kính 63 mm;",
                  "ống nhánh có đầu nhỏ giọt bù áp, lưu lượng 2 lít/giờ;"],
                 "Cảm biến độ ẩm đất kết nối với điện thoại thông minh."]),
        (True, ["Khảo sát nguồn nước và địa hình vườn;",
                "Thiết kế mạng đường ống phù hợp với mật độ cây;",
                "Lắp đặt, chạy thử và hiệu chỉnh lưu lượng;",
                "Ghi chép lượng nước, phân bón theo từng đợt tưới."])]


def test_word_list_styles_make_lists_and_a_numbered_heading_does_not(issue_dir: Path,
                                                                     tmp_path: Path) -> None:
    """python-docx's template numbers its list styles through the style (w:numPr in
    'List Bullet'), not on the paragraph."""
    document = docx.Document()
    document.add_heading("Kế hoạch năm 2025 của Sở", level=1)
    document.add_paragraph("Sở đề ra các nhiệm vụ chính sau đây cho năm tới.")
    for text in ("Hoàn thiện cơ chế chính sách;", "Phát triển thị trường công nghệ;"):
        document.add_paragraph(text, style="List Bullet")
    document.add_paragraph("Nhóm hai:", style="List Bullet")
    document.add_paragraph("ươm tạo doanh nghiệp;", style="List Bullet 2")
    for text in ("Quý I: rà soát;", "Quý II: triển khai."):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Đoạn kết của bài viết.")
    source = tmp_path / "ke-hoach.docx"
    document.save(source)
    [result] = import_files([source], issue_dir)
    check(issue_dir)
    body = read_back(issue_dir, result).body
    lists = [(b.ordered, list_texts(b)) for b in body if isinstance(b, model.ListBlock)]
    assert lists == [(False, ["Hoàn thiện cơ chế chính sách;", "Phát triển thị trường công nghệ;",
                              "Nhóm hai:", ["ươm tạo doanh nghiệp;"]]),
                     (True, ["Quý I: rà soát;", "Quý II: triển khai."])]
    assert isinstance(body[-1], model.Paragraph)


def table_texts(table: model.Table) -> list[list[str]]:
    return [[" ".join(model.plain_text(c).split()) for c in row]
            for row in [table.header] + table.rows]


@pytest.mark.parametrize("name", ["bai-tu-html.docx", "bai-co-cau-truc.docx"])
def test_a_word_file_from_libreoffice_keeps_its_table(name: str, issue_dir: Path) -> None:
    [result] = import_files([SAMPLES / "office" / name], issue_dir)
    check(issue_dir)
    [table] = [b for b in read_back(issue_dir, result).body if isinstance(b, model.Table)]
    assert table_texts(table) == [
        ["Hạng mục", "Đơn vị tính", "Chi phí (triệu đồng)"],
        ["Trạm bơm và bộ lọc", "bộ", "18,5"], ["Đường ống và đầu nhỏ giọt", "ha", "32,0"],
        ["Cảm biến và bộ điều khiển", "bộ", "9,5"]]
    assert table.aligns[2] == "right"  # a column of figures
    assert kinds(table.header[0]) == [("Text", "Hạng mục")]  # its style's bold left out


def test_a_word_table_too_wide_for_a_page_comes_in_as_its_text(issue_dir: Path,
                                                              tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Bảng số liệu quá rộng", level=1)
    document.add_paragraph("Đoạn mở đầu của bài có một bảng mười ba cột.")
    table = document.add_table(rows=2, cols=13)
    for row in range(2):
        for column in range(13):
            table.cell(row, column).text = f"Ô {row}-{column}"
    document.add_paragraph("Đoạn cuối của bài.")
    source = tmp_path / "rong.docx"
    document.save(source)
    [result] = import_files([source], issue_dir)
    check(issue_dir)  # no 13-column table the reader would refuse
    body = read_back(issue_dir, result).body
    assert all(isinstance(b, model.Paragraph) for b in body)
    assert "Ô 1-12" in [model.plain_text(b.content) for b in body]


def test_a_word_files_footnotes_become_the_articles_footnotes(issue_dir: Path) -> None:
    """LibreOffice's footnotes (w:footnoteReference, word/footnotes.xml) as Markdown ones."""
    [result] = import_files([SAMPLES / "office" / "bai-co-cau-truc.docx"], issue_dir)
    check(issue_dir)
    article = read_back(issue_dir, result)
    assert [(n.number, " ".join(model.plain_text(n.blocks[0].content).split()))
            for n in article.notes] == [
        (1, "Số liệu đo tại 12 vườn theo dõi trong mùa khô 2022–2023."),
        (2, "Theo báo cáo nghiệm thu đề tài của Hội đồng khoa học tỉnh, tháng 12/2023.")]
    [cited] = [b for b in article.body if isinstance(b, model.Paragraph)
               and any(isinstance(i, model.NoteRef) for i in b.content)]
    assert [i.number for i in cited.content if isinstance(i, model.NoteRef)] == [1, 2]
    assert "truyền thống, công lao động" in " ".join(
        model.plain_text([i for i in cited.content if not isinstance(i, model.NoteRef)]).split())


def test_a_word_files_pictures_go_into_photos_with_their_captions(issue_dir: Path,
                                                                  tmp_path: Path) -> None:
    """Embedded pictures: their original bytes saved into photos/ under the article's name,
    listed under photos: with the caption beside them; nothing of the source changed."""
    from io import BytesIO

    from PIL import Image

    def picture(colour: str) -> BytesIO:
        data = BytesIO()
        Image.new("RGB", (1200, 900), colour).save(data, "JPEG")
        data.seek(0)
        return data

    document = docx.Document()
    document.add_heading("Ngày hội khoa học cho học sinh", level=1)
    document.add_paragraph("Hơn 500 học sinh đã tham gia ngày hội khoa học của tỉnh.")
    document.add_picture(picture("navy"))
    caption = document.add_paragraph()
    caption.add_run("Học sinh thử nghiệm mô hình tên lửa nước").italic = True
    caption.alignment = 1  # centred
    document.add_paragraph("Các em được trải nghiệm nhiều thí nghiệm vui.")
    document.add_picture(picture("darkgreen"))
    document.add_paragraph("Đoạn cuối của bài viết về ngày hội.")
    source = tmp_path / "ngay-hoi.docx"
    document.save(source)
    before = source.read_bytes()

    [result] = import_files([source], issue_dir)
    assert [p.name for p in result.photos] == [f"{result.article.stem}-1.jpg",
                                               f"{result.article.stem}-2.jpg"]
    embedded = [rel.target_part.blob for rel in docx.Document(source).part.rels.values()
                if "image" in rel.reltype]
    assert sorted(p.read_bytes() for p in result.photos) == sorted(embedded)  # the originals
    assert source.read_bytes() == before
    check(issue_dir)
    photos = read_back(issue_dir, result).photos
    assert [p.path.name for p in photos] == [p.name for p in result.photos]
    assert photos[0].caption == "Học sinh thử nghiệm mô hình tên lửa nước"
    assert (photos[0].width, photos[0].height) == (1200, 900)
    assert result.captions == []  # none left for the editor to find a file for


def test_a_linked_word_picture_is_named_for_the_editor(issue_dir: Path, tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Ảnh chỉ được liên kết", level=1)
    document.add_paragraph("Đoạn mở đầu của bài viết có một ảnh liên kết.")
    document.add_picture(BytesIO(jpeg_bytes()))
    blip = next(document.paragraphs[-1]._p.iter(qn("a:blip")))
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), document.part.relate_to(
        "file:///C:/Users/An/Pictures/anh.jpg", RELATIONSHIP_TYPE.IMAGE, is_external=True))
    document.add_paragraph("Đoạn cuối của bài viết.")
    source = tmp_path / "lien-ket.docx"
    document.save(source)
    [result] = import_files([source], issue_dir)
    assert result.photos == []
    said = [i18n.text(g, "en") for g in result.guesses]
    assert any("is linked to 'file:///C:/Users/An/Pictures/anh.jpg', not embedded" in g
               for g in said), said
    check(issue_dir)
