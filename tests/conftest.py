from __future__ import annotations

import os

# Qt runs headless in tests; qtconsole must pick PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
