"""The built wheel installs and runs: every subpackage is in it (``caucasus_atlas.ui`` was once left out).

Offline: the wheel is built with the test environment's own setuptools (``--no-build-isolation``) and
installed with ``--no-deps --no-index`` into a fresh venv that borrows the test environment's
site-packages for its dependencies (a ``.pth`` line), so nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from caucasus_atlas import settings

pytestmark = pytest.mark.slow


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed in it; its ``bin`` folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    # built from a copy: setuptools builds in the tree it is given, and a stale build/ would ship removed modules
    tree = tmp / "tree"
    shutil.copytree(settings.PROJECT_ROOT / "caucasus_atlas", tree / "caucasus_atlas",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(settings.PROJECT_ROOT / name, tree / name)
    build = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(tmp / "dist"), str(tree)],
    )  # fmt: skip
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (tmp / "dist").glob("caucasus_atlas-*.whl")
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    where = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    purelib = Path(where.stdout.strip())
    # the dependencies come from the test environment; a plain path line does not run that folder's own
    # .pth files, so an editable install of the project there stays out of sight
    (purelib / "zz_test_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)]
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return env_dir / "bin"


def _in_venv(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env[settings.DATA_ENV_VAR] = str(settings.PROJECT_ROOT)
    return _run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=env)


def test_wheel_holds_every_subpackage(installed, tmp_path):
    code = "import caucasus_atlas, caucasus_atlas.ui.layout; print(caucasus_atlas.__file__)"
    done = _in_venv(installed, "python", "-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(installed.parent), done.stdout  # the wheel's copy, not the tree


def test_installed_command_validates_the_data(installed, tmp_path):
    done = _in_venv(installed, "caucasus-atlas", "validate", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_installed_command_serves(installed, tmp_path):
    done = _in_venv(installed, "caucasus-atlas", "serve", "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "serve" in done.stdout
