"""`manage.py test` takes Django's labels and options and runs the same suite as `pytest`."""

import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from eventScheduler.test_runner import PytestTestRunner, node_id
from eventScheduler.tests.utils import clean_environ, manage

TESTS = "accounts/tests"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("accounts", "accounts"),
        ("accounts.tests", TESTS),
        ("accounts.tests.test_profiles", f"{TESTS}/test_profiles.py"),
        (
            "accounts.tests.test_profiles.test_page_past_the_end_is_a_404",
            f"{TESTS}/test_profiles.py::test_page_past_the_end_is_a_404",
        ),
        (
            "accounts.tests.test_tutorial.UserProfileTestCase",
            f"{TESTS}/test_tutorial.py::UserProfileTestCase",
        ),
        (
            "accounts.tests.test_tutorial.UserProfileTestCase.test_userprofile_profile",
            f"{TESTS}/test_tutorial.py::UserProfileTestCase::test_userprofile_profile",
        ),
        ("logins/tests/test_tokens.py::test_x", "logins/tests/test_tokens.py::test_x"),
        ("logins/tests/test_tokens.py", "logins/tests/test_tokens.py"),
        ("logins.tests.test_tokens", "logins/tests/test_tokens.py"),
        ("eventScheduler.tests.test_schema", "eventScheduler/tests/test_schema.py"),
    ],
)
def test_django_labels_are_pytest_node_ids(label, expected, monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)

    assert node_id(label) == expected


def test_a_label_naming_no_module_is_a_clear_error(monkeypatch):
    monkeypatch.chdir(settings.BASE_DIR)

    with pytest.raises(CommandError, match="No test module found for the label 'nowhere.test_x'"):
        node_id("nowhere.test_x")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, []),
        ({"verbosity": 0}, ["--quiet"]),
        ({"verbosity": 2}, ["-v"]),
        ({"verbosity": 3}, ["-vv"]),
        ({"failfast": True}, ["--exitfirst"]),
        ({"keepdb": True}, ["--reuse-db"]),
        ({"parallel": "2"}, ["-n", "2"]),
        ({"parallel": "auto"}, ["-n", "auto"]),
        ({"test_name_patterns": ["tokens"]}, ["-k", "tokens"]),
        ({"test_name_patterns": ["tokens", "sessions"]}, ["-k", "tokens or sessions"]),
        ({"shuffle": True}, ["-p", "randomly"]),
        ({"shuffle": "42"}, ["-p", "randomly", "--randomly-seed=42"]),
        ({"tags": ["fuzz"]}, ["-m", "fuzz"]),
        ({"tags": ["fuzz", "browser"]}, ["-m", "(fuzz or browser)"]),
        ({"exclude_tags": ["browser"]}, ["-m", "not browser"]),
        ({"tags": ["fuzz"], "exclude_tags": ["browser"]}, ["-m", "fuzz and not browser"]),
        ({"debug_mode": True}, ["-o", "django_debug_mode=true"]),
    ],
)
def test_django_options_are_pytest_options(options, expected):
    assert PytestTestRunner(**options).pytest_args([]) == expected


def collected(command):
    """The number of tests a `--collect-only` run selected."""
    assert command.returncode == 0, command.stdout + command.stderr
    selected, total = re.search(r"(?:(\d+)/)?(\d+) tests? collected", command.stdout).groups()
    return int(selected or total)


def test_pytest_and_manage_py_test_collect_the_same_tests():
    with_pytest = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q"],
        cwd=settings.BASE_DIR,
        env=clean_environ(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    with_django = manage("test", "--collect-only", "-v", "0", timeout=120)

    assert collected(with_django) == collected(with_pytest) > 600


def test_tags_select_by_marker_and_exclude_tags_leave_them_out():
    labels = ["eventScheduler.tests.test_browser_demo", "accounts.tests.test_tutorial"]
    browser = collected(manage("test", "--collect-only", "-v", "0", "--tag", "browser", *labels))
    others = collected(
        manage("test", "--collect-only", "-v", "0", "--exclude-tag", "browser", *labels)
    )

    assert browser == 3
    assert others == 4


def collected_order(*options):
    result = manage(
        "test", "--collect-only", "-v", "0", *options, "logins.tests.test_tokens", timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_shuffle_reorders_only_when_asked():
    in_order = collected_order()
    shuffled = collected_order("--shuffle", "12345")

    assert sorted(shuffled) == sorted(in_order)
    assert shuffled != in_order
    # pytest-randomly is installed, yet without --shuffle nothing is shuffled (a random seed
    # per run would give another order each time).
    assert collected_order() == in_order


@pytest.fixture
def tutorial_copy():
    """What a tutorial reader does: copy the seed's test case into a new file of the tests."""
    name = f"test_tutorial_copy_{secrets.token_hex(4)}"
    path = settings.BASE_DIR / TESTS / f"{name}.py"
    path.write_text((settings.BASE_DIR / TESTS / "test_tutorial.py").read_text())
    try:
        yield f"accounts.tests.{name}"
    finally:
        path.unlink()


def test_a_test_file_dropped_into_the_tests_runs_by_its_dotted_label(tutorial_copy):
    result = manage("test", f"{tutorial_copy}.UserProfileTestCase", "-v", "2", timeout=120)

    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b\d+ passed\b", result.stdout)
    assert "UserProfileTestCase::test_userprofile_list_authenticated PASSED" in result.stdout
    assert "test_tutorial.py" not in result.stdout


def test_one_test_method_runs_by_its_dotted_label_in_parallel_and_failing_fast(tutorial_copy):
    result = manage(
        "test",
        f"{tutorial_copy}.UserProfileTestCase.test_userprofile_profile",
        "--parallel",
        "2",
        "--failfast",
        "--keepdb",
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 workers" in result.stdout
    assert "1 passed" in result.stdout
