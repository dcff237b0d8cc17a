"""Check mkdocs.yml before building, with a message that says what to fix.

MkDocs reports a YAML error with its parser's words only; this names the
file, line and column, shows the line, and says what to do. `make site` runs
it first:

    python -m sitebuild.config_check mkdocs.yml
"""

import sys
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader


def problem(path):
    """None when `path` is valid YAML for MkDocs, else a message naming what to fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return (
            f"{path}: cannot be read ({error.strerror}); run from the repository root."
        )
    try:
        yaml.load(text, Loader=get_yaml_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (
            text.splitlines()[mark.line]
            if mark and mark.line < len(text.splitlines())
            else ""
        )
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        return (
            f"{where}: not valid YAML ({error.problem or error.context}).\n"
            f"    {line}\n"
            "Fix the indentation, colon or quoting on that line (or the line "
            "above it), then build again."
        )
    except yaml.YAMLError as error:
        return f"{path}: not valid YAML ({error}); fix it, then build again."
    return None


def main(argv=None):
    paths = (argv if argv is not None else sys.argv[1:]) or ["mkdocs.yml"]
    problems = [message for message in map(problem, paths) if message]
    for message in problems:
        print(f"error: {message}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
