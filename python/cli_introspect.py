"""Print the installed `prefect` CLI's command tree as JSON on stdout (one run, one process).

Run with the interpreter that runs `prefect`. Current 3.x builds its CLI with cyclopts (the
App in `prefect.cli._app`); older 3.x and 2.x with typer on click: both are walked as app
objects, never by parsing `--help`. Every command is recorded with each name an option
answers to (long, short, negative, alternates), so a caller can check flags without
running `prefect` again. A command whose module fails to import is recorded with its error
instead of failing the whole walk.
"""

import contextlib
import gc
import inspect
import json
import sys
import time


def text(value):
    if value is None:
        return ""
    plain = getattr(value, "plain", None)  # rich Text
    if isinstance(plain, str):
        value = plain
    return inspect.cleandoc(str(value))


def type_name(hint):
    if hint is None or hint is inspect.Parameter.empty:
        return ""
    name = getattr(hint, "__name__", None)
    if name and not getattr(hint, "__args__", None):
        return name
    return str(hint).replace("typing.", "")


def plain_default(value):
    if value is None or value is inspect.Parameter.empty:
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    name = getattr(value, "value", None)  # Enum
    if isinstance(name, (str, int, float, bool)):
        return name
    if isinstance(value, (list, tuple)):
        return [plain_default(item) for item in value]
    return str(value)


# ---------------------------------------------------------------------- cyclopts


def cyclopts_app():
    try:
        from prefect.cli._app import _app  # 3.6.20+
    except ImportError:
        return None
    import cyclopts

    return _app if isinstance(_app, cyclopts.App) else None


def cyclopts_parameters(app):
    try:
        from cyclopts.help.help import _make_help_entry
    except ImportError:
        _make_help_entry = None
    arguments, options = [], []
    if app.default_command is None:
        return arguments, options
    for argument in app.assemble_argument_collection(parse_docstring=True):
        if not argument.parse or (argument.children and not argument.names):
            continue
        entry = _make_help_entry(argument, "plaintext") if _make_help_entry else None
        negatives = set(argument.negatives)
        names = [name for name in dict.fromkeys(argument.names) if name.startswith("-")]
        choices = argument.get_choices() if hasattr(argument, "get_choices") else None
        env_var = list(argument.parameter.env_var or ())
        record = {
            "names": names,
            "negative": [name for name in names if name in negatives],
            "required": bool(argument.required),
            "type": type_name(entry.type if entry else argument.hint),
            "default": plain_default(argument.field_info.default) if not argument.required else None,
            "choices": list(choices) if choices else [],
            "env_var": env_var,
            "help": text(argument.parameter.help),
            "hidden": not argument.show,
        }
        if argument.index is not None or argument.field_info.kind == argument.field_info.VAR_POSITIONAL:
            label = (entry.positional_label if entry else None) or argument.name.lstrip("-").upper()
            record["name"] = label
            record["variadic"] = argument.field_info.kind == argument.field_info.VAR_POSITIONAL
            arguments.append(record)
        else:
            record["name"] = next((n for n in names if n.startswith("--") and n not in negatives), names[0] if names else argument.name)
            if entry is not None and entry.metavar:
                record["metavar"] = entry.metavar
            options.append(record)
    return arguments, options


def usage_line(root, path, format_usage):
    # As `--help` builds it: through the apps the command line resolves to (the root's session options included).
    try:
        chain, apps, _ = root.parse_commands(list(path))
        usage = format_usage(root, chain, execution_path=apps)
    except TypeError:  # cyclopts without execution_path
        usage = format_usage(root, path)
    line = text(usage).removeprefix("Usage:").strip()
    # `--help` counts the root's session options (--profile, --prompt) too, so every page says [OPTIONS]:
    # after the required options, before the positionals.
    session = getattr(root, "meta", None)
    if "[OPTIONS]" in line or session is None or not any(True for _ in session.assemble_argument_collection()):
        return line
    words = line.split(" ")
    at = len(path) + 1 + (1 if words[len(path) + 1 : len(path) + 2] == ["COMMAND"] else 0)
    while at < len(words) and words[at].startswith("-"):
        at += 2 if at + 1 < len(words) and not words[at + 1].startswith("-") and words[at + 1].rstrip(".").isupper() else 1
    return " ".join([*words[:at], "[OPTIONS]", *words[at:]])


