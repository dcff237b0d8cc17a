#!/usr/bin/env python3
"""Execute the examples and write the artifacts the site shows.

    python build_figures.py             # run what changed, into docs/generated/
    python build_figures.py --fast      # small-data mode, into build/fast/
    python build_figures.py --force     # run everything again
    python build_figures.py --only NAME # run one example (repeatable)
    python build_figures.py --check     # report stale or missing artifacts, run nothing
    python build_figures.py --list-stale  # the examples that must run, as JSON
    python build_figures.py --jobs 1    # one example at a time (default: one per core)
    python build_figures.py new "Title" # create examples/<title_slug>.py from a template
    python build_figures.py merge SHARD [SHARD ...]  # take in folders built elsewhere

An example whose code inputs changed runs in a fresh kernel; one whose prose
alone changed is merged into its stored outputs without running anything.
Its page, downloads, figures, snippets, values and manifest are written
atomically under <out>/<name>/, one build at a time per <out>. Exit status 1
when an example fails (the others are still built) or, with --check, when an
artifact is stale, missing or orphaned.
"""

import argparse
import sys
from pathlib import Path

from sitebuild import errors, pipeline, scaffold, settings, shards


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--fast",
        action="store_true",
        help="small-data mode, written to build/fast/ unless --out",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="output folder (default: docs/generated, or build/fast with --fast)",
    )
    parser.add_argument(
        "--force", action="store_true", help="run every selected example, fresh or not"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this example (repeatable)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="report stale or missing artifacts; run nothing",
    )
    parser.add_argument(
        "--list-stale",
        action="store_true",
        help="print the examples that must run (stale or missing) as a JSON list",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=settings.default_jobs(),
        metavar="N",
        help=f"examples run side by side, each on {settings.THREADS_PER_EXAMPLE} "
        "thread(s) (default: %(default)s, one per core)",
    )
    parser.add_argument(
        "--examples", type=Path, default=settings.EXAMPLES_DIR, help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of at least 1, got {text!r}"
        )
    return value


def parse_new_args(argv):
    parser = argparse.ArgumentParser(
        prog="build_figures.py new",
        description="Create examples/<slug>.py from a template, header filled in.",
    )
    parser.add_argument("title", help='the page title, e.g. "Early stopping"')
    parser.add_argument(
        "--description", help="one sentence, at most 100 characters, ending in '.'"
    )
    parser.add_argument("--author", help="your name")
    parser.add_argument(
        "--examples", type=Path, default=settings.EXAMPLES_DIR, help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def new_example(argv):
    args = parse_new_args(argv)
    try:
        path = scaffold.create(args.title, args.examples, args.description, args.author)
    except errors.ExampleError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(scaffold.next_steps(path, description_given=bool(args.description)))
    return 0


def refresh_command(args):
    """This command as the user would re-type it to refresh one example."""
    words = [settings.BUILD_COMMAND]
    if args.fast:
        words.append("--fast")
    if args.examples != settings.EXAMPLES_DIR:
        words.append(f"--examples {args.examples}")
    if args.out:
        words.append(f"--out {args.out}")
    return " ".join(words)


def parse_merge_args(argv):
    parser = argparse.ArgumentParser(
        prog="build_figures.py merge",
        description="Merge example folders built by other jobs (--out SHARD) into "
        "the artifacts, each only if it is what a local build here would give.",
    )
    parser.add_argument(
        "shards", nargs="+", type=Path, help="folders of example folders"
    )
    parser.add_argument(
        "--fast", action="store_true", help="the target holds fast builds"
    )
    parser.add_argument("--out", type=Path, help="target (default: docs/generated)")
    parser.add_argument(
        "--examples", type=Path, default=settings.EXAMPLES_DIR, help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def merge_shards(argv):
    args = parse_merge_args(argv)
    target = args.out or (settings.FAST_DIR if args.fast else settings.PUBLISHED_DIR)
    mode = "fast" if args.fast else "full"
    return shards.merge(args.shards, target, mode, args.examples).exit_code


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["new"]:
        return new_example(argv[1:])
    if argv[:1] == ["merge"]:
        return merge_shards(argv[1:])
    args = parse_args(argv)
    mode = "fast" if args.fast else "full"
    out_dir = args.out or (settings.FAST_DIR if args.fast else settings.PUBLISHED_DIR)
    paths = pipeline.select(args.examples, args.only)
    if args.check:
        problems = pipeline.check(
            paths, out_dir, mode, args.examples, refresh_command(args)
        )
        return 1 if problems else 0
    if args.list_stale:
        print(pipeline.stale_names(paths, out_dir, mode, args.examples))
        return 0
    return pipeline.build(
        paths, out_dir, mode, args.force, args.examples, args.jobs
    ).exit_code


if __name__ == "__main__":
    sys.exit(main())
