"""`make bundle` → install.sh on a machine with no package index: the offline install CI proves.

Slow-ish (about half a minute with pip's cache warm): deselect with `-m "not bundle"`; `make test` runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from bot.reports.fonts import find_cjk_font
from release.bundle import bundle_name

pytestmark = pytest.mark.bundle
ROOT = Path(__file__).resolve().parents[1]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def offline_env() -> dict[str, str]:
    """No index that answers, no extra wheel directory, no site pip.conf (this machine's names /opt/wheels)."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "WECOM_", "WECHATY_", "VIRTUAL_ENV", "PYTHON"))
    }
    env.update(
        PIP_INDEX_URL=f"http://127.0.0.1:{closed_port()}/simple",
        PIP_CONFIG_FILE=os.devnull,
        PIP_RETRIES="0",
        PIP_TIMEOUT="2",
        INFOBOT_ENV_FILE="/dev/null",
    )
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    work = tmp_path_factory.mktemp("bundle")
    subprocess.run(
        [sys.executable, "-m", "release.bundle", "--out", str(work / "dist"), "--work", str(work / "build")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    tarball = work / "dist" / f"{bundle_name()}.tar.gz"
    with tarfile.open(tarball) as tar:
        tar.extractall(work / "carried", filter="data")
    return work / "carried" / bundle_name()


def base_python() -> str:
    """The interpreter the venv was made from: install.sh makes its own venv from a plain Python."""
    return getattr(sys, "_base_executable", sys.executable)


def install(bundle: Path, target: Path) -> subprocess.CompletedProcess:
    env = offline_env()
    env["PYTHON"] = base_python()
    return subprocess.run(
        ["sh", str(bundle / "install.sh"), str(target)], env=env, capture_output=True, text=True, timeout=600
    )


def test_the_bundle_holds_wheels_config_deploy_and_install_sh(bundle):
    wheels = {p.name.split("-")[0].lower() for p in (bundle / "wheels").glob("*.whl")}
    assert {"infobot", "wechaty", "wecom_aibot_sdk", "starlette", "pillow", "sqlite_utils"} <= wheels
    assert not {"pytest", "playwright", "hypothesis"} & wheels  # test tools stay out
    assert list((bundle / "wheels").glob("*.tar.gz")) == []  # only wheels: nothing to build on the server
    assert (bundle / "config" / "bot.yaml").exists() and (bundle / "deploy" / "infobot-wecom.service").exists()
    lock = (bundle / "requirements.lock").read_text()
    assert lock.count("--hash=sha256:") == len(list((bundle / "wheels").glob("*.whl")))


def test_every_file_the_bot_reads_beside_its_code_is_in_its_wheel(bundle):
    tracked = subprocess.run(["git", "ls-files", "bot"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    data = {name for name in tracked if not name.endswith(".py")}
    wheel = next((bundle / "wheels").glob("infobot-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        assert data - set(zf.namelist()) == set()
        assert "bot/cli/doctor.py" in zf.namelist()


def test_install_sh_installs_without_any_index_and_the_doctor_reports(bundle, tmp_path):
    target = tmp_path / "opt" / "infobot"
    done = install(bundle, target)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "infobot 0.1.0" in done.stdout and "[通过] 数据库迁移" in done.stdout and "安装完成" in done.stdout
    infobot = target / ".venv" / "bin" / "infobot"
    version = subprocess.run([infobot, "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("infobot ")
    env = offline_env()
    doctor = subprocess.run(
        [infobot, "--config", target / "config", "--db", target / "data" / "infobot.db", "doctor", "--no-connect"],
        capture_output=True,
        text=True,
        env=env,
    )
    lines = doctor.stdout.splitlines()
    assert lines[-1].startswith("共 12 项") and len([x for x in lines if x.startswith("[")]) == 12, doctor.stdout
    assert doctor.returncode == (0 if find_cjk_font() else 1), doctor.stdout
    both = subprocess.run(
        [
            target / ".venv" / "bin" / "python",
            "-c",
            "import bot.transports.wecom_probe, bot.transports.wechaty_probe, starlette",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert both.returncode == 0, both.stderr  # both networks' stacks and the web desk's are there

    # An upgrade whose bundle lacks a wheel fails without reaching for the network, and the old venv stays.
    broken = next((bundle / "wheels").glob("cn2an-*.whl"))
    saved = broken.read_bytes()
    broken.unlink()
    try:
        again = install(bundle, target)
    finally:
        broken.write_bytes(saved)
    assert again.returncode != 0 and "已恢复原来的版本" in again.stderr
    assert subprocess.run([infobot, "--version"], capture_output=True).returncode == 0
