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
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes sharing the port (more than one needs COMPTOIR_REDIS_URL: hand-over events cross processes "
        "through Redis)",
    )
    serve.set_defaults(run=_serve)

    evaluate = commands.add_parser("eval", help="measure retrieval or a guardrail on a labelled file")
    evaluate.add_argument("what", choices=["retrieval", "conversation", "routes", "pii", "injection"])
    evaluate.add_argument(
        "file",
        type=Path,
        nargs="+",
        help="JSON lines (pii and injection: one or more files, figures per record's source, else per file). retrieval: {q, lang, kind, expected}; conversation: {id, lang, turns: [{text, expect: "
        "{kind: product|compare|policy|clarify|decline, skus?, page?, answer?, contains?}}]}; pii: {text, lang?, spans: [{start, end, type}]}; "
        "injection: {text, lang?, label: attack|ordinary}; routes: {text, lang, route: lookup|handover|link|policy}",
    )
    evaluate.add_argument(
        "--unseen-names",
        nargs="?",
        const="holdout",
        choices=["holdout", "dev"],
        help="pii: without the gazetteer's name words of that part of the generated sets' split (default holdout)",
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--show", type=int, default=0, metavar="N", help="also print N misses and false alarms")
    evaluate.set_defaults(run=_eval)

    calibrate = commands.add_parser(
        "calibrate", help="precision and recall of hand-over on labelled messages, per confidence threshold"
    )
    calibrate.add_argument("file", type=Path, help='JSON lines: {"text", "lang"?, "escalate": true|false}')
    calibrate.add_argument(
        "--thresholds", default="0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.45,0.5,0.6,0.7", help="comma-separated"
    )
    calibrate.add_argument("--json", action="store_true", help="print the figures as JSON")
    calibrate.add_argument("--show", type=int, default=0, metavar="N", help="N misses and false alarms at the setting")
    calibrate.set_defaults(run=_calibrate)

    users = commands.add_parser("users", help="staff accounts for the console")
    users_commands = users.add_subparsers(dest="users_command", required=True)
    add_user = users_commands.add_parser("add", help="create an account; the password is asked for, or read from stdin")
    add_user.add_argument("name")
    add_user.add_argument("--role", required=True, choices=["agent", "admin", "compliance"])
    add_user.add_argument("--display-name", help="the name shoppers see on the agent's messages")
    add_user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add_user.set_defaults(run=_users_add)
    unlock_user = users_commands.add_parser(
        "unlock", help="end an account's lock-out after failed logins before it expires (audited)"
    )
    unlock_user.add_argument("name")
    unlock_user.set_defaults(run=_users_unlock)

    purge = commands.add_parser(
        "purge", help="delete the conversations inactive for longer than the retention period (audited)"
    )
    purge.add_argument("--days", type=int, help="inactive for more than N days (default COMPTOIR_RETENTION__DAYS)")
    purge.add_argument("--dry-run", action="store_true", help="count what would be purged; delete nothing")
    purge.set_defaults(run=_purge)

    export = commands.add_parser("export", help="everything held about a shopper, as one JSON file (audited)")
    _subject_arguments(export)
    export.add_argument("--out", type=Path, help="write the JSON to this file (default: standard output)")
    export.set_defaults(run=_export)

    erase = commands.add_parser("erase", help="delete everything held about a shopper (each erasure is audited)")
    _subject_arguments(erase)
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(run=_erase)

    audit = commands.add_parser("audit", help="the tamper-evident audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser(
        "verify", help="walk the hash chain; name the first record changed, removed or inserted"
    )
    verify.add_argument(
        "--expect-head",
        metavar="HASH",
        help="a head hash printed by an earlier check and kept elsewhere: it must still be in the chain",
    )
    verify.set_defaults(run=_audit_verify)

    docs = commands.add_parser(
        "docs", help="write the record of processing (GDPR art. 30) and the AI transparency sheet, from the settings"
    )
    docs.add_argument("--out", type=Path, default=Path("."), help="folder to write the Markdown files to (default .)")
    docs.set_defaults(run=_docs)

    vault = commands.add_parser("vault-key", help="print a new key for COMPTOIR_PRIVACY__VAULT_KEY")
    vault.set_defaults(run=_vault_key)

    orders = commands.add_parser("orders", help="the local order book (COMPTOIR_ORDERS__SOURCE=local)")
    orders_commands = orders.add_subparsers(dest="orders_command", required=True)
    import_orders = orders_commands.add_parser(
        "import", help="add or replace orders from a CSV or JSON file (all or nothing; columns in the README)"
    )
    import_orders.add_argument("file", type=Path, nargs="?", help="the orders file")
    import_orders.add_argument("--demo", action="store_true", help="the demo shop's orders")
    import_orders.set_defaults(run=_import_orders)

    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, Settings], int] = args.run
    try:
        return run(args, get_settings())
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        print(f"comptoir: {exc}", file=sys.stderr)
        return 2


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from retrieval.index import Manifest, chroma_client, missing_vectors

    catalog, policies = args.catalog, args.policies
    if args.demo:
        catalog, policies = catalog or DEMO_DIR / "catalog.json", policies or DEMO_DIR / "policies"
    if catalog is None and policies is None:
        raise ValueError("nothing to ingest: give --catalog, --policies or --demo")
    client = chroma_client(settings.index_dir, settings.chroma_url)
    if args.if_empty:
        manifest = Manifest(settings.index_dir / "manifest.json").read()
        missing = missing_vectors(client, settings.collection, manifest)
        if manifest["items"] and not missing:
            print("The index already has items; nothing to do.")
            return 0
        if missing:
            print(f"Chroma lacks {missing} of the index's {len(manifest['items'])} vectors; indexing again.")

    from tqdm import tqdm  # the model and the guardrails load only when there is something to index

    from assistant.runtime import hnsw_settings, ingest_screen, load_embeddings
    from retrieval import collect_items, ingest, open_collections

    items, errors, set_aside = collect_items(
        settings.index_dir, catalog=catalog, policies=policies,
        language=args.language or settings.default_language, shop_url=args.shop_url,
        screen=ingest_screen(settings),
    )  # fmt: skip
    for problem in errors:
        print(f"skipped {problem}", file=sys.stderr)
    for notice in set_aside:
        print(notice, file=sys.stderr)
    embeddings = load_embeddings(settings)
    stores = open_collections(client, settings.collection, embeddings, hnsw_settings(settings))
    bars: list[tqdm] = []

    def progress(total: int) -> Callable[[int], None]:
        bars.append(tqdm(total=total, unit="item", desc="embedding", disable=total < 500))
        return bars[-1].update

    report = ingest(items, index_dir=settings.index_dir, stores=stores, embeddings=embeddings, progress=progress)
    for bar in bars:
        bar.close()
    report.errors, report.set_aside = errors, set_aside
    print(report.summary())
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.web.serving import WorkersRefused, serve

    try:
        serve(settings, args.host, args.port, args.workers)
    except WorkersRefused as refused:
        raise SystemExit(f"comptoir serve: {refused}") from None
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.what == "pii":
        return _eval_pii(args, settings)
    if args.what == "injection":
        return _eval_injection(args, settings)
    from assistant.runtime import build_runtime
    from assistant.turn.evaluation import evaluate_conversations, evaluate_retrieval, read_conversations, read_questions

    if len(args.file) > 1:
        raise SystemExit(f"comptoir eval {args.what}: one file at a time")
    file = args.file[0]
    if args.what == "routes":
        return _eval_routes(args, settings, file)
    labelled = read_conversations(file) if args.what == "conversation" else read_questions(file)
    runtime = build_runtime(settings)  # after the file is read: a bad line is told before the models load
    if args.what == "conversation":
        report = evaluate_conversations(runtime.chat.pipeline, labelled)
        if args.json:
            print(json.dumps(report, indent=2, ensure_ascii=False))
            return 0
        for group, figures in report["summary"].items():
            print(
                f"{group:<16} {figures['n']:>5} turns  accuracy {figures['accuracy']:.3f}  strict {figures['strict']:.3f}"
            )
        for miss in report["missed"][: args.show]:
            print(
                f"- {miss['conversation']} turn {miss['turn']}: {miss['text']!r} expected {miss['expect']}, got "
                f"{miss['act']} {miss['shown'][:3]}: {miss['answer'][:160]!r}"
            )
        return 0
    report = evaluate_retrieval(runtime.chat.pipeline.retriever, labelled)
    print(json.dumps(report, indent=2))
    return 0


