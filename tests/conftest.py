from __future__ import annotations

import gc
import os

# Qt runs headless in tests; qtconsole must pick PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")


def pytest_collection_finish(session) -> None:
    """Move what collection loaded (every test module, the bank, Qt's bindings) out of the cycle
    collector's sight: each automatic full collection during the tests then walks only what the
    tests made. Frozen objects stay alive, which is what they would do anyway until the end."""
    gc.collect()
    gc.freeze()
