"""Render `prefect <words> --help` pages through the installed `prefect` console-script entry point, many
in one process: each line on stdin is a JSON list of words; each answer on stdout is one JSON object
{"text": ..., "exit": ...}. The same code runs as for `prefect <words> --help` in its own process, without
an interpreter start per page (the CLI version matrix walks four releases' every page this way)."""

import contextlib
import io
import json
import os
import sys

os.environ.setdefault("COLUMNS", "250")
os.environ["NO_COLOR"] = "1"
os.environ["TERM"] = "dumb"

from importlib.metadata import entry_points

(entry,) = [e for e in entry_points(group="console_scripts") if e.name == "prefect"]
main = entry.load()
protocol = sys.stdout

for line in sys.stdin:
    words = json.loads(line)
    sys.argv = ["prefect", *words, "--help"]
    buffer = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(io.StringIO()):
        try:
            main()
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except Exception as error:  # a page that crashes is reported like a failing --help
            code = 1
            print(f"{type(error).__name__}: {error}", file=sys.stderr)
    protocol.write(json.dumps({"text": buffer.getvalue(), "exit": code}) + "\n")
    protocol.flush()
