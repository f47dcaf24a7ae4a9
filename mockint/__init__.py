"""mockint: an offline desktop app for timed mock ML-engineer interview loops."""

from __future__ import annotations

from mockint.about import APP_NAME, DESCRIPTION, HOMEPAGE, __version__

__all__ = ["APP_NAME", "DESCRIPTION", "HOMEPAGE", "__version__"]