def _eval_routes(args: argparse.Namespace, settings: Settings, file: Path) -> int:
    from assistant.runtime import build_runtime
    from assistant.turn.evaluation import evaluate_routes, read_routes

    labelled = read_routes(file)
    runtime = build_runtime(settings)  # after the file is read: a bad line is told before the models load
    report = evaluate_routes(runtime.chat, labelled)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for group, figures in report["summary"].items():
        print(f"{group:<16} {figures['n']:>5} messages  route accuracy {figures['accuracy']:.3f}")
    for miss in report["wrong"][: args.show]:
        print(f"- {miss['text'][:120]!r}: {miss['route']}, got {miss['got']} ({miss['intent']}, {miss['reasons']})")
    return 0


def _eval_pii(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.runtime import hnsw_settings, load_detector
    from assistant.turn.language import detect_language
    from assistant.turn.privacy import shop_vocabulary
    from guardrails.evaluation import by_source, catalog_false_positives, read_labelled, score_pii
    from retrieval.index import Manifest
    from retrieval.search import ShopIndex

    sources = by_source(read_labelled(args.file))
    detector = load_detector(settings, unseen_names=args.unseen_names)
    index = ShopIndex(Manifest(settings.index_dir / "manifest.json").read(), {}, hnsw_settings(settings))
    words = shop_vocabulary(index, settings.shop_name)
    reports = {
        source: score_pii(
            records,
            lambda text, lang: detector.detect(text, lang or detect_language(text, settings.default_language), words),
        )
        for source, records in sources.items()
    }
    products = list(index.products.values())
    flagged = catalog_false_positives(products, detector, words)
    catalog = {"products": len(products), "with_redactions": len(flagged)}
    if args.json:
        print(json.dumps({"sources": {s: r.to_dict() for s, r in reports.items()}, "catalog": catalog}, indent=2))
    else:
        for source, report in reports.items():
            print(f"== {source}\n{report.table()}\n")
        if products:
            share = len(flagged) / len(products)
            print(f"catalog products with something redacted: {len(flagged)}/{len(products)} = {share:.3f}")
    for source, report in reports.items():
        for miss in report.misses[: args.show]:
            print(f"missed  {source:<14} {miss['type']:<14} {miss['value']!r} ({miss['id']})")
        for alarm in report.false_positives[: args.show]:
            print(f"flagged {source:<14} {alarm['type']:<14} {alarm['value']!r} ({alarm['id']})")
    for alarm in flagged[: args.show]:
        print(f"flagged {'catalog':<14} {alarm['type']:<14} {alarm['value']!r} ({alarm['id']})")
    return 0


def _eval_injection(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.runtime import load_embeddings, load_injection_detector
    from guardrails.evaluation import by_source, read_labelled, score_injection

    sources = by_source(read_labelled(args.file))
    detector = load_injection_detector(load_embeddings(settings))
    reports = {
        source: score_injection(records, lambda text, _lang: detector.check(text).attack)
        for source, records in sources.items()
    }
    if args.json:
        print(json.dumps({source: report.to_dict() for source, report in reports.items()}, indent=2))
    else:
        for source, report in reports.items():
            print(f"== {source}\n{report.table()}")
    for source, report in reports.items():
        for text in report.missed[: args.show]:
            print(f"missed  {source:<14} {text[:300]!r}")
        for text in report.wrongly_flagged[: args.show]:
            print(f"flagged {source:<14} {text[:300]!r}")
    return 0


def _calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.runtime import build_runtime
    from escalation import EscalationPolicy
    from escalation.calibration import Labelled, calibrate, table
    from guardrails.evaluation import read_jsonl

    records = read_jsonl(args.file)
    for number, record in enumerate(records, 1):
        if not isinstance(record.get("escalate"), bool):
            raise ValueError(f"{args.file}: record {number}: escalate must be true or false")
    thresholds = sorted({float(value) for value in args.thresholds.split(",") if value.strip()})
    runtime = build_runtime(settings)
    messages = [
        Labelled(runtime.chat.rehearse(r["text"], r.get("lang") or settings.default_language), r["escalate"])
        for r in records
    ]
    rows = calibrate(messages, thresholds)
    current = settings.escalation.confidence_threshold
    if args.json:
        print(json.dumps([{**row.__dict__, "f1": round(row.f1, 4)} for row in rows], indent=2))
    else:
        print(table(rows, current))
    policy = EscalationPolicy(current)
    wrong = [(m, policy.decide(m.signal)) for m in messages]
    wrong = [(m, d) for m, d in wrong if d.escalate != m.escalate]
    for message, decision in wrong[: args.show]:
        what = "missed " if message.escalate else "flagged " + ",".join(decision.reasons)
        print(
            f"{what}: {message.signal.text!r} (intent {message.signal.intent}, confidence {message.signal.confidence})"
        )
    return 0


def _users_add(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from assistant.records.store import ConversationStore, make_engine
    from assistant.staff.accounts import AccountError, Accounts

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        try:
            password = getpass.getpass(f"password for {args.name}: ")
            again = getpass.getpass("again: ")
        except EOFError:
            raise ValueError(
                "the input ended before the password was typed twice (give it with --password-stdin)"
            ) from None
        if again != password:
            raise ValueError("the two passwords differ")
    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    try:
        user = Accounts(store.engine).add(args.name, args.role, password, args.display_name)
    except AccountError as exc:
        raise ValueError(str(exc)) from exc
    print(f"added {user.name} ({user.role})")
    return 0


def _users_unlock(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from assistant.records.store import ConversationStore, make_engine
    from assistant.staff import Accounts, LoginLimits, Logins

    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    logins = Logins(Accounts(store.engine), store, LoginLimits.of(settings.console), settings.pseudonym_key())
    try:
        actor = getpass.getuser()
    except (KeyError, OSError):
        actor = "operator"
    if logins.unlock(args.name, actor):
        print(f"unlocked {args.name}")
    else:
        print(f"{args.name} was not locked out")
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.compliance.retention import purge
    from assistant.records.store import ConversationStore, make_engine

    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    days = settings.retention.days if args.days is None else args.days
    print(purge(store, days, dry_run=args.dry_run).summary())
    return 0


def _subject_arguments(parser: argparse.ArgumentParser) -> None:
    """Who the data-subject request is about, and who makes it."""
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--session", metavar="TOKEN", help="the shopper's session token")
    who.add_argument("--contact", metavar="EMAIL_OR_PHONE", help="an e-mail address or phone number they wrote")
    who.add_argument("--customer", metavar="ID", help="the merchant's customer id (from the widget's signed token)")
    who.add_argument("--conversation", metavar="ID", help="one conversation id, as the compliance console shows it")
    parser.add_argument("--actor", help="who asks, for the audit log (default: the OS user name)")


def _subject_request(args: argparse.Namespace, settings: Settings):  # type: ignore[no-untyped-def]
    """The store, the conversations asked for and the actor; None (after saying so) when nothing matches."""
    import getpass

    from assistant.compliance.subjects import NoSubject, find_conversations
    from assistant.records.store import ConversationStore, make_engine

    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    key = settings.pseudonym_key() if args.contact is not None else b""
    try:
        ids = find_conversations(
            store,
            session=args.session,
            contact=args.contact,
            customer=args.customer,
            conversation=args.conversation,
            key=key,
        )
    except NoSubject as exc:
        print(f"comptoir: {exc}", file=sys.stderr)
        return None
    try:
        actor = args.actor or getpass.getuser()
    except (KeyError, OSError):
        actor = "operator"
    return store, ids, actor


def _found_by(args: argparse.Namespace) -> str:
    """How the shopper was found, for the audit log (never the value itself)."""
    return next(name for name in ("session", "contact", "customer", "conversation") if getattr(args, name) is not None)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.compliance.subjects import export
    from guardrails import Sealer

    request = _subject_request(args, settings)
    if request is None:
        return 1
    store, ids, actor = request
    vault_key = settings.privacy.vault_key
    sealer = Sealer(vault_key.get_secret_value()) if vault_key else None
    document = export(store, ids, sealer=sealer, actor=actor, by=_found_by(args))
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"exported {len(ids)} conversation{'s' if len(ids) != 1 else ''} to {args.out}", file=sys.stderr)
    return 0


def _erase(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.compliance.subjects import erase

    request = _subject_request(args, settings)
    if request is None:
        return 1
    store, ids, actor = request
    if not args.yes:
        print(f"erase {len(ids)} conversation{'s' if len(ids) != 1 else ''} ({', '.join(ids)}) and everything held "
              "about them? [y/N] ", end="", flush=True)  # fmt: skip
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            print("nothing erased")
            return 1
    print(erase(store, ids, actor=actor).summary())
    return 0


def _audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.records.audit import verify
    from assistant.records.store import ConversationStore, make_engine

    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    verdict = verify(store.engine, args.expect_head)
    if verdict.problem is not None:
        print(verdict.problem.describe())
        return 1
    print(f"audit log intact: {verdict.records} records")
    print(f"last record: seq {verdict.head_seq}, hash {verdict.head_hash}")
    if args.expect_head:
        print("the head kept from the earlier check is still in the chain")
    return 0


def _import_orders(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.orders.book import ImportRefused, LocalOrderBook, order_sealer
    from assistant.records.store import ConversationStore, make_engine

    if (args.file is None) == (not args.demo):
        raise ValueError("name an orders file, or --demo")
    path = DEMO_DIR / "orders.json" if args.demo else args.file
    store = ConversationStore(make_engine(settings.sqlalchemy_url))
    store.create_schema()
    book = LocalOrderBook(store.engine, order_sealer(settings.pseudonym_key()))
    try:
        written = book.import_file(path)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(f"comptoir: {problem}", file=sys.stderr)
        print(f"comptoir: nothing imported ({len(refused.problems)} problems)", file=sys.stderr)
        return 2
    print(f"{written} orders imported from {path.name}; the book holds {book.count()}")
    if settings.orders.source != "local":
        print("the assistant reads them once COMPTOIR_ORDERS__SOURCE=local")
    return 0


def _vault_key(args: argparse.Namespace, settings: Settings) -> int:
    from guardrails import Sealer

    print(Sealer.new_key())
    return 0


def _docs(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.compliance.documents import write_documents

    for path in write_documents(settings, args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
