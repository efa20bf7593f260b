"""The environment of the devin-style-agent project: a tiny repository held in memory, and the
tools an agent uses on it. Files are a dict {path: text}; nothing touches your disk.

run_tests() runs every test_*.py file of the workspace in-process: each test file gets fresh
copies of the workspace's modules (`from stats import mean` imports the workspace's stats.py),
and every function named test_* is called. The output names each file and each failing test,
so an agent (and you) can see what broke.
"""
import builtins
import types


class Workspace:
    def __init__(self, files):
        self.files = dict(files)

    # ------------------------------------------------------------------ tools
    def list_files(self):
        """The paths of the workspace, one per line."""
        return "\n".join(sorted(self.files))

    def read_file(self, path):
        """The text of a file."""
        if path not in self.files:
            raise FileNotFoundError(f"no file {path!r}; files: {', '.join(sorted(self.files))}")
        return self.files[path]

    def write_file(self, path, content):
        """Creates or replaces a whole file."""
        self.files[path] = content
        return f"wrote {path} ({len(content.splitlines())} lines)"

    def replace_in_file(self, path, old, new):
        """Replaces the one occurrence of `old` in a file by `new`."""
        text = self.read_file(path)
        count = text.count(old)
        if count != 1:
            raise ValueError(f"{old!r} occurs {count} times in {path}; it must occur exactly once")
        self.files[path] = text.replace(old, new)
        return f"replaced 1 occurrence in {path}"

    def run_tests(self):
        """Runs the test_*.py files; a summary per file, then one line per failing test."""
        lines, failures = [], []
        for path in sorted(p for p in self.files if p.rsplit("/", 1)[-1].startswith("test_") and p.endswith(".py")):
            passed, failed = self._run_test_file(path)
            lines.append(f"{path}: {len(passed)} passed, {len(failed)} failed")
            failures += [f"FAILED {path}::{name}: {why}" for name, why in failed]
        if not lines:
            return "no test files"
        verdict = "ALL TESTS PASSED" if not failures else "SOME TESTS FAILED"
        return "\n".join(lines + failures + [verdict])

    # ------------------------------------------------------------------ verification
    def verify(self, extra_tests=None):
        """(all tests pass, report). extra_tests: {path: text} of hidden test files to add first."""
        saved = dict(self.files)
        self.files.update(extra_tests or {})
        try:
            report = self.run_tests()
        finally:
            self.files = saved
        return report.endswith("ALL TESTS PASSED"), report

    # ------------------------------------------------------------------ internals
    def _load(self, path, cache):
        """Executes a workspace file as a module whose imports come from the workspace first."""
        def ws_import(name, globals=None, locals=None, fromlist=(), level=0):
            if level == 0 and name + ".py" in self.files:
                if name not in cache:
                    cache[name] = self._load(name + ".py", cache)
                return cache[name]
            return builtins.__import__(name, globals, locals, fromlist, level)
        module = types.ModuleType(path[:-3])
        module.__dict__["__builtins__"] = dict(builtins.__dict__, __import__=ws_import)
        exec(compile(self.files[path], path, "exec"), module.__dict__)
        return module

    def _run_test_file(self, path):
        passed, failed = [], []
        try:
            module = self._load(path, {})
        except Exception as error:
            return [], [("(import)", f"{type(error).__name__}: {error}")]
        for name, fn in sorted(vars(module).items()):
            if name.startswith("test_") and callable(fn):
                try:
                    fn()
                    passed.append(name)
                except Exception as error:
                    failed.append((name, f"{type(error).__name__}: {error}".rstrip(": ")))
        return passed, failed


def tool_specs(ws):
    """The tools of a workspace as the harness hands them to your agent: a list of dicts
    {"name", "description", "parameters", "fn"}, fn taking the arguments by keyword."""
    return [
        {"name": "list_files", "description": "List the files of the repository.", "parameters": {}, "fn": ws.list_files},
        {"name": "read_file", "description": "Read a whole file.", "parameters": {"path": "string"}, "fn": ws.read_file},
        {"name": "write_file", "description": "Create or overwrite a whole file.",
         "parameters": {"path": "string", "content": "string"}, "fn": ws.write_file},
        {"name": "replace_in_file", "description": "Replace the single occurrence of `old` in a file by `new`.",
         "parameters": {"path": "string", "old": "string", "new": "string"}, "fn": ws.replace_in_file},
        {"name": "run_tests", "description": "Run the repository's test_*.py files and report failures.",
         "parameters": {}, "fn": ws.run_tests},
    ]
