"""Serve the search: `python -m searchapp [--host H] [--port P] [--seeds DIR] [--index DIR]`.

Builds the index first when there is none, then serves with waitress (a production WSGI
server; Flask's debug server is never used).
"""

from __future__ import annotations

import argparse
import sys

from waitress import serve

from . import config
from .app import create_app
from .index import BuildError, build_index
from .store import IndexStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m searchapp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--seeds", help="folder of article files (default: $SEARCHAPP_SEEDS or seeds/)")
    parser.add_argument("--index", help="index folder (default: $SEARCHAPP_INDEX or index/)")
    parser.add_argument("--threads", type=int, default=4, help="request threads (default 4)")
    args = parser.parse_args(argv)
    index_dir = config.index_dir(args.index)
    if IndexStore(index_dir).current() is None:
        print(f"No index in {index_dir}: building it first.", file=sys.stderr)
        try:
            print(build_index(config.seeds_dir(args.seeds), index_dir).summary(), file=sys.stderr)
        except BuildError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    app = create_app({"INDEX_DIR": str(index_dir)})
    print(f"Serving on http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    serve(app, host=args.host, port=args.port, threads=args.threads, ident="searchapp")
    return 0


if __name__ == "__main__":
    sys.exit(main())
