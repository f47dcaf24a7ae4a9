"""`make install-desktop` puts a valid menu entry, the metainfo and every icon size in DATA_HOME."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from packaging_support import ROOT, require_tool

from mockint import about

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "-f", "packaging/packaging.mk", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_install_and_uninstall_desktop(tmp_path: Path) -> None:
    data = tmp_path / "share"
    exe = "/usr/bin/true"
    proc = make("install-desktop", f"DATA_HOME={data}", f"MOCKINT_EXEC={exe}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    desktop = data / "applications" / f"{about.APP_ID}.desktop"
    lines = desktop.read_text(encoding="utf-8").splitlines()
    assert f"Exec={exe}" in lines and f"TryExec={exe}" in lines
    assert (data / "metainfo" / f"{about.APP_ID}.metainfo.xml").is_file()
    icons = {p.parent.parent.name for p in (data / "icons" / "hicolor").glob(f"*/apps/{about.APP_ID}.*")}
    assert {"16x16", "48x48", "256x256", "512x512", "scalable"} <= icons
    validate = subprocess.run(
        [require_tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True, timeout=60
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr

    proc = make("uninstall-desktop", f"DATA_HOME={data}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not list(data.rglob(f"{about.APP_ID}*"))


def test_install_desktop_refuses_a_missing_command(tmp_path: Path) -> None:
    proc = make("install-desktop", f"DATA_HOME={tmp_path}", f"MOCKINT_EXEC={tmp_path / 'nope'}")
    assert proc.returncode != 0
    assert "does not exist" in proc.stdout + proc.stderr
    assert not (tmp_path / "applications").exists()
