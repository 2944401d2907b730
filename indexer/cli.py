"""The ``telusur`` command (also ``python -m indexer``).

    telusur index [PATH ...] [--index DIR] [--rebuild] [--jobs N] [--json]
    telusur search QUERY [--index DIR] [--limit N] [--page N] [--sort relevance|newest|oldest]
                   [--from DATE] [--to DATE] [--person X] [--org X] [--place X] [--source X] [--json]
    telusur search --queries FILE --json
    telusur quotes QUERY [--index DIR] [--speaker X] [--json]
    telusur show ID [--index DIR] [--json]
    telusur stats [--index DIR] [--json]
    telusur serve [--index DIR] [--host 127.0.0.1] [--port 5000]

Reading commands go through the query engine in ``webui/search.py``, like the web app.

Exit codes: 0 success; 1 some inputs were rejected (the rest were indexed), the article
asked for does not exist or there is no index; 2 usage error (argparse's own, or a query the
engine cannot understand).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "seeds"


def _print_json(data) -> None:
    """Print one JSON object, UTF-8, as other programs expect it."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_index(args) -> int:
    """Index the inputs; report each rejection on stderr and a summary on stdout."""
    from indexer.build import build_index
    from indexer.sources import where

    summary = build_index(args.paths or [DEFAULT_CORPUS], args.index, rebuild=args.rebuild,
                          jobs=args.jobs, progress=sys.stderr.isatty() and not args.json)
    for rejection in summary.rejections:
        print(f"rejected {where(rejection)}: {rejection.reason}", file=sys.stderr)
    if args.json:
        _print_json(summary.to_json())
    else:
        print(summary.line())
    return 1 if summary.rejected else 0


def cmd_search(args) -> int:
    """Search the index: one query, or one per line of ``--queries FILE``."""
    from webui.query import QueryError
    from webui.search import Engine, SearchRequest

    engine = Engine(args.index)
    queries = _read_queries(args.queries) if args.queries else [args.query or ""]
    failed = False
    for text in queries:
        params = {"q": [text], "page": [str(args.page)], "per_page": [str(args.limit)],
                  "sort": [args.sort], "from": [args.date_from or ""], "to": [args.date_to or ""],
                  "person": args.person, "org": args.org, "place": args.place,
                  "source": args.source, "speaker": args.speaker, "mentioned": args.mentioned}
        try:
            result = engine.search(SearchRequest.from_args(params))
        except QueryError as error:
            failed = True
            result = {"query": text, "error": {"code": "bad_request", "message": str(error)}}
            print(f"telusur: {text!r}: {error}", file=sys.stderr)
        if args.json:
            print(json.dumps(result, ensure_ascii=False, indent=None if args.queries else 2))
        elif "error" not in result:
            print(format_results(result))
    return 2 if failed else 0


def cmd_quotes(args) -> int:
    """Quote-level search: who said what."""
    from webui.search import Engine, SearchRequest

    params = {"q": [args.query or ""], "speaker": args.speaker, "page": [str(args.page)],
              "per_page": [str(args.limit)]}
    result = Engine(args.index).quotes(SearchRequest.from_args(params))
    if args.json:
        _print_json(result)
        return 0
    print(f"{result['total']} quotes for {result['query']!r} in {result['took_ms']} ms")
    for number, quote in enumerate(result["results"], (result["page"] - 1) * result["per_page"] + 1):
        speaker = quote["speaker"] or "(unknown speaker)"
        role = f", {quote['role']}" if quote["role"] else ""
        print(f"\n{number}. “{quote['text']}”\n   — {speaker}{role} ({quote['kind']})"
              f"\n   {quote['title']} [{quote['article_id']}] {(quote['published'] or '')[:10]}")
    return 0


def _read_queries(path: str) -> list[str]:
    """The non-empty lines of a queries file (``-`` for standard input)."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        return [line.strip() for line in stream if line.strip()]


def format_results(result: dict) -> str:
    """Search results as text for a terminal: count, then one numbered entry each."""
    import html
    import re

    lines = [f"{result['total']} articles for {result['query']!r}"
             f"{' (relaxed: not all words matched)' if result['relaxed'] else ''}"
             f" in {result['took_ms']} ms"]
    if result["suggestion"]:
        lines.append(f"did you mean: {result['suggestion']}")
    first = (result["page"] - 1) * result["per_page"]
    for number, hit in enumerate(result["results"], first + 1):
        snippet = html.unescape(re.sub(r"</?mark>", "*", hit["snippet"]))
        date = (hit["published"] or "")[:10]
        lines += ["", f"{number}. {hit['title']}", f"   {hit['source']} {date}  [{hit['id']}]",
                  f"   {snippet}"]
    return "\n".join(lines)


def cmd_show(args) -> int:
    """Print one stored article, with everything extracted from it."""
    from webui.search import Engine

    article = Engine(args.index).article(args.id)
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
    from webui.search import Engine

    stats = Engine(args.index).stats()
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

    search = command("search", cmd_search, "search the index")
    search.add_argument("query", nargs="?", metavar="QUERY",
                        help='words, "phrases", OR, NOT, -word, person:X, tanggal:"Juni 2024"')
    search.add_argument("--queries", metavar="FILE", help="one query per line (- for stdin)")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="results per page")
    search.add_argument("--page", type=int, default=1, metavar="N")
    search.add_argument("--sort", default="relevance", choices=["relevance", "newest", "oldest"])
    search.add_argument("--from", dest="date_from", metavar="DATE",
                        help="first day: 2024-06-18, 18/6/2024, Juni 2024, kemarin, ...")
    search.add_argument("--to", dest="date_to", metavar="DATE", help="last day")
    for name in ("person", "org", "place", "source", "speaker", "mentioned"):
        search.add_argument(f"--{name}", action="append", default=[], metavar="X",
                            help=f"only articles with this {name} (repeatable)")
    search.add_argument("--json", action="store_true", help="print the API's JSON object")

    quotes = command("quotes", cmd_quotes, "search quotes: who said what")
    quotes.add_argument("query", nargs="?", metavar="QUERY", help="words in the quote")
    quotes.add_argument("--speaker", action="append", default=[], metavar="X",
                        help="only quotes by this speaker (repeatable)")
    quotes.add_argument("--limit", type=int, default=10, metavar="N", help="results per page")
    quotes.add_argument("--page", type=int, default=1, metavar="N")
    quotes.add_argument("--json", action="store_true", help="print the API's JSON object")

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
    from webui.query import QueryError
    from webui.search import IndexMissing

    try:
        return args.func(args)
    except IndexMissing as error:
        print(f"telusur: {error}", file=sys.stderr)
        return 1
    except QueryError as error:            # a query or date the engine cannot understand
        print(f"telusur: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:                # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
