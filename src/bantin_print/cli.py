"""The command line: arguments, messages, exit codes, and nothing else."""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import signal
import sys
from pathlib import Path
from typing import Sequence

from bantin_print import __version__, build, convert, i18n, scaffold
from bantin_print.errors import InputError, Problem, UsageError
from bantin_print.i18n import Message, msg, msg_n
from bantin_print.output import atomic_output, check_outputs, keep_original, write_atomic
from bantin_print.text import legacy

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    # argparse's own words (usage, options, its errors) from our catalogue too
    argparse._ = i18n.gettext
    argparse.ngettext = i18n.ngettext
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=i18n.LANGUAGES, help=str(msg(
        "language of the messages: vi (Vietnamese) or en (English); default: BANTIN_LANG, "
        "else the locale, else vi")))
    parser = argparse.ArgumentParser(
        prog="bantin-print", parents=[language],
        description="Lay out a Vietnamese bulletin (bản tin) as a print-ready PDF and an EPUB.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    command = functools.partial(commands.add_parser, parents=[language])

    p = command("build", help="check an issue and write its PDF and EPUB")
    p.add_argument("manifest", metavar="ISSUE.yaml", type=Path,
                   help="the issue's manifest, or its folder (which holds issue.yaml)")
    p.add_argument("--out", metavar="DIR", type=Path,
                   help="folder for the outputs, named after the manifest (default: its folder)")
    p.add_argument("--pdf", metavar="FILE", type=Path, help="exact path of the PDF")
    p.add_argument("--epub", metavar="FILE", type=Path, help="exact path of the EPUB")
    p.add_argument("--screen", metavar="FILE", type=Path, nargs="?", const=True,
                   help="also write the screen PDF (trim size, RGB, lighter photos); "
                        "default name ISSUE-screen.pdf")
    p.add_argument("--marks", action="store_true", default=None,
                   help="crop marks on the print PDF")
    p.add_argument("--pad", action="store_true", default=None,
                   help="add blank pages to reach a multiple of 4 (saddle stitch)")

    p = command("check", help="check an issue and everything it names; write nothing")
    p.add_argument("manifest", metavar="ISSUE.yaml", type=Path,
                   help="the issue's manifest, or its folder (which holds issue.yaml)")

    p = command("new", help="create a new issue folder with an example article")
    p.add_argument("folder", metavar="DIR", type=Path)

    p = command("convert", help="convert legacy Vietnamese text (TCVN3, VNI, "
                            "Windows-1258) to Unicode")
    p.add_argument("file", metavar="FILE", type=Path)
    p.add_argument("--from", dest="encoding", required=True, choices=convert.CHOICES,
                   help="the encoding; auto names the one it finds, or refuses to guess")
    p.add_argument("-o", "--output", metavar="OUT", type=Path,
                   help="where to write the result (default: standard output); may be FILE, "
                        "which is then kept as FILE.orig")
    p.add_argument("--force", action="store_true",
                   help="convert even where the evidence is thin (the named encoding explains "
                        "the text poorly, or words next to Unicode text could be either)")

    p = command("preflight", help="check a PDF as a print shop would")
    p.add_argument("pdf", metavar="FILE.pdf", type=Path)
    p.add_argument("--json", action="store_true", help="the report as JSON on standard output")
    p.add_argument("--no-bantin-rules", action="store_true",
                   help="leave out the bản tin rules (page size, page count, masthead, imprint)")
    p.add_argument("--cmyk", action="store_true", help="the PDF must use no RGB colour")

    p = command("impose", help="impose a PDF as a saddle-stitched booklet")
    p.add_argument("pdf", metavar="FILE.pdf", type=Path)
    p.add_argument("--booklet", action="store_true", required=True,
                   help="2-up on sheets twice the page size, in printer's order")
    p.add_argument("-o", "--output", metavar="OUT", type=Path,
                   help="default: FILE-booklet.pdf beside FILE.pdf")
    p.add_argument("--no-marks", action="store_true", help="leave out the crop and fold marks")

    p = command("import", help="turn outside articles (portal text, saved web "
                            "pages, .docx) into article files of an issue")
    p.add_argument("files", metavar="FILE", type=Path, nargs="+")
    p.add_argument("--into", metavar="ISSUE_DIR", type=Path, required=True,
                   help="the issue folder; its issue.yaml gets the new articles")
    p.add_argument("--section", metavar="TITLE",
                   help="the section to list them in (created if missing; default: the last)")
    return parser


class _Reporter:
    """Messages to stderr; a progress line only when stderr is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.cwd = Path.cwd()
        self._progress_shown = False

    def progress(self, message: str) -> None:
        if self.tty:
            sys.stderr.write(f"\r\x1b[K{message}")
            sys.stderr.flush()
            self._progress_shown = True

    def _end_progress(self) -> None:
        if self._progress_shown:
            sys.stderr.write("\r\x1b[K")
            self._progress_shown = False

    def problems(self, problems: list[Problem]) -> None:
        self._end_progress()
        for problem in problems:
            print(problem.format(self.cwd), file=sys.stderr)

    def say(self, message: Message | str) -> None:
        self._end_progress()
        print(i18n.text(message), file=sys.stderr)


def _lang_option(argv: list[str]) -> str | None:
    """The value of --lang wherever it stands (the parser checks it properly later)."""
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.use(i18n.resolve(_lang_option(argv)))  # before the parser: its help is translated
    args = _parser().parse_args(argv)  # exits 2 on wrong usage
    # A kill (SIGTERM) ends the run like Ctrl-C: temporary files removed, outputs untouched.
    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        signal.signal(signal.SIGTERM, _interrupt)
    reporter = _Reporter()
    try:
        return _run(args, reporter)
    except UsageError as e:
        reporter.problems(e.problems)
        reporter.say(msg("Nothing done."))
        return EXIT_USAGE
    except InputError as e:
        reporter.problems(e.problems)
        errors = sum(1 for p in e.problems if p.severity == "error")
        reporter.say(msg_n("{n} error; nothing written.", "{n} errors; nothing written.", "n",
                           n=errors))
        return EXIT_INPUT
    except KeyboardInterrupt:
        reporter.say(msg("Interrupted; nothing written."))
        return 130
    except Exception as e:  # a bug of ours: say so plainly, without a traceback
        if _interrupted(e):
            reporter.say(msg("Interrupted; nothing written."))
            return 130
        if os.environ.get("BANTIN_DEBUG"):
            raise
        reporter.say(msg("internal error: {error}\nThis is a bug in bantin-print; please report "
                         "it with the files that caused it (set BANTIN_DEBUG=1 to see the "
                         "details).", error=f"{type(e).__name__}: {e}"))
        return EXIT_INTERNAL


def _interrupted(error: BaseException) -> bool:
    """Whether an interrupt caused `error`: ReportLab turns one that arrives while it
    opens a font ("except:") into a TTFError, which the interrupt stays the context of."""
    seen = error.__context__
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__context__
    return False


def _run(args: argparse.Namespace, reporter: _Reporter) -> int:
    if args.command == "new":
        scaffold.create(args.folder)
        reporter.say(f"Created {args.folder}/. Edit {args.folder / scaffold.MANIFEST_NAME}, "
                     f"then: bantin-print build {args.folder / scaffold.MANIFEST_NAME}")
        return EXIT_OK

    if args.command == "convert":
        return _convert(args, reporter)
    if args.command == "import":
        return _import(args, reporter)
    if args.command == "preflight":
        return _preflight(args, reporter)
    if args.command == "impose":
        return _impose(args, reporter)

    manifest: Path = args.manifest
    if manifest.is_dir():  # an issue's folder: its manifest
        manifest = manifest / "issue.yaml"
    if args.command == "check":
        result = build.check(manifest, reporter.progress)
    else:
        out = args.out if args.out is not None else manifest.parent
        pdf = args.pdf or out / f"{manifest.stem}.pdf"
        epub = args.epub or out / f"{manifest.stem}.epub"
        screen = out / f"{manifest.stem}-screen.pdf" if args.screen is True else args.screen
        options = build.Options(marks=args.marks, pad=args.pad, screen=screen)
        result = build.build(manifest, pdf, epub, reporter.progress, options)
    reporter.problems(result.warnings)
    issue = result.issue
    articles = sum(1 for _ in issue.articles())
    photos = sum(1 for _ in issue.photos())
    summary = (f"{manifest}: {len(issue.sections)} sections, {articles} articles, "
               f"{photos} photos")
    if result.warnings:
        summary += f"; {len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}"
    if args.command == "check":
        reporter.say(summary + "; no errors.")
    else:
        reporter.say(summary + ".")
        for path in result.written:
            reporter.say(f"Wrote {path}")
        if result.fills:
            reporter.say(f"{pdf}: {len(result.fills)} pages, filled "
                         + " ".join(f"{fill * 100:.0f}" for fill in result.fills)
                         + " % (the last with the imprint at its foot)")
        if result.preflight is not None:
            return _preflight_verdict(result.preflight, reporter)
    return EXIT_OK


def _preflight_verdict(report, reporter: _Reporter) -> int:
    """Preflight findings as problem lines; exit 1 when a print shop would refuse the file."""
    # Low-resolution photos were already named with their file and line by the build.
    findings = [f for f in report.findings
                if f.severity in ("error", "warning") and f.rule != "image-ppi"]
    for finding in findings:
        where = f"page {finding.page}: " if finding.page and "page" not in finding.message else ""
        reporter.say(f"{report.file}: {finding.severity}: preflight {finding.rule}: "
                     f"{where}{finding.message}")
    errors = len(report.errors)
    reporter.say(f"Preflight of {report.file}: {errors} error{'s' if errors != 1 else ''}, "
                 f"{len(findings) - errors} warning{'s' if len(findings) - errors != 1 else ''}.")
    return EXIT_INPUT if errors else EXIT_OK


def _preflight(args: argparse.Namespace, reporter: _Reporter) -> int:
    from bantin_print import preflight

    rules = preflight.Rules(bantin=not args.no_bantin_rules, expect_cmyk=args.cmyk)
    report = preflight.preflight(args.pdf, rules)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    return EXIT_INPUT if report.errors else EXIT_OK


def _impose(args: argparse.Namespace, reporter: _Reporter) -> int:
    from bantin_print import impose

    output = args.output or args.pdf.with_name(f"{args.pdf.stem}-booklet.pdf")
    check_outputs([("-o", output)], [(args.pdf, "the PDF being imposed")])
    with atomic_output(output) as out:
        result = impose.impose_booklet(args.pdf, out, marks=not args.no_marks)
    blanks = f", {result.blanks_added} blank pages added" if result.blanks_added else ""
    sheets = f"{result.sheets} sheet{'s' if result.sheets != 1 else ''}"
    reporter.say(f"Wrote {output}: {result.pages} pages on {sheets}{blanks}.")
    return EXIT_OK


def _convert(args: argparse.Namespace, reporter: _Reporter) -> int:
    if args.output is not None:  # it may be FILE itself: the original is then kept
        check_outputs([("-o", args.output)], [])
    result = convert.convert_file(args.file, args.encoding, force=args.force)
    reporter.problems(result.warnings)
    names = " and ".join(legacy.NAMES[e] for e in sorted(result.encodings))
    lines = ", ".join(str(n) for n in result.lines[:8]) + (", …" if len(result.lines) > 8 else "")
    what = (f"converted from {names} to Unicode" if result.whole_file else
            f"converted {len(result.lines)} line{'s' if len(result.lines) != 1 else ''} "
            f"({lines}) from {names} to Unicode; every other line is as it was")
    if args.output is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        reporter.say(f"{args.file}: " + (what if result.changed else "nothing to convert"))
        return EXIT_OK
    if not result.changed:
        reporter.say(f"{args.file}: no legacy text to convert; nothing written.")
        return EXIT_OK
    kept = ""
    if _same_file(args.output, args.file):
        original = keep_original(args.file)
        kept = f"; the original is kept as {original}"
    write_atomic(args.output, result.data, mode_of=args.file)
    reporter.say(f"Wrote {args.output}: {what}{kept}.")
    return EXIT_OK


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _import(args: argparse.Namespace, reporter: _Reporter) -> int:
    from bantin_print import importer  # python-docx and lxml: only when importing

    for item in importer.import_files(args.files, args.into, args.section):
        found = [f"title “{item.title}”", f"{item.paragraphs} paragraphs"]
        found.append(f"lead ({len(item.lead.split())} words)" if item.lead else "no lead")
        found.append(f"author “{item.author}”" if item.author else "no author")
        if item.date:
            found.append(f"date {item.date.isoformat()}")
        if item.captions:
            found.append(f"{len(item.captions)} photo caption{'s' if len(item.captions) > 1 else ''}"
                         " (add the photo files)")
        reporter.say(f"{item.source} -> {item.article}: " + ", ".join(found))
        for guess in item.guesses:
            reporter.say(f"  guessed: {guess}")
    reporter.say(f"Listed in {args.into / 'issue.yaml'}. Check it with: "
                 f"bantin-print check {args.into / 'issue.yaml'}")
    return EXIT_OK