@contextlib.contextmanager
def reused_argument_collections(app_class):
    """Assemble each app's arguments once for the whole walk.

    The record (with help texts) and `format_usage` each assemble a command's arguments, and every usage
    line assembles the root's session options again: ~400 assemblies for ~190 commands, most of the walk's
    time. The docstring-parsed collection serves both: usage lines read names and kinds, never help text.
    """
    original = app_class.assemble_argument_collection
    assembled = {}

    def assemble_once(self, *, default_parameter=None, parse_docstring=False):
        key = (id(self), id(default_parameter))
        if key not in assembled:
            # The app and parameter stay referenced, so their ids can't be reused within the walk.
            assembled[key] = (self, default_parameter, original(self, default_parameter=default_parameter, parse_docstring=True))
        return assembled[key][2]

    app_class.assemble_argument_collection = assemble_once
    try:
        yield
    finally:
        app_class.assemble_argument_collection = original


def walk_cyclopts(root):
    import cyclopts
    from cyclopts.help.help import format_usage

    with reused_argument_collections(cyclopts.App):
        return walk_cyclopts_apps(root, format_usage)


def walk_cyclopts_apps(root, format_usage):
    commands, errors = [], []

    def visit(app, chain, parent_hidden):
        skip = {*app.help_flags, *app.version_flags}
        keys_by_app, apps = {}, {}
        for key in list(app):
            if key in skip:
                continue
            try:
                sub = app[key]
            except Exception as error:  # a command module that fails to import
                errors.append({"command": " ".join(["prefect", *chain, key]), "error": f"{type(error).__name__}: {error}"[:500]})
                continue
            keys_by_app.setdefault(id(sub), []).append(key)
            apps[id(sub)] = sub
        for identity, keys in keys_by_app.items():
            sub = apps[identity]
            # An alias is another key for the same app object (`automation disable` → `pause`).
            primary = sub.name[0] if sub.name and sub.name[0] in keys else keys[0]
            aliases = [key for key in keys if key != primary]
            path = [*chain, primary]
            hidden = parent_hidden or not sub.show
            children = [k for k in sub if k not in {*sub.help_flags, *sub.version_flags}]
            record = {
                "path": " ".join(["prefect", *path]),
                "aliases": [" ".join(["prefect", *chain, alias]) for alias in aliases],
                "hidden": hidden,
                "group": bool(children),
                "runnable": sub.default_command is not None,
                "help": text(sub.help),
            }
            try:
                record["usage"] = usage_line(root, path, format_usage)
            except Exception as error:
                record["usage"] = ""
                errors.append({"command": record["path"], "error": f"usage: {type(error).__name__}: {error}"[:500]})
            try:
                record["arguments"], record["options"] = cyclopts_parameters(sub)
            except Exception as error:
                record["arguments"], record["options"] = [], []
                errors.append({"command": record["path"], "error": f"parameters: {type(error).__name__}: {error}"[:500]})
            commands.append(record)
            if children:
                visit(sub, path, hidden)

    visit(root, [], False)
    return commands, errors


# ---------------------------------------------------------------------- typer / click


