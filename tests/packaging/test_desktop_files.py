"""The Linux desktop entry and AppStream metainfo: generated from mockint.about, current, valid."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

from packaging_support import ROOT, load_script, require_tool

from mockint import about

gen = load_script("gen_metadata")
DESKTOP = ROOT / "packaging" / "linux" / f"{about.APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{about.APP_ID}.metainfo.xml"


def test_committed_files_match_the_generator() -> None:
    outputs = gen.outputs()
    assert set(outputs) == {DESKTOP, METAINFO}
    for path, text in outputs.items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run `make metadata` (python packaging/gen_metadata.py)"
        )
    assert gen.main(["--check"]) == 0


def test_desktop_entry_passes_desktop_file_validate() -> None:
    tool = require_tool("desktop-file-validate")
    proc = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in (proc.stdout + proc.stderr).lower(), proc.stdout + proc.stderr


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = require_tool("appstreamcli")
    proc = subprocess.run(
        [tool, "validate", "--no-net", "--explain", str(METAINFO)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_desktop_entry_carries_the_about_metadata() -> None:
    entry = dict(
        line.split("=", 1)
        for line in DESKTOP.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert entry["Name"] == about.APP_NAME
    assert entry["Comment"] == about.SUMMARY
    assert entry["Icon"] == about.APP_ID
    assert entry["Exec"] == about.COMMAND
    assert entry["Categories"].split(";")[:-1] == list(about.CATEGORIES)


def test_metainfo_carries_release_screenshots_and_rating() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == about.APP_ID
    assert root.findtext("summary") == about.SUMMARY
    assert root.findtext("project_license") == about.LICENSE
    release = root.find("releases/release")
    assert release.get("version") == about.__version__
    assert release.get("date") == about.RELEASES[0][1]
    assert root.find("content_rating").get("type") == "oars-1.1"
    assert root.find("launchable").text == f"{about.APP_ID}.desktop"
    images = [e.text for e in root.iterfind("screenshots/screenshot/image")]
    assert len(images) == len(about.SCREENSHOTS) >= 1
    repo = about.HOMEPAGE.removeprefix("https://github.com/")
    for url, (name, _) in zip(images, about.SCREENSHOTS, strict=True):
        assert (
            url == f"https://raw.githubusercontent.com/{repo}/{about.HOMEPAGE_BRANCH}/docs/screenshots/{name}"
        )
        assert (ROOT / "docs" / "screenshots" / name).is_file(), f"screenshot {name} is missing"
    assert root.find("screenshots/screenshot").get("type") == "default"


def test_pyproject_agrees_with_about() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == about.APP_NAME
    assert project["description"] == about.DESCRIPTION
    assert project["license"] == about.LICENSE
    assert "version" in project["dynamic"]
    assert project["scripts"][about.COMMAND] == "mockint.cli:main"
