"""The `quiz` command: thin wrappers that read arguments, call one function and report."""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

from quiz.config import Config, ConfigError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _err(msg: str) -> None:
    print(f"quiz: {msg}", file=sys.stderr)


@contextmanager
def _progress(enabled: bool) -> Iterator:
    """Yield a progress callback: a rich bar on a terminal, nothing when piped."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{stage:>10}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _load_nlp(config: Config):
    from quiz.core.nlp import ModelNotFound, load_pipeline

    try:
        return load_pipeline(config.SPACY_MODEL)
    except ModelNotFound as exc:
        _err(str(exc))
        raise SystemExit(EXIT_FAIL) from None


def _engine(config: Config):
    from quiz.storage.db import make_engine, upgrade

    engine = make_engine(config.DATABASE_URL)
    upgrade(engine)
    return engine


def cmd_generate(args: argparse.Namespace, config: Config) -> int:
    """Build the bank from files or folders; write JSON with --out, else merge into the database."""
    from quiz.core.pipeline import build_bank

    paths = args.paths or [str(config.SEEDS_PATH)]
    if args.if_empty and not args.out:
        from quiz.storage.repository import bank_stats

        stats = bank_stats(_engine(config))
        if stats.get("items"):
            print(f"The bank already holds {stats['items']} items; nothing generated (drop --if-empty to regenerate).")
            return EXIT_OK
    nlp = _load_nlp(config)
    weights = None
    if not args.out:  # rank with the weights an instructor relearned from decisions, if any
        from quiz.storage.settings import RANKER_WEIGHTS, load_setting, relearned_weights

        weights = relearned_weights(_engine(config))
        if weights and not args.quiet:
            info = load_setting(_engine(config), RANKER_WEIGHTS) or {}
            print(f"Ranking with the weights relearned from {info.get('examples', '?')} instructor decisions "
                  f"({info.get('at', '')[:10]}).")
    with _progress(sys.stderr.isatty() and not args.quiet) as progress:
        bank, report = build_bank(paths, nlp, seed=args.seed, progress=progress, weights=weights)
    for problem in report.problems:
        _err(problem)
    if not bank.documents:
        _err("no usable text was found in " + ", ".join(paths) + ". Give .txt, .md, .html or .pdf files, "
             "or a folder holding them.")
        return EXIT_FAIL
    if args.out:
        out = Path(args.out)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(json.dumps(bank.to_dict(with_text=not args.no_text), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(out)  # never leave a half-written bank behind
        print(f"Wrote {len(bank.items)} items from {len(bank.documents)} texts to {out}")
        return EXIT_OK
    from quiz.storage.repository import merge_bank

    engine = _engine(config)
    now = datetime.now(timezone.utc)
    report_db = merge_bank(engine, bank, now=now)
    counts = report_db.counts()
    print(f"Bank updated from {len(bank.documents)} texts: "
          + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items() if v))
    if args.approve_above is not None:
        from quiz.storage.repository import set_status

        new = set(report_db.inserted)
        chosen = [i.id for i in bank.items if i.id in new and i.quality >= args.approve_above]
        set_status(engine, chosen, "approved", by="quiz generate --approve-above", now=now)
        print(f"Approved {len(chosen)} new items with quality >= {args.approve_above} "
              "(review them in the instructor's desk).")
    return EXIT_OK


def bank_summary(bank) -> str:
    """Return a readable summary of a bank: counts per type, kind and text, and a few sample items."""
    lines = [f"{len(bank.items)} items from {len(bank.documents)} texts"]
    by_type = Counter(i.type for i in bank.items)
    by_kind = Counter(i.kind for i in bank.items)
    by_status = Counter(i.status for i in bank.items)
    lines.append("  by type:   " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
    lines.append("  by kind:   " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    lines.append("  by status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    per_doc = Counter(i.source.document for i in bank.items)
    lines.append("  texts:")
    for d in bank.documents:
        lines.append(f"    {per_doc.get(d.id, 0):>4}  {d.title[:70]}  ({d.words} words)")
    best = sorted(bank.items, key=lambda i: -i.quality)
    shown: set[str] = set()
    lines.append("  a few of the best items:")
    for item in best:
        if item.type in shown:
            continue
        shown.add(item.type)
        prompt = item.prompt.replace("{{gap}}", "_____")
        lines.append(f"    [{item.type}] {prompt}")
        if item.choices and item.type == "mcq":
            lines.append("        " + " | ".join(item.choices))
        lines.append(f"        answer: {item.answer}")
    return "\n".join(lines)


def cmd_summary(args: argparse.Namespace, config: Config) -> int:
    """Print a summary of the bank in the database (or in a bank JSON file)."""
    bank = _read_bank(args.bank, config, statuses=None)
    if not bank.items:
        _err("the bank is empty: run `quiz generate` first.")
        return EXIT_FAIL
    print(bank_summary(bank))
    return EXIT_OK


def _read_bank(path: str | None, config: Config, *, statuses):
    from quiz.core.items import Bank

    if path:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            bank = Bank.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _err(f"{path}: not a readable bank JSON file ({exc}).")
            raise SystemExit(EXIT_FAIL) from None
        if statuses is not None:
            from quiz.exports import filter_bank

            bank = filter_bank(bank, statuses)
        return bank
    from quiz.storage.repository import load_bank

    return load_bank(_engine(config), statuses=statuses)


def cmd_export(args: argparse.Namespace, config: Config) -> int:
    """Export the bank: Anki decks, JSON, CSV, GIFT, Moodle XML or QTI."""
    statuses = None if args.status == "all" else (args.status,)
    bank = _read_bank(args.bank, config, statuses=statuses)
    if not bank.items:
        _err(f"no {args.status} items to export. Approve items in the instructor's desk, "
             "or pass --status all.")
        return EXIT_FAIL
    if args.format == "anki":
        from quiz.anki import write_decks

        out = Path(args.output) if args.output else config.DECKS_PATH
        paths = write_decks(bank, out, bank_name=config.BANK_NAME, per_document=args.per_document, statuses=None)
        for p in paths:
            print(p)
        return EXIT_OK
    from quiz.exports import EXPORTERS, export_filename

    data = EXPORTERS[args.format].function(bank, bank_name=config.BANK_NAME)
    out = Path(args.output) if args.output else Path(export_filename(args.format, config.BANK_NAME))
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        return EXIT_OK
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    print(out)
    return EXIT_OK


def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    """Answer `quiz ask --jsonl FILE`: one question per input line, in order, as JSON lines."""
    from quiz.core.ask import ask

    source = sys.stdin if args.jsonl == "-" else None
    try:
        handle = source or open(args.jsonl, encoding="utf-8")
    except OSError as exc:
        _err(f"{args.jsonl}: cannot be read ({exc.strerror}).")
        return EXIT_FAIL
    nlp = _load_nlp(config)
    with handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            rid = None
            try:
                req = json.loads(line)
                if not isinstance(req, dict):
                    raise ValueError("a line must hold a JSON object")
                rid = req.get("id")
                context, start, text = req["context"], int(req["answer_start"]), req["answer_text"]
                if not isinstance(context, str) or not isinstance(text, str):
                    raise ValueError("context and answer_text must be strings")
            except (ValueError, KeyError, TypeError) as exc:
                out = {"id": rid, "question": None, "reason": f"line {n} cannot be read: {exc}"}
            else:
                result = ask(context, start, text, nlp)
                out = {"id": rid, "question": result.question}
                if result.item is not None:
                    out["type"] = result.item.type
                    out["item"] = result.item.to_dict()
                else:
                    out["reason"] = result.reason
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Serve the web app."""
    from quiz.web import serve

    serve(config, host=args.host, port=args.port)
    return EXIT_OK


