"""Read the pip-format lock files that `make lock` writes (locks/*.txt): pins, hashes and `# via` notes."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")
HASH = re.compile(r"--hash=(sha256:[0-9a-f]{64})")
PROJECT = "infobot (pyproject.toml)"


@dataclass
class Pin:
    name: str
    version: str
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def read_lock(path: str | Path) -> dict[str, Pin]:
    """Canonical name → Pin."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = PIN.match(line)
        if m:
            current = Pin(canonicalize_name(m["name"]), m["version"])
            pins[current.name] = current
        elif current is not None:
            current.hashes += HASH.findall(line)
            note = line.strip().lstrip("#").strip()
            if note.startswith("via "):
                current.via.append(note[4:].strip())
            elif line.startswith("    #   ") and note:
                current.via.append(note)
    return pins


def project_requirements(pyproject: str | Path, extras: list[str] | None = None) -> dict[str, list[Requirement]]:
    """'' (the base dependencies) and each extra (all when `extras` is None) → its requirements."""
    project = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))["project"]
    optional = project.get("optional-dependencies", {})
    chosen = list(optional) if extras is None else extras
    groups = {"": project["dependencies"], **{e: optional[e] for e in chosen}}
    return {group: [Requirement(r) for r in reqs] for group, reqs in groups.items()}
