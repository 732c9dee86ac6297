"""The command line: arguments, messages, exit codes, and nothing else."""

from __future__ import annotations

import argparse
import contextlib
import errno
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
        description=str(msg("Lay out a Vietnamese bulletin (bản tin) as a print-ready PDF and "
                            "an EPUB.")))
    # Python 3.11's argparse does not translate this help (its default is not passed to _())
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=str(msg("show program's version number and exit")))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    command = functools.partial(commands.add_parser, parents=[language])

    p = command("build", help=str(msg("check an issue and write its PDF and EPUB")))
    p.add_argument("manifest", metavar="ISSUE.yaml", type=Path, help=str(msg(
        "the issue's manifest, or its folder (which holds issue.yaml)")))
    p.add_argument("--out", metavar="DIR", type=Path, help=str(msg(
        "folder for the outputs, named after the publication and the issue's number, "
        "ban-tin-…-so-08.pdf (default: the manifest's folder)")))
    p.add_argument("--pdf", metavar="FILE", type=Path, help=str(msg("exact path of the PDF")))
    p.add_argument("--epub", metavar="FILE", type=Path, help=str(msg("exact path of the EPUB")))
    p.add_argument("--screen", metavar="FILE", type=Path, nargs="?", const=True, help=str(msg(
        "also write the screen PDF (trim size, RGB, lighter photos); default name "
        "ban-tin-…-so-08-screen.pdf")))
    p.add_argument("--marks", action="store_true", default=None,
                   help=str(msg("crop marks on the print PDF")))
    p.add_argument("--pad", action="store_true", default=None,
                   help=str(msg("add blank pages to reach a multiple of 4 (saddle stitch)")))

    p = command("preview", help=str(msg(
        "show the issue's pages in the browser as they will print, built again each time a "
        "file of the issue is saved")))
    p.add_argument("manifest", metavar="ISSUE.yaml", type=Path, help=str(msg(
        "the issue's manifest, or its folder (which holds issue.yaml)")))
    p.add_argument("--port", metavar="N", type=int, default=0, help=str(msg(
        "the port to listen on, on 127.0.0.1 only (default: a free one)")))
    p.add_argument("--no-open", dest="open", action="store_false", help=str(msg(
        "do not open the browser; only print the address")))

    p = command("check", help=str(msg("check an issue and everything it names; write nothing")))
    p.add_argument("manifest", metavar="ISSUE.yaml", type=Path, help=str(msg(
        "the issue's manifest, or its folder (which holds issue.yaml)")))

    p = command("new", help=str(msg("create a new issue folder with an example article")))
    p.add_argument("folder", metavar="DIR", type=Path, help=str(msg(
        "the folder to create (it must not exist yet, or be empty)")))
    p.add_argument("--from", dest="previous", metavar="PREVIOUS", type=Path, help=str(msg(
        "start the issue after PREVIOUS (its folder or manifest): number + 1, the date a "
        "month on, the same publication file and settings, no articles yet but an example")))

    p = command("convert", help=str(msg(
        "convert Vietnamese text in an old encoding (TCVN3, VNI, Windows-1258) to Unicode")))
    p.add_argument("file", metavar="FILE", type=Path, help=str(msg("the file to convert")))
    p.add_argument("--from", dest="encoding", required=True, choices=convert.CHOICES,
                   help=str(msg("the encoding; auto names the one it finds, or refuses to guess")))
    p.add_argument("-o", "--output", metavar="OUT", type=Path, help=str(msg(
        "where to write the result (default: standard output); may be FILE, which is then "
        "kept as FILE.orig")))
    p.add_argument("--force", action="store_true", help=str(msg(
        "convert even where the evidence is thin (the named encoding explains the text "
        "poorly, or words next to Unicode text could be either)")))

    p = command("preflight", help=str(msg("check a PDF as a print shop would")))
    p.add_argument("pdf", metavar="FILE.pdf", type=Path, help=str(msg("the PDF to check")))
    p.add_argument("--json", action="store_true",
                   help=str(msg("the report as JSON on standard output")))
    p.add_argument("--no-bantin-rules", action="store_true", help=str(msg(
        "leave out the bản tin rules (page size, page count, masthead, imprint)")))
    p.add_argument("--cmyk", action="store_true",
                   help=str(msg("the PDF must use no RGB colour")))

    p = command("impose", help=str(msg("impose a PDF as a saddle-stitched booklet")))
    p.add_argument("pdf", metavar="FILE.pdf", type=Path, help=str(msg("the PDF to impose")))
    p.add_argument("--booklet", action="store_true", required=True, help=str(msg(
        "two pages on each side of a sheet twice the page size, in the order for folding "
        "and stapling")))
    p.add_argument("-o", "--output", metavar="OUT", type=Path,
                   help=str(msg("default: FILE-booklet.pdf beside FILE.pdf")))
    p.add_argument("--no-marks", action="store_true",
                   help=str(msg("leave out the crop and fold marks")))

    p = command("import", help=str(msg(
        "turn outside articles (portal text, saved web pages, .docx) into article files of "
        "an issue")))
    p.add_argument("files", metavar="FILE", type=Path, nargs="+",
                   help=str(msg("the files to import")))
    p.add_argument("--into", metavar="ISSUE_DIR", type=Path, required=True,
                   help=str(msg("the issue folder; its issue.yaml gets the new articles")))
    p.add_argument("--section", metavar="TITLE", help=str(msg(
        "the section to list them in (created if missing; default: the last)")))
    again = p.add_mutually_exclusive_group()
    again.add_argument("--replace", dest="again", action="store_const", const="replace",
                       default="refuse", help=str(msg(
                           "write again an article the issue already has (imported before); "
                           "the old file is kept as ARTICLE.md.orig")))
    again.add_argument("--as-new", dest="again", action="store_const", const="new",
                       help=str(msg("add it as another article even when the issue has one "
                                    "with the same title")))
    return parser


