"""requirements.lock, which the Docker image installs, keeps up with pyproject.toml.

The image installs the project with --no-deps, so a dependency added to pyproject.toml but not
to the lock file would only show when the bot failed to import it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def locked_versions() -> dict[str, str]:
    """Each pinned package's version for this interpreter (a pin may hold for some only)."""
    versions: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "# ":
            continue
        requirement = Requirement(line.removesuffix("\\").strip())
        if requirement.marker is None or requirement.marker.evaluate():
            (pin,) = requirement.specifier
            assert pin.operator == "==", line
            versions[canonicalize_name(requirement.name)] = pin.version
    return versions


def test_every_runtime_dependency_is_locked_at_a_version_it_allows() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = locked_versions()
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock has {name}=={locked[name]}, pyproject.toml asks {line}"
        )


def test_every_locked_file_has_a_hash() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = [line for line in text.splitlines() if line and line[0] not in "# "]
    assert len(pins) > 10
    assert all(line.endswith("\\") for line in pins), "a pin without --hash lines"
