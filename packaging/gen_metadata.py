"""Generate the Linux desktop entry and AppStream metainfo from ``mockint/about.py``.

    python packaging/gen_metadata.py          write packaging/linux/APP_ID.{desktop,metainfo.xml}
    python packaging/gen_metadata.py --check  exit 1 if the committed files differ from the output

The metadata lives in ``mockint.about`` only; these files are its generated, committed copies
(tests/packaging/test_desktop_files.py checks they are current and that they validate).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
LINUX = Path(__file__).resolve().parent / "linux"
sys.path.insert(0, str(ROOT))

from mockint import about  # noqa: E402

HEADER = "generated from mockint/about.py by packaging/gen_metadata.py; do not edit"


def raw_url(path: str) -> str:
    """A file of the repository as served raw, from ``about.HOMEPAGE`` (a GitHub address)."""
    prefix = "https://github.com/"
    if not about.HOMEPAGE.startswith(prefix):
        raise ValueError(f"HOMEPAGE {about.HOMEPAGE!r} is not a GitHub address; cannot build raw URLs")
    repo = about.HOMEPAGE[len(prefix) :].strip("/")
    return f"https://raw.githubusercontent.com/{repo}/{about.HOMEPAGE_BRANCH}/{path}"


def desktop_entry() -> str:
    def lst(items: tuple[str, ...]) -> str:
        return "".join(f"{i};" for i in items)

    lines = [
        f"# {HEADER}",
        "[Desktop Entry]",
        "Type=Application",
        f"Name={about.APP_NAME}",
        f"GenericName={about.GENERIC_NAME}",
        f"Comment={about.SUMMARY}",
        f"Exec={about.COMMAND}",
        f"TryExec={about.COMMAND}",
        f"Icon={about.APP_ID}",
        "Terminal=false",
        "StartupNotify=true",
        f"StartupWMClass={about.APP_NAME}",
        f"Categories={lst(about.CATEGORIES)}",
        f"Keywords={lst(about.KEYWORDS)}",
    ]
    return "\n".join(lines) + "\n"


def metainfo() -> str:
    version, date, note = about.RELEASES[0]
    if version != about.__version__:
        raise ValueError(f"about.RELEASES[0] is {version}, but __version__ is {about.__version__}")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- {HEADER} -->",
        '<component type="desktop-application">',
        f"  <id>{about.APP_ID}</id>",
        f"  <name>{escape(about.APP_NAME)}</name>",
        f"  <summary>{escape(about.SUMMARY)}</summary>",
        f"  <developer_name>{escape(about.DEVELOPER)}</developer_name>",
        f"  <metadata_license>{about.METADATA_LICENSE}</metadata_license>",
        f"  <project_license>{about.LICENSE}</project_license>",
        f'  <launchable type="desktop-id">{about.APP_ID}.desktop</launchable>',
        "  <description>",
        *(f"    <p>{escape(p)}</p>" for p in about.LONG_DESCRIPTION),
        "    <ul>",
        *(f"      <li>{escape(f)}</li>" for f in about.FEATURES),
        "    </ul>",
        "  </description>",
        "  <categories>",
        *(f"    <category>{c}</category>" for c in about.CATEGORIES),
        "  </categories>",
        "  <keywords>",
        *(f"    <keyword>{escape(k)}</keyword>" for k in about.KEYWORDS),
        "  </keywords>",
        f'  <url type="homepage">{escape(about.HOMEPAGE)}</url>',
        f'  <url type="bugtracker">{escape(about.HOMEPAGE)}/issues</url>',
        "  <screenshots>",
    ]
    for i, (name, caption) in enumerate(about.SCREENSHOTS):
        kind = ' type="default"' if i == 0 else ""
        out += [
            f"    <screenshot{kind}>",
            f"      <caption>{escape(caption)}</caption>",
            f"      <image>{escape(raw_url('docs/screenshots/' + name))}</image>",
            "    </screenshot>",
        ]
    out += [
        "  </screenshots>",
        "  <releases>",
    ]
    for version, date, note in about.RELEASES:
        out += [
            f"    <release version={quoteattr(version)} date={quoteattr(date)}>",
            "      <description>",
            f"        <p>{escape(note)}</p>",
            "      </description>",
            "    </release>",
        ]
    out += [
        "  </releases>",
        "  <provides>",
        f"    <binary>{about.COMMAND}</binary>",
        "  </provides>",
        "  <supports>",
        "    <control>keyboard</control>",
        "    <control>pointing</control>",
        "  </supports>",
        '  <content_rating type="oars-1.1"/>',
        "</component>",
    ]
    return "\n".join(out) + "\n"


def outputs() -> dict[Path, str]:
    """Each generated file and the text it must hold."""
    return {
        LINUX / f"{about.APP_ID}.desktop": desktop_entry(),
        LINUX / f"{about.APP_ID}.metainfo.xml": metainfo(),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="fail if a committed file is out of date")
    args = p.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(
            f"{path.relative_to(ROOT)} is out of date: run `python packaging/gen_metadata.py`",
            file=sys.stderr,
        )
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