class _Reporter:
    """Messages to stderr; a progress line only when stderr is a terminal."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.cwd = Path.cwd()
        self._progress_shown = False

    def progress(self, message: Message | str) -> None:
        if self.tty:
            sys.stderr.write(f"\r\x1b[K{i18n.text(message)}")
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
    # before the parser, whose help is translated; the caller's language back afterwards
    previous = i18n.use(i18n.resolve(_lang_option(argv)))
    try:
        return _main(argv)
    finally:
        i18n.use(previous)


def _main(argv: list[str]) -> int:
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
    except BrokenPipeError:  # what reads the output went away (| head): nothing to say
        with contextlib.suppress(OSError):  # and nothing more to flush at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as e:  # a bug of ours: say so plainly, without a traceback
        if _interrupted(e):
            reporter.say(msg("Interrupted; nothing written."))
            return 130
        if os.environ.get("BANTIN_DEBUG"):
            raise
        error = f"{type(e).__name__}: {e}"
        reporter.say(msg("internal error: {error}\nThis is a bug in bantin-print; please report "
                         "it with the files that caused it (set BANTIN_DEBUG=1 to see the "
                         "details).", error=error))
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
        following = scaffold.create(args.folder, previous=args.previous)
        if following is not None:
            reporter.problems(following.left_behind)
            reporter.say(msg("Created {folder}/ for issue {number} of {date}, after {previous}.",
                             folder=str(args.folder), number=following.number,
                             date=following.date.isoformat(), previous=str(args.previous)))
        else:
            reporter.say(msg("Created {folder}/.", folder=str(args.folder)))
        reporter.say(msg("Edit {manifest}, then: bantin-print build {folder}",
                         manifest=str(args.folder / scaffold.MANIFEST_NAME),
                         folder=str(args.folder)))
        return EXIT_OK

    if args.command == "convert":
        return _convert(args, reporter)
    if args.command == "import":
        return _import(args, reporter)
    if args.command == "preflight":
        return _preflight(args, reporter)
    if args.command == "impose":
        return _impose(args, reporter)
    if args.command == "preview":
        return _preview(args, reporter)

    manifest = scaffold.manifest_of(args.manifest)
    if args.command == "check":
        result = build.check(manifest, reporter.progress)
    else:
        options = build.Options(marks=args.marks, pad=args.pad, screen=args.screen,
                                out=args.out)
        result = build.build(manifest, args.pdf, args.epub, reporter.progress, options)
    reporter.problems(result.warnings)
    reporter.say(_summary(manifest, result, checked=args.command == "check"))
    if args.command == "build":
        for path in result.written:
            reporter.say(msg("Wrote {file}", file=str(path)))
        if result.fills:
            reporter.say(msg_n(
                "{pdf}: {n} page, filled {fills} % (the last with the imprint at its foot)",
                "{pdf}: {n} pages, filled {fills} % (the last with the imprint at its foot)",
                "n", pdf=str(result.pdf), n=len(result.fills),
                fills=" ".join(f"{fill * 100:.0f}" for fill in result.fills)))
        if result.preflight is not None:
            return _preflight_verdict(result.preflight, reporter)
    return EXIT_OK


def _summary(manifest: Path, result: build.Result, checked: bool) -> Message:
    """'ISSUE.yaml: 2 sections, 5 articles, 3 photos; 1 warning; no errors.'"""
    issue = result.issue
    said = dict(
        manifest=str(manifest),
        sections=msg_n("{n} section", "{n} sections", "n", n=len(issue.sections)),
        articles=msg_n("{n} article", "{n} articles", "n", n=sum(1 for _ in issue.articles())),
        photos=msg_n("{n} photo", "{n} photos", "n", n=sum(1 for _ in issue.photos())),
        warnings=msg_n("{n} warning", "{n} warnings", "n", n=len(result.warnings)))
    if checked and result.warnings:
        return msg("{manifest}: {sections}, {articles}, {photos}; {warnings}; no errors.", **said)
    if checked:
        return msg("{manifest}: {sections}, {articles}, {photos}; no errors.", **said)
    if result.warnings:
        return msg("{manifest}: {sections}, {articles}, {photos}; {warnings}.", **said)
    return msg("{manifest}: {sections}, {articles}, {photos}.", **said)


def _preflight_verdict(report, reporter: _Reporter) -> int:
    """Preflight findings as problem lines; exit 1 when a print shop would refuse the file."""
    # Low-resolution photos were already named with their file and line by the build.
    findings = [f for f in report.findings
                if f.severity in ("error", "warning") and f.rule != "image-ppi"]
    reporter.problems(findings)
    errors = len(report.errors)
    reporter.say(msg("Preflight of {file}: {errors}, {warnings}.", file=str(report.file),
                     errors=msg_n("{n} error", "{n} errors", "n", n=errors),
                     warnings=msg_n("{n} warning", "{n} warnings", "n",
                                    n=len(findings) - errors)))
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
    check_outputs([("-o", output)], [(args.pdf, msg("the PDF being imposed"))])
    with atomic_output(output) as out:
        result = impose.impose_booklet(args.pdf, out, marks=not args.no_marks)
    said = dict(file=str(output), pages=result.pages,
                sheets=msg_n("{n} sheet", "{n} sheets", "n", n=result.sheets))
    if result.blanks_added:
        reporter.say(msg("Wrote {file}: {pages} pages on {sheets}, {blanks} added.", **said,
                         blanks=msg_n("{n} blank page", "{n} blank pages", "n",
                                      n=result.blanks_added)))
    else:
        reporter.say(msg("Wrote {file}: {pages} pages on {sheets}.", **said))
    return EXIT_OK


def _convert(args: argparse.Namespace, reporter: _Reporter) -> int:
    if args.output is not None:  # it may be FILE itself: the original is then kept
        check_outputs([("-o", args.output)], [])
    result = convert.convert_file(args.file, args.encoding, force=args.force)
    reporter.problems(result.warnings)
    names = [legacy.NAMES[e] for e in sorted(result.encodings)]
    encodings = (msg("{names} and {last}", names=", ".join(names[:-1]), last=names[-1])
                 if len(names) > 1 else "".join(names))
    lines = ", ".join(str(n) for n in result.lines[:8]) + (", …" if len(result.lines) > 8 else "")
    what = (msg("converted from {encodings} to Unicode", encodings=encodings)
            if result.whole_file else
            msg_n("converted {n} line ({lines}) from {encodings} to Unicode; every other line "
                  "is as it was",
                  "converted {n} lines ({lines}) from {encodings} to Unicode; every other line "
                  "is as it was", "n", n=len(result.lines), lines=lines, encodings=encodings))
    if args.output is None:
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
        reporter.say(msg("{file}: {what}", file=str(args.file), what=what) if result.changed
                     else msg("{file}: nothing to convert", file=str(args.file)))
        return EXIT_OK
    if not result.changed:
        reporter.say(msg("{file}: no text in an old encoding to convert; nothing written.",
                         file=str(args.file)))
        return EXIT_OK
    if _same_file(args.output, args.file):
        original = keep_original(args.file)
        said = msg("Wrote {file}: {what}; the original is kept as {original}.",
                   file=str(args.output), what=what, original=str(original))
    else:
        said = msg("Wrote {file}: {what}.", file=str(args.output), what=what)
    write_atomic(args.output, result.data, mode_of=args.file)
    reporter.say(said)
    return EXIT_OK


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _preview(args: argparse.Namespace, reporter: _Reporter) -> int:
    from bantin_print import preview

    manifest = scaffold.manifest_of(args.manifest)
    if not manifest.is_file():
        raise InputError.single(manifest, None, msg("the file does not exist"))
    if not 0 <= args.port <= 65535:
        raise UsageError.single(None, None, msg("--port: {port} is not a port (0 to 65535)",
                                                port=args.port))

    def ready(address: str) -> None:
        print(address, flush=True)  # the first line of output: what to open
        reporter.say(msg("Previewing {manifest} at the address above; each saved change "
                         "builds it again. Ctrl-C stops.", manifest=str(manifest)))

    try:
        preview.serve(manifest, args.port, i18n.current(), args.open, ready)
    except OSError as e:
        if e.errno in (errno.EADDRINUSE, errno.EACCES):
            raise InputError.single(None, None, msg(
                "cannot listen on port {port}: {reason}; choose another with --port",
                port=args.port, reason=e.strerror or str(e))) from None
        raise
    except KeyboardInterrupt:
        pass
    reporter.say(msg("Preview stopped."))
    return EXIT_OK


def _import(args: argparse.Namespace, reporter: _Reporter) -> int:
    from bantin_print import importer  # python-docx and lxml: only when importing

    for item in importer.import_files(args.files, args.into, args.section, args.again):
        found: list[Message] = [
            msg("title “{title}”", title=item.title),
            msg_n("{n} paragraph", "{n} paragraphs", "n", n=item.paragraphs),
            msg_n("lead ({n} word)", "lead ({n} words)", "n", n=len(item.lead.split()))
            if item.lead else msg("no lead"),
            msg("author “{author}”", author=item.author) if item.author else msg("no author")]
        if item.date:
            found.append(msg("date {date}", date=item.date))  # vi: {date:%d/%m/%Y}
        if item.photos:
            found.append(msg_n("{n} photo (saved in photos/)", "{n} photos (saved in photos/)",
                               "n", n=len(item.photos)))
        if item.captions:
            found.append(msg_n("{n} photo caption (add the photo file)",
                               "{n} photo captions (add the photo files)", "n",
                               n=len(item.captions)))
        listed = found[0]
        for part in found[1:]:
            listed = msg("{items}, {item}", items=listed, item=part)
        reporter.say(msg("{source} -> {article}: {found}", source=str(item.source),
                         article=str(item.article), found=listed))
        for guess in item.guesses:
            reporter.say("  " + i18n.text(msg("guessed: {guess}", guess=guess)))
    manifest = str(args.into / scaffold.MANIFEST_NAME)
    reporter.say(msg("Listed in {manifest}. Check it with: bantin-print check {manifest}",
                     manifest=manifest))
    return EXIT_OK
