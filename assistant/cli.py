"""The ``comptoir`` command: ingest a shop, serve it, evaluate retrieval."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings, get_settings

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = argparse.ArgumentParser(prog="comptoir", description="Self-hosted conversational retail assistant.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="index a catalog and policy pages (only what changed)")
    ingest.add_argument("--catalog", type=Path, help="catalog file: generic CSV or JSON, or a Shopify export CSV")
    ingest.add_argument("--policies", type=Path, help="folder of policy pages (Markdown, HTML or text)")
    ingest.add_argument("--demo", action="store_true", help="index the demo shop shipped with Comptoir")
    ingest.add_argument("--if-empty", action="store_true", help="do nothing when the index already has items")
    ingest.add_argument("--shop-url", default="", help="shop address used for links of a Shopify export")
    ingest.add_argument("--language", choices=["en", "fr"], help="language of the catalog's texts")
    ingest.set_defaults(run=_ingest)

    serve = commands.add_parser("serve", help="serve the chat, the widget and the demo page")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)

    evaluate = commands.add_parser("eval", help="measure answer quality on a labelled file")
    evaluate.add_argument("what", choices=["retrieval"])
    evaluate.add_argument("file", type=Path, help="JSON lines: {q, lang, kind, expected}")
    evaluate.set_defaults(run=_eval)

    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, Settings], int] = args.run
    try:
        return run(args, get_settings())
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        print(f"comptoir: {exc}", file=sys.stderr)
        return 2


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from assistant.runtime import hnsw_settings, load_embeddings
    from retrieval import chroma_client, collect_items, ingest, open_collections
    from retrieval.index import Manifest

    catalog, policies = args.catalog, args.policies
    if args.demo:
        catalog, policies = catalog or DEMO_DIR / "catalog.json", policies or DEMO_DIR / "policies"
    if catalog is None and policies is None:
        raise ValueError("nothing to ingest: give --catalog, --policies or --demo")
    if args.if_empty and Manifest(settings.index_dir / "manifest.json").read()["items"]:
        print("The index already has items; nothing to do.")
        return 0
    items, errors = collect_items(
        settings.index_dir, catalog=catalog, policies=policies,
        language=args.language or settings.default_language, shop_url=args.shop_url,
    )  # fmt: skip
    for problem in errors:
        print(f"skipped {problem}", file=sys.stderr)
    embeddings = load_embeddings(settings)
    stores = open_collections(
        chroma_client(settings.index_dir, settings.chroma_url), settings.collection, embeddings, hnsw_settings(settings)
    )
    bars: list[tqdm] = []

    def progress(total: int) -> Callable[[int], None]:
        bars.append(tqdm(total=total, unit="item", desc="embedding", disable=total < 500))
        return bars[-1].update

    report = ingest(items, index_dir=settings.index_dir, stores=stores, embeddings=embeddings, progress=progress)
    for bar in bars:
        bar.close()
    report.errors = errors
    print(report.summary())
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from assistant.app import create_app
    from assistant.offline import enforce_offline

    enforce_offline()
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        ws_max_size=settings.chat.max_frame_bytes,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        log_level="info",
    )
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import evaluate_retrieval, read_questions
    from assistant.runtime import build_runtime

    runtime = build_runtime(settings)
    report = evaluate_retrieval(runtime.search, read_questions(args.file))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
