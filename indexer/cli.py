"""The ``telusur`` command (also ``python -m indexer``).

    telusur index [PATH ...] [--index DIR] [--rebuild] [--jobs N] [--json]
    telusur show ID [--index DIR] [--json]
    telusur stats [--index DIR] [--json]
    telusur serve [--index DIR] [--host 127.0.0.1] [--port 5000]

Reading commands go through the query engine in ``webui/search.py``, like the web app.

Exit codes: 0 success; 1 some inputs were rejected (the rest were indexed) or the article
asked for does not exist; 2 usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import json
import sys

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "seeds"


def _print_json(data) -> None:
    """Print one JSON object, UTF-8, as other programs expect it."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_index(args) -> int:
    """Index the inputs; report each rejection on stderr and a summary on stdout."""
    from indexer.build import build_index

    summary = build_index(args.paths or [DEFAULT_CORPUS], args.index, rebuild=args.rebuild,
                          jobs=args.jobs, progress=sys.stderr.isatty() and not args.json)
    for rejection in summary.rejections:
        where = f"{rejection.path}:{rejection.line}" if rejection.line else rejection.path
        print(f"rejected {where}: {rejection.reason}", file=sys.stderr)
    if args.json:
        _print_json(summary.to_json())
    else:
        print(summary.line())
    return 1 if summary.rejected else 0


def cmd_show(args) -> int:
    """Print one stored article, with everything extracted from it."""
    from webui.search import Engine, IndexMissing

    try:
        article = Engine(args.index).article(args.id)
    except IndexMissing as error:
        print(f"telusur: {error}", file=sys.stderr)
        return 1
    if article is None:
        print(f"telusur: no article with id {args.id!r} in {args.index}", file=sys.stderr)
        return 1
    if args.json:
        _print_json(article)
    else:
        print(format_article(article))
    return 0


def format_article(article: dict) -> str:
    """An article as text for a terminal: header lines, then the body."""
    lines = [article["title"], ""]
    for label, key in [("id", "id"), ("source", "source"), ("city", "city"),
                       ("published", "published"), ("url", "url"), ("category", "category")]:
        if article.get(key):
            lines.append(f"{label}: {article[key]}")
    for label in ("persons", "organizations", "places", "dates"):
        if article.get(label):
            lines.append(f"{label}: {', '.join(article[label])}")
    return "\n".join(lines + ["", article["body"]])


def cmd_stats(args) -> int:
    """Print document count, per-source counts and the publication date range."""
    from webui.search import Engine, IndexMissing

    try:
        stats = Engine(args.index).stats()
    except IndexMissing as error:
        print(f"telusur: {error}", file=sys.stderr)
        return 1
    if args.json:
        _print_json(stats)
        return 0
    print(f"documents: {stats['documents']}")
    dates = stats["published"]
    print(f"published: {dates['first'] or '-'} … {dates['last'] or '-'} "
          f"({dates['missing']} without a date)")
    for source, count in stats["sources"].items():
        print(f"  {count:>7}  {source}")
    return 0


def cmd_serve(args) -> int:
    """Serve the web app and JSON API with a production WSGI server."""
    import waitress

    from webui.app import create_app

    app = create_app({"INDEX_DIR": args.index})
    print(f"Telusur serving {args.index} on http://{args.host}:{args.port}/", file=sys.stderr)
    waitress.serve(app, host=args.host, port=args.port, threads=8, ident="telusur")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per job."""
    from indexer.build import default_jobs

    top = argparse.ArgumentParser(prog="telusur", description="Search Indonesian news.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, func, help):
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--index", default=DEFAULT_INDEX, metavar="DIR",
                         help=f"index directory (default: ./{DEFAULT_INDEX})")
        sub.set_defaults(func=func)
        return sub

    index = command("index", cmd_index, "index article files (default: seeds/)")
    index.add_argument("paths", nargs="*", metavar="PATH",
                       help="files or folders: .txt, .jsonl, .json, .csv, optionally .gz")
    index.add_argument("--rebuild", action="store_true", help="start the index over")
    index.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                       help="processes for analysis (default: %(default)s)")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")

    show = command("show", cmd_show, "show one article with everything extracted from it")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print the article as JSON")

    stats = command("stats", cmd_stats, "counts of what the index holds")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")

    serve = command("serve", cmd_serve, "serve the search page and JSON API")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the return value is the exit code."""
    args = parser().parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        parser().error("--jobs must be at least 1")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
