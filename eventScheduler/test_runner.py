"""`python manage.py test` runs the pytest suite, with Django's labels and options.

Both entry points run the same tests: each option of Django's runner is turned into the pytest
option that does the same (pytest-django, pytest-xdist, pytest-randomly), and each dotted label
into a pytest node id.
"""

import importlib.util
import os

from django.core.management.base import CommandError


def node_id(label):
    """The pytest node id of a Django test label.

    `accounts.tests.test_tokens` -> `accounts/tests/test_tokens.py`, and a class, method or
    function after the module -> `::Class::method`. A path or node id stays as it is.
    """
    if os.sep in label or "::" in label or label.endswith(".py") or os.path.exists(label):
        return label
    parts = label.split(".")
    for length in range(len(parts), 0, -1):
        module = ".".join(parts[:length])
        try:
            # find_spec imports the parent packages only, never the test module: pytest must
            # import it first to rewrite its asserts.
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            continue
        path = os.path.relpath(spec.origin)
        if os.path.basename(path) == "__init__.py":
            path = os.path.dirname(path)
        return "::".join([path, *parts[length:]])
    raise CommandError(f"No test module found for the label {label!r}.")


def _markers(tags, excluded):
    expression = " or ".join(tags)
    if len(tags) > 1:
        expression = f"({expression})"
    for tag in excluded:
        expression = f"{expression} and not {tag}" if expression else f"not {tag}"
    return expression


class PytestTestRunner:
    def __init__(
        self,
        verbosity=1,
        failfast=False,
        keepdb=False,
        parallel=0,
        test_name_patterns=None,
        shuffle=False,
        tags=None,
        exclude_tags=None,
        debug_mode=False,
        collect_only=False,
        **kwargs,
    ):
        self.verbosity = verbosity
        self.failfast = failfast
        self.keepdb = keepdb
        self.parallel = parallel
        self.test_name_patterns = test_name_patterns or []
        self.shuffle = shuffle
        self.tags = tags or []
        self.exclude_tags = exclude_tags or []
        self.debug_mode = debug_mode
        self.collect_only = collect_only

    @classmethod
    def add_arguments(cls, parser):
        parser.add_argument(
            "--failfast", action="store_true", help="Stop at the first failure (pytest -x)."
        )
        parser.add_argument(
            "--keepdb",
            action="store_true",
            help="Keep the test database between runs (pytest-django --reuse-db).",
        )
        parser.add_argument(
            "--parallel",
            nargs="?",
            const="auto",
            default=0,
            metavar="N",
            help="Run the tests in N processes, or one per core with no N or 'auto' "
            "(pytest-xdist -n N).",
        )
        parser.add_argument(
            "-k",
            action="append",
            dest="test_name_patterns",
            metavar="PATTERN",
            help="Only tests whose name contains PATTERN, any case; repeat for more "
            "(pytest -k 'A or B'; pytest's expression syntax, no wildcards).",
        )
        parser.add_argument(
            "--shuffle",
            nargs="?",
            const=True,
            default=False,
            metavar="SEED",
            help="Run the tests in a random order; the seed is printed and SEED repeats an "
            "order (pytest-randomly, -p randomly --randomly-seed=SEED; off otherwise).",
        )
        parser.add_argument(
            "--tag",
            action="append",
            dest="tags",
            metavar="TAG",
            help="Only tests with this pytest marker (pytest.ini lists them); repeat for "
            "either of several (pytest -m 'A or B').",
        )
        parser.add_argument(
            "--exclude-tag",
            action="append",
            dest="exclude_tags",
            metavar="TAG",
            help="Leave out tests with this pytest marker (pytest -m 'not TAG').",
        )
        parser.add_argument(
            "--debug-mode",
            action="store_true",
            help="Run the tests with settings.DEBUG = True "
            "(pytest-django -o django_debug_mode=true).",
        )
        parser.add_argument(
            "--collect-only",
            action="store_true",
            help="List the tests without running them (pytest --collect-only; not in Django).",
        )

    def pytest_args(self, test_labels):
        """The pytest command line that does what these options and labels ask."""
        # Django's -v: 0 quiet, 1 the default, 2 one line per test, 3 more detail.
        argv = {0: ["--quiet"], 1: [], 2: ["-v"]}.get(self.verbosity, ["-vv"])
        if self.failfast:
            argv.append("--exitfirst")
        if self.keepdb:
            argv.append("--reuse-db")
        if self.parallel not in (0, "0", None):
            argv += ["-n", str(self.parallel)]
        if self.test_name_patterns:
            argv += ["-k", " or ".join(self.test_name_patterns)]
        if self.shuffle is not False:
            argv += ["-p", "randomly"]
            if self.shuffle is not True:
                argv.append(f"--randomly-seed={self.shuffle}")
        if self.tags or self.exclude_tags:
            argv += ["-m", _markers(self.tags, self.exclude_tags)]
        if self.debug_mode:
            argv += ["-o", "django_debug_mode=true"]
        if self.collect_only:
            argv.append("--collect-only")
        return argv + [node_id(label) for label in test_labels]

    def run_tests(self, test_labels, **kwargs):
        import pytest

        return pytest.main(self.pytest_args(test_labels))
