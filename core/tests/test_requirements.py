"""The installed packages are exactly the pinned ones.

CI builds the virtualenv from requirements/*.txt on a fresh machine. A package that a developer's
virtualenv happens to hold but no requirements file names (docxtpl's optional ``docxcompose`` once)
passes every local run and fails CI; this test fails locally first.
"""

import re
from importlib import metadata
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements"


def _pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", line.strip())
        if match:
            pins[_canonical(match[1])] = match[2]
    return pins


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_constrained_package_is_installed_at_its_pinned_version():
    installed = {_canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {
        name: (version, installed.get(name))
        for name, version in _pins(REQUIREMENTS / "constraints.txt").items()
        if installed.get(name) != version
    }
    assert wrong == {}, "pinned (constraints.txt) vs installed; add the package to base.txt or dev.txt"


def test_every_direct_requirement_is_pinned_in_the_constraints():
    constraints = _pins(REQUIREMENTS / "constraints.txt")
    direct = _pins(REQUIREMENTS / "base.txt") | _pins(REQUIREMENTS / "dev.txt")
    assert {name: version for name, version in direct.items() if constraints.get(name) != version} == {}
