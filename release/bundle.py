"""`make bundle`: dist/infobot-<version>-<python>-linux.tar.gz, everything an office's server needs without network.

Inside: wheels/ (the bot and every dependency of locks/runtime.txt, built for this Python and platform),
requirements.lock (those wheels, each with its hash), config/ (examples), deploy/ (systemd units, env examples),
install.sh and docs/deploy-offline.md. Run with the venv's Python: `python -m release.bundle`.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

from packaging.utils import parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "locks" / "runtime.txt"
COPIED = ["config", "deploy"]


def bundle_name() -> str:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    return f"infobot-{version}-cp{sys.version_info.major}{sys.version_info.minor}-linux"


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True, cwd=ROOT)


def write_lock(wheels: Path, target: Path) -> None:
    """Pin exactly the bundled files: wheels built here from a source archive (checked against
    locks/runtime.txt when downloaded) have their own hash, so install.sh can still --require-hashes."""
    lines = [f"# The wheels of this bundle, each with its sha256 (from {LOCK.relative_to(ROOT)} by make bundle)."]
    for wheel in sorted(wheels.glob("*.whl")):
        name, version, _, _ = parse_wheel_filename(wheel.name)
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        lines.append(f"{name}=={version} --hash=sha256:{digest}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(out_dir: Path, work_dir: Path) -> Path:
    name = bundle_name()
    stage = work_dir / name
    shutil.rmtree(stage, ignore_errors=True)
    wheels = stage / "wheels"
    wheels.mkdir(parents=True)
    # pip's own cache (wheels of sdists included) makes a second build quick; the hashes pin every file.
    pip("wheel", "--quiet", "--require-hashes", "-r", str(LOCK), "-w", str(wheels))
    pip("wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT))
    write_lock(wheels, stage / "requirements.lock")
    for folder in COPIED:
        shutil.copytree(ROOT / folder, stage / folder)
    (stage / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "deploy-offline.md", stage / "docs" / "deploy-offline.md")
    shutil.copy(ROOT / "release" / "install.sh", stage / "install.sh")
    (stage / "install.sh").chmod(0o755)
    (stage / "PYTHON_VERSION").write_text(f"{sys.version_info.major}.{sys.version_info.minor}\n")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(stage, arcname=name)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bundle")
    args = parser.parse_args()
    started = time.monotonic()
    target = build(args.out, args.work)
    wheels = len(list((args.work / bundle_name() / "wheels").glob("*.whl")))
    print(f"已生成 {target}：{target.stat().st_size / 1024 / 1024:.1f} MB，{wheels} 个 wheel，"
          f"用时 {time.monotonic() - started:.0f} 秒。")


if __name__ == "__main__":
    main()