def cmd_create_instructor(args: argparse.Namespace, config: Config) -> int:
    """Create an instructor account; the password is asked for, or read from standard input."""
    from werkzeug.security import generate_password_hash

    from quiz.storage.learning import AlreadyExists, create_instructor

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            _err("the passwords differ.")
            return EXIT_FAIL
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        _err("the password must have at least 8 characters.")
        return EXIT_FAIL
    try:
        create_instructor(_engine(config), args.name, generate_password_hash(password), now=datetime.now(timezone.utc))
    except AlreadyExists:
        _err(f"an instructor named {args.name!r} exists already.")
        return EXIT_FAIL
    print(f"Instructor {args.name} created.")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    p = argparse.ArgumentParser(prog="quiz", description="Turn reading material into a question bank, an adaptive quiz and Anki decks.")
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="build the bank from texts (default: seeds/)")
    g.add_argument("paths", nargs="*", help="files or folders (.txt .md .html .pdf)")
    g.add_argument("--out", help="write the bank as JSON here and touch no database")
    g.add_argument("--no-text", action="store_true", help="with --out: leave the cleaned texts out of the JSON")
    g.add_argument("--seed", type=int, default=0, help="seed for option order and sampling (default 0)")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    g.add_argument("--approve-above", type=float, metavar="Q",
                   help="approve new items whose quality is at least Q (a demo shortcut; instructors review later)")
    g.add_argument("--if-empty", action="store_true", help="generate only when the database holds no items yet")
    g.set_defaults(func=cmd_generate)

    s = sub.add_parser("summary", help="print a summary of the bank")
    s.add_argument("--bank", help="read a bank JSON file instead of the database")
    s.set_defaults(func=cmd_summary)

    a = sub.add_parser("ask", help="a question for a given answer span (JSON lines in and out)")
    a.add_argument("--jsonl", required=True, help="input file, or - for standard input")
    a.set_defaults(func=cmd_ask)

    v = sub.add_parser("serve", help="serve the web app")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=5000)
    v.set_defaults(func=cmd_serve)

    e = sub.add_parser("export", help="export the bank")
    e.add_argument("format", choices=["anki", "json", "csv", "gift", "moodle", "qti"])
    e.add_argument("-o", "--output", help="file (or folder for anki; '-' for standard output)")
    e.add_argument("--status", choices=["approved", "draft", "rejected", "all"], default="approved")
    e.add_argument("--per-document", action="store_true", help="anki: one deck file per text")
    e.add_argument("--bank", help="read a bank JSON file instead of the database")
    e.set_defaults(func=cmd_export)

    c = sub.add_parser("create-instructor", help="create an instructor account")
    c.add_argument("name")
    c.set_defaults(func=cmd_create_instructor)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    config = Config()
    try:
        config.check()
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_USAGE
    try:
        return args.func(args, config)
    except KeyboardInterrupt:
        _err("interrupted.")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a clear message, never a traceback, for what the user can fix
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            _err(f"the database cannot be used ({exc.orig}). Check DATABASE_URL and that the server runs.")
            return EXIT_FAIL
        raise
