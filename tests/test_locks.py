"""pyproject.toml, constraints-wechaty.txt and the locks under locks/ agree (`make lock` after editing pyproject)."""

from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from release.lockfile import PROJECT, project_requirements, read_lock

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
DEV, RUNTIME = ROOT / "locks" / "dev.txt", ROOT / "locks" / "runtime.txt"
RUNTIME_EXTRAS = ["wechaty", "wecom", "web"]  # what an office's server needs; `test` stays on developers' machines
TARGET = {
    "python_version": "3.11",
    "python_full_version": "3.11.5",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}


def mismatches(lock: dict, groups: dict[str, list[Requirement]]) -> list[str]:
    problems = []
    for group, requirements in groups.items():
        for req in requirements:
            if req.marker is not None and not req.marker.evaluate({**TARGET, "extra": group}):
                continue
            pin = lock.get(canonicalize_name(req.name))
            if pin is None:
                problems.append(f"[{group or 'base'}] {req} is not locked")
            elif not req.specifier.contains(pin.version, prereleases=True):
                problems.append(f"[{group or 'base'}] {req} but the lock has {pin.version}")
    return problems


def strays(lock: dict, groups: dict[str, list[Requirement]]) -> list[str]:
    """Locked as the project's own requirement, but pyproject.toml no longer asks for it."""
    direct = {canonicalize_name(r.name) for reqs in groups.values() for r in reqs}
    return [name for name, pin in lock.items() if PROJECT in pin.via and name not in direct]


@pytest.mark.parametrize("lock_file, extras", [(DEV, None), (RUNTIME, RUNTIME_EXTRAS)], ids=["dev", "runtime"])
def test_every_requirement_is_locked_within_its_bounds(lock_file, extras):
    groups = project_requirements(PYPROJECT, extras)
    lock = read_lock(lock_file)
    assert mismatches(lock, groups) == [], "pyproject.toml changed: run `make lock`"
    assert strays(lock, groups) == [], "pyproject.toml dropped these: run `make lock`"


def test_every_extra_is_in_the_dev_lock_and_the_runtime_lock_leaves_out_test_tools():
    every = project_requirements(PYPROJECT)
    assert set(every) - {""} >= {"test", *RUNTIME_EXTRAS}
    runtime = read_lock(RUNTIME)
    test_only = {canonicalize_name(r.name) for r in every["test"]} - {
        canonicalize_name(r.name) for g, reqs in every.items() if g != "test" for r in reqs
    }
    assert test_only and not test_only & set(runtime)


def test_every_pin_has_hashes_and_runtime_pins_are_the_dev_pins():
    dev, runtime = read_lock(DEV), read_lock(RUNTIME)
    assert [name for name, pin in {**dev, **runtime}.items() if not pin.hashes] == []
    assert {n: p.version for n, p in runtime.items()} == {n: dev[n].version for n in runtime}
    assert all(set(p.hashes) <= set(dev[n].hashes) for n, p in runtime.items())


def test_the_wechaty_constraints_hold_in_both_locks():
    pins = [
        Requirement(line)
        for line in (ROOT / "constraints-wechaty.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for lock_file in (DEV, RUNTIME):
        lock = read_lock(lock_file)
        wrong = [
            f"{p} vs {lock[canonicalize_name(p.name)].version}"
            for p in pins
            if canonicalize_name(p.name) in lock and not p.specifier.contains(lock[canonicalize_name(p.name)].version)
        ]
        assert wrong == [], lock_file.name
    assert canonicalize_name("pyee") in read_lock(RUNTIME)  # the wechaty stack is in the bundle


def test_a_changed_bound_or_a_dropped_requirement_is_caught(tmp_path):
    lock = read_lock(DEV)
    groups = project_requirements(PYPROJECT)
    narrowed = {"": [Requirement("click>9,<10")]}
    assert mismatches(lock, narrowed) == [f"[base] click<10,>9 but the lock has {lock['click'].version}"]
    without_cn2an = {g: [r for r in reqs if r.name != "cn2an"] for g, reqs in groups.items()}
    assert strays(lock, without_cn2an) == ["cn2an"]
