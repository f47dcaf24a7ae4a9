"""App metadata in one place.

pyproject reads the version from here (and a test checks its description and licence match);
``packaging/gen_metadata.py`` builds the desktop entry and the AppStream metainfo from it; the
About dialog shows it. Change a field here, then run ``make metadata`` to regenerate the files.
"""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "mockint"
#: Reverse-DNS id: the desktop file, metainfo and icon names, and Qt's desktop file name.
APP_ID = "io.github.mockint.Mockint"
#: pyproject's ``description`` and the About dialog's line.
DESCRIPTION = "Timed mock onsite loops for machine-learning engineer interviews, offline"
HOMEPAGE = "https://github.com/mockint/mockint"
#: The branch whose files the metainfo's screenshot URLs point at.
HOMEPAGE_BRANCH = "main"
#: One short line for launchers and software centres (desktop Comment, AppStream summary).
SUMMARY = "Rehearse timed interview loops for ML engineer roles"
#: Launcher subtitle (desktop GenericName).
GENERIC_NAME = "Mock Interview Trainer"
#: SPDX licence of the project (pyproject's ``license``) and of the metainfo file itself.
LICENSE = "MIT"
METADATA_LICENSE = "CC0-1.0"
DEVELOPER = "The mockint developers"
DEVELOPER_ID = "io.github.mockint"
#: The command the wheel installs (pyproject ``[project.scripts]``); the desktop entry runs it.
COMMAND = "mockint"
#: freedesktop menu categories (main category first) and search keywords.
CATEGORIES = ("Education", "ComputerScience")
KEYWORDS = (
    "interview",
    "mock interview",
    "machine learning",
    "coding interview",
    "system design",
    "behavioral",
    "practice",
    "timer",
    "rubric",
)
#: The long description: paragraphs, then a list of what it does.
LONG_DESCRIPTION = (
    "mockint runs a full mock onsite for machine-learning engineer interviews on your own machine, "
    "without a network connection: a phone screen, data-structures coding, ML coding, ML theory, "
    "ML system design and a behavioral round, each timed, with breaks in between.",
    "After every round you score yourself against a rubric with anchored levels, and the review "
    "page shows how your scores move across sessions and which questions are due for another try.",
)
FEATURES = (
    "Timed loops built from templates, or a single round of any type",
    "Coding rounds with a solution editor, an IPython console with NumPy and PyTorch, and hidden tests",
    "Discussion rounds with notes, optional recording and spoken prompts",
    "Rubric scoring after each round, with the evidence gathered during it",
    "Trends, weakest dimensions and a retry queue across sessions",
    "A question bank in plain TOML files that you can extend with your own packs",
)
#: Screenshots in docs/screenshots/ with captions; the first one is the default.
SCREENSHOTS = (
    ("home.png", "Home: pick a loop template or a single round"),
    ("dsa.png", "A coding round: problem, solution editor and console"),
    ("system-design.png", "A system design round with its phases"),
    ("rubric.png", "Scoring a round against its rubric"),
    ("summary.png", "The summary of a finished loop"),
    ("history.png", "Scores across sessions"),
)
#: Releases, newest first: (version, ISO date, note). The first one is ``__version__``.
RELEASES = (
    (
        "0.1.0",
        "2026-11-21",
        "First release: six round types, loop templates, rubric scoring, "
        "history and review, a bank of more than 250 questions.",
    ),
)
