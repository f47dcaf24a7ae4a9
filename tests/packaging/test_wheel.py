"""The wheel: build it, install it into a fresh venv outside the source tree, and use it.

The fresh venv gets the wheel only (``--no-deps``); its dependencies (PySide6, torch, …) come
from the project's venv through a ``.pth`` line naming that venv's site-packages. A ``.pth`` line
adds the folder but does not run the ``.pth`` files inside it, so the project's editable install
of mockint (a ``.pth`` pointing at the source tree) stays out: every check below also asserts
that ``mockint`` was imported from the fresh venv.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest
from packaging_support import ROOT

from mockint import about

pytestmark = pytest.mark.slow  # `make test-fast` skips it; `make test` runs it


class Installed:
    """The wheel installed in a fresh venv, and a way to run commands in it."""

    def __init__(self, base: Path, wheel: Path, venv: Path) -> None:
        self.base, self.wheel, self.venv = base, wheel, venv
        self.python = venv / "bin" / "python"
        self.site = Path(
            subprocess.check_output(
                [str(self.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                text=True,
            ).strip()
        )
        self.cwd = base / "elsewhere"
        self.cwd.mkdir(exist_ok=True)
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")
        }
        self.env.update(
            PATH=f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            HOME=str(base / "home"),
            MOCKINT_DATA_DIR=str(base / "data"),
            XDG_CACHE_HOME=str(base / "cache"),
            MOCKINT_SPEECH="0",
            QT_QPA_PLATFORM="offscreen",
            QT_API="pyside6",
        )

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(args), cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=timeout
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(ROOT), "-w", str(dist)]
    if importlib.util.find_spec("hatchling") is not None:
        build.append("--no-build-isolation")  # else pip fetches hatchling into a build env
    proc = subprocess.run(build, cwd=base, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = dist.glob("mockint-*.whl")

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        cwd=base,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    inst = Installed(base, wheel, venv)
    project_sites = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (inst.site / "zz_mockint_test_dependencies.pth").write_text("".join(f"{p}\n" for p in project_sites))
    return inst


def test_wheel_holds_the_package_and_its_data(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert installed.wheel.name == f"mockint-{about.__version__}-py3-none-any.whl"
    for required in (
        "mockint/__init__.py",
        "mockint/frozen.py",
        "mockint/judge/_child.py",
        "mockint/_data/rounds/loops/quick-drill.toml",
        "mockint/_data/assets/style.qss",
        "mockint/_data/assets/icons/mockint.svg",
        f"mockint/_data/assets/icons/hicolor/256x256/apps/{about.APP_ID}.png",
    ):
        assert required in names, f"{required} is not in the wheel"
    assert not [n for n in names if n.startswith(("tests/", "packaging/", "rounds/", "docs/"))]
    rounds = [n for n in names if n.startswith("mockint/_data/rounds/") and n.endswith(".toml")]
    on_disk = list((ROOT / "rounds").rglob("*.toml"))
    assert len(rounds) == len(on_disk)


def test_installed_mockint_is_the_wheel_not_the_source_tree(installed: Installed) -> None:
    proc = installed.run(str(installed.python), "-c", "import mockint; print(mockint.__file__)")
    assert proc.returncode == 0, proc.stderr
    where = Path(proc.stdout.strip())
    assert where.is_relative_to(installed.site), where
    assert not where.is_relative_to(ROOT)


def test_bank_check_passes(installed: Installed) -> None:
    proc = installed.run("mockint", "bank", "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 problems" in proc.stderr


def test_bank_list_has_the_whole_bank(installed: Installed) -> None:
    proc = installed.run("mockint", "bank", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    questions = json.loads(proc.stdout)
    assert len(questions) >= 250
    from mockint.bank.model import ROUND_TYPES

    assert {q["round_type"] for q in questions} == set(ROUND_TYPES)  # every round type ships


def test_paths_point_into_the_installed_package(installed: Installed) -> None:
    proc = installed.run("mockint", "paths", "--json")
    assert proc.returncode == 0, proc.stderr
    where = json.loads(proc.stdout)
    assert Path(where["bank"]) == installed.site / "mockint" / "_data" / "rounds"
    assert Path(where["assets"]) == installed.site / "mockint" / "_data" / "assets"
    assert Path(where["data_dir"]) == installed.base / "data"


QUICK_DRILL = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    import mockint
    from mockint.interview import QUICK_DRILL_ID
    from mockint.ui.app import application, make_context, shutdown
    from mockint.ui.main_window import MainWindow

    app = application()
    ctx = make_context(Path(sys.argv[1]))
    window = MainWindow(ctx)
    window.show()
    window.start_loop(QUICK_DRILL_ID)
    page = window.loop_page
    QTimer.singleShot(300, app.quit)
    app.exec()
    out = {"mockint": mockint.__file__, "stage": page.run.stage, "session": page.run.session_id,
           "rounds": [r.spec.round_type for r in page.run.rounds],
           "style_sheet": bool(app.styleSheet()), "icon": not app.windowIcon().isNull()}
    window.close()
    shutdown(ctx)
    print(json.dumps(out))
""")


def test_quick_drill_starts_headless_from_the_installed_package(installed: Installed) -> None:
    proc = installed.run(str(installed.python), "-c", QUICK_DRILL, str(installed.base / "data"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(out["mockint"]).is_relative_to(installed.site)
    assert out["stage"] == "round" and out["session"]
    assert out["rounds"] == ["phone_screen", "dsa", "ml_coding", "ml_theory", "system_design", "behavioral"]
    assert out["style_sheet"] and out["icon"]  # assets found inside the installed package


_JUDGE_ML_REFERENCES = """
import sys
from mockint.bank import load_bank
from mockint.judge import judge
from mockint.paths import rounds_dir
bank = load_bank([rounds_dir()])
ml = sorted((q for q in bank.questions.values() if q.round_type == "ml_coding"), key=lambda q: q.id)
bad = [q.id + ": " + v.verdict + " " + v.message[:300] for q in ml
       for v in [judge(q, q.reference, measure_complexity=False)] if not v.accepted]
probe = next(q for q in ml if "import numpy" in q.reference)
fenced = judge(probe, "import mockint\\n" + probe.reference, measure_complexity=False)
print(len(ml), "ML references;", fenced.verdict, "for import mockint")
print("\\n".join(bad))
sys.exit(1 if bad or not ml else 0)
"""


def test_installed_judge_accepts_every_ml_reference_and_fences_off_mockint(installed: Installed) -> None:
    """Solutions import the environment's numpy and torch from the installed app (before, the
    child dropped the whole site-packages with mockint in it: Compilation Error), while
    ``import mockint`` in a solution still fails."""
    proc = installed.run(str(installed.python), "-c", _JUDGE_ML_REFERENCES, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Compilation Error for import mockint" in proc.stdout, proc.stdout