def walk_click(group):
    import click

    commands, errors = [], []

    def parameters(command, ctx):
        arguments, options = [], []
        for param in command.get_params(ctx):
            if param.name in ("help",) or getattr(param, "is_eager", False) and "--help" in getattr(param, "opts", []):
                continue
            choices = list(param.type.choices) if isinstance(param.type, click.Choice) else []
            envvar = param.envvar if isinstance(param.envvar, (list, tuple)) else ([param.envvar] if param.envvar else [])
            record = {
                "required": bool(param.required),
                "type": getattr(param.type, "name", "") or "",
                "default": None if param.required or callable(param.default) else plain_default(param.default),
                "choices": [str(choice) for choice in choices],
                "env_var": list(envvar),
                "help": text(getattr(param, "help", "") or ""),
                "hidden": bool(getattr(param, "hidden", False)),
            }
            if isinstance(param, click.Argument):
                record.update(name=param.human_readable_name.upper(), names=[], negative=[], variadic=param.nargs == -1)
                arguments.append(record)
            else:
                names = [*param.opts, *param.secondary_opts]
                longs = [name for name in param.opts if name.startswith("--")]
                record.update(name=longs[0] if longs else names[0], names=names, negative=list(param.secondary_opts))
                options.append(record)
        return arguments, options

    def function(command):
        callback = command.callback
        return id(inspect.unwrap(callback)) if callback is not None else None

    def signature(command):
        # typer registers an alias as a second, hidden copy of the same app: the same functions underneath.
        if isinstance(command, click.Group):
            return ("group", function(command), frozenset((name, signature(sub)) for name, sub in command.commands.items()))
        return ("command", function(command))

    def visit(command, ctx, chain, parent_hidden):
        subcommands = command.commands if isinstance(command, click.Group) else {}
        by_command = {}
        for key, sub in subcommands.items():
            by_command.setdefault(id(sub), []).append(key)
        visible = {signature(sub): key for key, sub in subcommands.items() if not getattr(sub, "hidden", False)}
        copies = {}
        for key, sub in subcommands.items():
            original = visible.get(signature(sub)) if getattr(sub, "hidden", False) else None
            if original is not None and original != key:
                copies[key] = original
                by_command.setdefault(id(subcommands[original]), []).append(key)
        for key, sub in subcommands.items():
            keys = by_command.get(id(sub), [key])
            if key in copies or key != keys[0]:
                continue
            primary = sub.name if sub.name in keys else key
            aliases = [k for k in keys if k != primary]
            path = [*chain, primary]
            sub_ctx = click.Context(sub, info_name=primary, parent=ctx)
            hidden = parent_hidden or bool(getattr(sub, "hidden", False))
            record = {
                "path": " ".join(["prefect", *path]),
                "aliases": [" ".join(["prefect", *chain, alias]) for alias in aliases],
                "hidden": hidden,
                "group": isinstance(sub, click.Group),
                "runnable": not isinstance(sub, click.Group) or bool(getattr(sub, "invoke_without_command", False)),
                "help": text(sub.help or sub.short_help or ""),
            }
            try:
                record["usage"] = " ".join([sub_ctx.command_path, *sub.collect_usage_pieces(sub_ctx)])
                record["arguments"], record["options"] = parameters(sub, sub_ctx)
            except Exception as error:
                record.setdefault("usage", "")
                record["arguments"], record["options"] = [], []
                errors.append({"command": record["path"], "error": f"{type(error).__name__}: {error}"[:500]})
            commands.append(record)
            visit(sub, sub_ctx, path, hidden)

    root_ctx = click.Context(group, info_name="prefect")
    visit(group, root_ctx, [], False)
    return commands, errors


def typer_group():
    import typer.main
    from prefect.cli import app

    return typer.main.get_command(app)


def main():
    started = time.monotonic()
    # A short-lived process whose imports allocate hundreds of thousands of objects and free few of them:
    # the cyclic collector only costs time here (7% of the CPU on 3.x, 16% on 2.x, measured).
    gc.disable()
    import prefect

    app = cyclopts_app()
    if app is not None:
        framework = "cyclopts"
        commands, errors = walk_cyclopts(app)
    else:
        framework = "typer"
        commands, errors = walk_click(typer_group())
    json.dump(
        {
            "prefect_version": getattr(prefect, "__version__", ""),
            "framework": framework,
            "python": sys.executable,
            "seconds": round(time.monotonic() - started, 3),
            # The whole process, interpreter start included: unlike wall time, barely moved by other load.
            "cpu_seconds": round(time.process_time(), 3),
            "commands": commands,
            "errors": errors,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
