"""App metadata in one place: pyproject reads the version from here; the UI shows the rest."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "mockint"
APP_ID = "io.github.mockint.Mockint"
DESCRIPTION = "Timed mock onsite loops for machine-learning engineer interviews, offline"
HOMEPAGE = "https://github.com/mockint/mockint"
