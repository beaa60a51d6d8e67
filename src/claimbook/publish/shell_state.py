"""What a report can leave in its kernel besides names and modules, taken once when a warm
kernel is set up (`kernel_reset.install`) and put back by every reset.

Put back, on IPython's shell: the input transformers (cleanup, line, token and post) and AST
transformers; the display formatters (printers by type, by name and for singletons, which
formatters are enabled and active, %precision and %pprint); event callbacks (`pre_execute`,
`pre_run_cell`, `post_execute`, `post_run_cell`, ...); every other setting of the shell and of
its display hook, display publisher, magics and extension managers (their traitlets:
`ast_node_interactivity`, magics registered, extensions loaded, ...); compiler flags (`from
__future__ import ...` in a cell); a method replaced on the shell itself (`set_custom_exc`,
`shell.showtraceback = ...`). On the interpreter: `sys.displayhook`, `excepthook`, `stdout`,
`stderr` and the other hooks, trace and profile functions (also for new threads), the recursion
and integer-digits limits, the switch interval, the garbage collector's thresholds and callbacks,
signal handlers, the root logger's handlers and level and `logging.disable`, names added to
`builtins`, the import path hooks, the locale, the umask, the default socket timeout, the
decimal context and the time zone (after the environment).

Cannot be put back, so detected (`problem`; the worker then starts a fresh kernel): an audit
hook (`sys.addaudithook`: hooks are never removed). `sys.addaudithook` counts the hooks added
after the kernel was set up.
"""

from __future__ import annotations

import builtins
import contextlib
import decimal
import gc
import locale
import logging
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

_MISSING = object()
# traits that are not settings: where the shell lives, its counters and last results
_NOT_SETTINGS = frozenset({"parent", "config", "log", "execution_count", "history_manager",
                           "last_execution_result", "last_execution_succeeded", "shell",
                           "prompt_count", "exec_result"})
_SYS_HOOKS = ("displayhook", "excepthook", "breakpointhook", "unraisablehook", "stdin",
              "stdout", "stderr", "__displayhook__", "__excepthook__", "__stdin__",
              "__stdout__", "__stderr__")


def _copy(value: Any) -> Any:
    """A container's contents, to put back into the same container object."""
    for kind in (dict, list, set):
        if isinstance(value, kind):
            return kind(value)
    return value


def _refill(target: Any, content: Any) -> bool:
    """Put `content` back into the container `target` if its items differ (by identity)."""
    if isinstance(target, dict) and isinstance(content, dict):
        if len(target) != len(content) or any(target.get(k, _MISSING) is not v
                                              for k, v in content.items()):
            target.clear()
            target.update(content)
            return True
    elif isinstance(target, list) and isinstance(content, list):
        if len(target) != len(content) or any(a is not b for a, b in zip(target, content,
                                                                          strict=True)):
            target[:] = content
            return True
    elif isinstance(target, set) and isinstance(content, set) and target != content:
        target.clear()
        target.update(content)
        return True
    return False


