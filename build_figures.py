#!/usr/bin/env python3
"""Execute the examples and write the artifacts the site shows.

    python build_figures.py             # run what changed, into docs/generated/
    python build_figures.py --fast      # small-data mode, into build/fast/
    python build_figures.py --force     # run everything again
    python build_figures.py --only NAME # run one example (repeatable)
    python build_figures.py --check     # report stale, missing or edited artifacts, run nothing
    python build_figures.py --list-stale  # the examples that must run, as JSON
    python build_figures.py --jobs 1    # one example at a time (default: one per core)
    python build_figures.py new "Title" # create examples/<title_slug>.py from a template
    python build_figures.py merge SHARD [SHARD ...]  # take in folders built elsewhere

An example whose code inputs changed runs in a fresh kernel; one whose prose
alone changed is merged into its stored outputs without running anything.
Its page, downloads, figures, snippets, values, arrays and manifest are
written atomically under <out>/<name>/, one build at a time per <out>. Exit
status 1 when an example fails (the others are still built) or, with
--check, when an artifact is stale, missing, edited or orphaned; 2 for a
command line that cannot be carried out.
"""

import argparse
import json
import sys
from pathlib import Path

from sitebuild import errors, pipeline, scaffold, settings, shards


def parse_args(argv):
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--fast",
        action="store_true",
        help="small-data mode, written to build/fast/ unless --out",
    )
    common.add_argument(
        "--out",
        type=Path,
        help="output folder (default: docs/generated, or build/fast with --fast)",
    )
    common.add_argument(
        "--examples", type=Path, default=settings.EXAMPLES_DIR, help=argparse.SUPPRESS
    )
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], parents=[common]
    )
    _build_options(parser)
    commands = parser.add_subparsers(dest="command")
    _new_parser(commands)
    merge = commands.add_parser(
        "merge",
        parents=[common],
        help="take in example folders built elsewhere",
        description="Merge example folders built by other jobs (--out SHARD) into "
        "the artifacts, each only if it is what a local build here would give.",
    )
    merge.add_argument(
        "shards", nargs="+", type=Path, help="folders of example folders"
    )
    return parser.parse_args(argv)


def _build_options(parser):
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument(
        "--force", action="store_true", help="run every selected example, fresh or not"
    )
    modes.add_argument(
        "--check",
        action="store_true",
        help="report stale, missing or edited artifacts; run nothing",
    )
    modes.add_argument(
        "--list-stale",
        action="store_true",
        help="print the examples that must run (stale or missing) as a JSON list",
    )
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="only this example (repeatable)"
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=settings.default_jobs(),
        metavar="N",
        help=f"examples run side by side, each on {settings.THREADS_PER_EXAMPLE} "
        "thread(s) (default: %(default)s, one per core)",
    )


def _new_parser(commands):
    new = commands.add_parser(
        "new",
        help="create examples/<slug>.py from a template",
        description="Create examples/<slug>.py from a template, header filled in.",
    )
    new.add_argument("title", help='the page title, e.g. "Early stopping"')
    new.add_argument(
        "--description", help="one sentence, at most 100 characters, ending in '.'"
    )
    new.add_argument("--author", help="your name")
    new.add_argument(
        "--examples", type=Path, default=settings.EXAMPLES_DIR, help=argparse.SUPPRESS
    )


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


def mode_and_out(args):
    mode = settings.FAST if args.fast else settings.FULL
    return mode, args.out or (
        settings.FAST_DIR if args.fast else settings.PUBLISHED_DIR
    )


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


def say(message, error=False):
    print(message, file=sys.stderr if error else sys.stdout, flush=True)


def new_example(args):
    path = scaffold.create(args.title, args.examples, args.description, args.author)
    print(scaffold.next_steps(path, description_given=bool(args.description)))
    return 0


def merge_shards(args):
    mode, target = mode_and_out(args)
    result = shards.merge(args.shards, target, mode, args.examples, say=say)
    return 1 if result.refused else 0


def build_or_check(args):
    mode, out_dir = mode_and_out(args)
    paths = pipeline.select(args.examples, args.only)
    if args.check:
        result = pipeline.check(
            paths, out_dir, mode, args.examples, refresh_command(args)
        )
        for line in result.lines:
            say(line)
        say(result.summary(out_dir))
        return 1 if result.problems else 0
    if args.list_stale:
        print(json.dumps(pipeline.stale_names(paths, out_dir, mode, args.examples)))
        return 0
    plan = pipeline.Plan(out_dir, mode, args.force, args.examples, args.jobs, say=say)
    return 1 if pipeline.build(paths, plan).failed else 0


COMMANDS = {"new": new_example, "merge": merge_shards, None: build_or_check}


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return COMMANDS[args.command](args)
    except errors.ExampleError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if args.command is None else 1
    except KeyboardInterrupt:
        print("interrupted: the running kernels were stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
