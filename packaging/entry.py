"""The frozen bundle's entry script (packaging/mockint.spec): kernel, judge child, or the app.

See :mod:`mockint.frozen`: the one executable is also the IPython kernel and the judge's child,
since a frozen app has no separate Python interpreter to start them with.
"""

import multiprocessing
import sys

from mockint.frozen import dispatch

if __name__ == "__main__":
    multiprocessing.freeze_support()
    code = dispatch(sys.argv[1:])
    if code is None:
        from mockint.cli import main

        code = main()
    sys.exit(code)