class _Traits:
    """A traitlets object's settings (containers copied), to put back."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj
        self.saved = {name: (value, _copy(value)) for name, value in obj.trait_values().items()
                      if name not in _NOT_SETTINGS}

    def restore(self) -> list[str]:
        changed = []
        now = self.obj.trait_values()
        for name, (value, content) in self.saved.items():
            if now.get(name, _MISSING) is not value:
                self.obj.set_trait(name, value)
                changed.append(name)
            if _refill(value, content):
                changed.append(name)
        return changed


def shadowed_methods(obj: Any, own: dict[str, Any] | None = None) -> dict[str, Any]:
    """Attributes of `obj` itself (`own`: its `__dict__`) that hide a method of its class: a
    method patched on the object."""
    cls = type(obj)
    return {k: v for k, v in (vars(obj) if own is None else own).items()
            if not k.startswith("__") and callable(getattr(cls, k, None))}


class ShellState:
    """The shell's and the interpreter's settings as they were when the kernel was set up."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        df = shell.display_formatter
        self.formatters = dict(df.formatters)
        self.traits = [_Traits(o) for o in self._configurables(shell)]
        self.transforms = {name: list(getattr(shell.input_transformer_manager, name))
                           for name in ("cleanup_transforms", "line_transforms",
                                        "token_transformers")}
        self.events = shell.events
        self.callbacks = {event: list(cbs) for event, cbs in shell.events.callbacks.items()}
        self.compile, self.flags = shell.compile, shell.compile.flags
        self.shell_methods = shadowed_methods(shell)
        # set_custom_exc: the exceptions, and their handler bound to the shell as an attribute
        self.custom = (shell.custom_exceptions, vars(shell).get("CustomTB", _MISSING))
        self.extensions = set(shell.extension_manager.loaded)
        self.sys_hooks = {name: getattr(sys, name, None) for name in _SYS_HOOKS}
        self.threading_hooks = (threading.excepthook, threading.gettrace(),
                                threading.getprofile())
        self.trace = (sys.gettrace(), sys.getprofile())
        self.limits = (sys.getrecursionlimit(), sys.get_int_max_str_digits(),
                       sys.getswitchinterval())
        self.gc = (gc.isenabled(), gc.get_threshold(), list(gc.callbacks))
        self.signals = {}
        for s in signal.valid_signals():
            with contextlib.suppress(ValueError, OSError):
                self.signals[s] = signal.getsignal(s)
        root = logging.getLogger()
        self.logging = (list(root.handlers), root.level, logging.root.manager.disable)
        # names IPython's builtin trap adds and removes around each cell are its own business
        self.builtins = set(vars(builtins)) | set(getattr(shell.builtin_trap, "auto_builtins", ()))
        self.path_hooks = list(sys.path_hooks)
        self.locale = locale.setlocale(locale.LC_ALL)
        self.umask = os.umask(0o022)
        os.umask(self.umask)
        self.socket_timeout = socket.getdefaulttimeout()
        self.decimal = decimal.getcontext().copy()
        self.audit_hooks = 0  # added since the snapshot
        self._watch_audit_hooks()

    def _watch_audit_hooks(self) -> None:
        """Count the audit hooks added from now on: `sys.addaudithook` goes through a counter.
        (An audit hook of our own would see them too, but it would be called on every audited
        event, `id()` included, for the kernel's life: deep copies took 1.6 times as long.)
        Taken before the modules' functions are recorded, so putting the original back is
        a replaced function too."""
        add = sys.addaudithook

        def addaudithook(hook: Any) -> None:
            self.audit_hooks += 1
            add(hook)

        addaudithook.__doc__ = add.__doc__
        sys.addaudithook = addaudithook

    @staticmethod
    def _configurables(shell: Any) -> list[Any]:
        df = shell.display_formatter
        found = [shell, df, df.ipython_display_formatter, df.mimebundle_formatter,
                 *df.formatters.values(), shell.displayhook, shell.display_pub,
                 shell.magics_manager, shell.extension_manager]
        return [o for o in found if hasattr(o, "trait_values")]

    def problem(self) -> str:
        """What no reset can undo ('' when nothing)."""
        if self.audit_hooks:
            return (f"{self.audit_hooks} audit hook(s) added with sys.addaudithook, which "
                    "cannot be removed")
        return ""

    def restore(self) -> list[str]:
        """Put every setting back; the names of those that had changed (for the log)."""
        shell, changed = self.shell, []
        for traits in self.traits:  # the shell's own first: it holds the others
            changed += [f"{type(traits.obj).__name__}.{n}" for n in traits.restore()]
        if _refill(shell.display_formatter.formatters, self.formatters):
            changed.append("display formatters")
        manager = shell.input_transformer_manager
        for name, transforms in self.transforms.items():
            if _refill(getattr(manager, name), transforms):
                changed.append(f"input transformers ({name})")
        if shell.events is not self.events:
            shell.events = self.events
        for event, callbacks in self.callbacks.items():
            if _refill(self.events.callbacks.setdefault(event, []), callbacks):
                changed.append(f"{event} callbacks")
        for event in set(self.events.callbacks) - set(self.callbacks):
            del self.events.callbacks[event]
        if shell.compile is not self.compile or shell.compile.flags != self.flags:
            shell.compile = self.compile
            self.compile.flags = self.flags
            changed.append("compiler flags")
        now = shadowed_methods(shell)
        for name in now:
            if name not in self.shell_methods:
                delattr(shell, name)
                changed.append(f"shell.{name}")
        for name, value in self.shell_methods.items():
            if now.get(name) is not value:
                setattr(shell, name, value)
                changed.append(f"shell.{name}")
        shell.custom_exceptions, handler = self.custom
        if vars(shell).get("CustomTB", _MISSING) is not handler:
            if handler is _MISSING:
                del shell.CustomTB
            else:
                shell.CustomTB = handler
            changed.append("custom exception handler")
        _refill(shell.extension_manager.loaded, self.extensions)
        changed += self._restore_interpreter()
        return changed

    def _restore_interpreter(self) -> list[str]:
        changed = []
        for name, value in self.sys_hooks.items():
            if getattr(sys, name, None) is not value:
                setattr(sys, name, value)
                changed.append(f"sys.{name}")
        excepthook, trace, profile = self.threading_hooks
        threading.excepthook = excepthook
        threading.settrace(trace)  # type: ignore[arg-type]
        threading.setprofile(profile)  # type: ignore[arg-type]
        if (sys.gettrace(), sys.getprofile()) != self.trace:
            sys.settrace(self.trace[0])
            sys.setprofile(self.trace[1])
            changed.append("trace or profile function")
        sys.setrecursionlimit(self.limits[0])
        sys.set_int_max_str_digits(self.limits[1])
        sys.setswitchinterval(self.limits[2])
        enabled, thresholds, callbacks = self.gc
        (gc.enable if enabled else gc.disable)()
        gc.set_threshold(*thresholds)
        _refill(gc.callbacks, callbacks)
        for s, handler in self.signals.items():
            if handler is not None and signal.getsignal(s) is not handler:
                with contextlib.suppress(ValueError, OSError, TypeError):
                    signal.signal(s, handler)
                    changed.append(f"the {signal.Signals(s).name} handler")
        root = logging.getLogger()
        handlers, level, disable = self.logging
        if _refill(root.handlers, handlers):
            changed.append("root logger handlers")
        root.setLevel(level)
        logging.disable(disable)
        for name in set(vars(builtins)) - self.builtins:
            delattr(builtins, name)
            changed.append(f"builtins.{name}")
        _refill(sys.path_hooks, self.path_hooks)
        if locale.setlocale(locale.LC_ALL) != self.locale:
            locale.setlocale(locale.LC_ALL, self.locale)
            changed.append("locale")
        os.umask(self.umask)
        socket.setdefaulttimeout(self.socket_timeout)
        decimal.setcontext(self.decimal.copy())
        time.tzset()  # the environment was put back: TZ as it was
        return changed
