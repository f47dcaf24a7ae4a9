# mockint: `make run` sets everything up and opens the app; `make test` runs the tests.
# Both are safe to repeat: set-up steps are skipped when already done.

VENV        ?= .venv
PYTHON      ?= python3
TORCH_SPEC  ?= torch==2.13.0
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.mockint-installed
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian/Ubuntu packages: Qt's runtime libraries (offscreen and X11), audio, speech, screenshots,
# and poppler's pdftotext (the test that measures the PDF report's text size).
APT_PACKAGES := libegl1 libgl1 libopengl0 libglib2.0-0 libfontconfig1 fonts-dejavu-core \
  libxkbcommon0 libdbus-1-3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
  libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 \
  libx11-xcb1 libpulse0 libportaudio2 alsa-utils espeak-ng xvfb xauth sox \
  desktop-file-utils appstream libcap2-bin poppler-utils

export QT_API := pyside6

.PHONY: run drill setup system-deps venv test test-limits test-fast lint screenshots benchmarks clean

run: setup ## set up (first time) and open the app
	$(VENV)/bin/mockint

drill: setup ## open the app straight into the quick drill (2-minute rounds)
	$(VENV)/bin/mockint loop quick-drill

setup: system-deps venv

system-deps: ## install the Debian packages (skipped when all are present)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

venv: $(STAMP)

# torch is pinned and installed first: an unpinned torch pulls gigabytes of CUDA packages.
# pip compiles byte code one file at a time (about 30 s of the install); compileall does it on
# every core instead. Its exit status is 1 when any file will not compile, as a few packages ship
# such files on purpose (pip skips those silently too), so it is not taken as a failure.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile "$(TORCH_SPEC)"
	$(PY) -m pip install --quiet --no-compile -e ".[dev]"
	$(PY) -m compileall -q -j 0 "$$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" >/dev/null || true
	touch $@

# mockint's own byte code, compiled once: where PYTHONDONTWRITEBYTECODE is set (CI machines often
# set it) every process would compile the modules it imports again, about 60 ms for each command
# line the tests run. Quick when nothing changed; Python still checks each file's date.
BYTECODE := $(PY) -m compileall -q -j 0 mockint >/dev/null

test: setup ## lint, layering contract, mypy, then every test but the full-limit ones (Qt offscreen)
	$(BYTECODE)
	$(VENV)/bin/ruff check mockint tests benchmarks packaging
	$(VENV)/bin/ruff format --check mockint tests benchmarks packaging
	$(VENV)/bin/lint-imports
	$(VENV)/bin/python -m mypy mockint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest -q --durations=10 -n 2 --dist loadfile -m "not limits"

# The `limits` lane: every too-slow wrong solution in the bank must get Time Limit Exceeded at its
# problem's full CPU limit. Each one burns that limit (2 s or more; 112 of them, about 3 minutes
# on 2 cores: the gate judges two at a time), which no faster judge can cut, so `make test`
# leaves them out; CI runs both.
test-limits: setup ## the bank gate's full-limit Time Limit Exceeded proofs
	$(BYTECODE)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest -q -m limits tests/judge/test_bank_gate.py

# `make test` lists its 10 slowest tests, so what makes the suite slow stays visible. Two pytest-xdist
# workers; --dist loadfile keeps each file on one worker (the bank gate judges its whole module once).
# Everyday lane: lint, then every test except those marked slow (the bank gate, the end-to-end
# bank, the wheel, whole quick drills, crash kills). Three workers on two cores: many of these
# tests wait on a child process, a kernel or a timer, so a third worker fills the cores while
# others wait (a fourth costs more in collection than it gains).
test-fast: setup ## lint, layering contract, mypy, then the tests not marked slow
	$(BYTECODE)
	$(VENV)/bin/ruff check mockint tests benchmarks packaging
	$(VENV)/bin/ruff format --check mockint tests benchmarks packaging
	$(VENV)/bin/lint-imports
	$(VENV)/bin/python -m mypy mockint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest -q -m "not slow" -n 3 --dist loadfile

lint:
	$(VENV)/bin/ruff check mockint tests benchmarks packaging
	$(VENV)/bin/ruff format --check mockint tests benchmarks packaging
	$(VENV)/bin/lint-imports

screenshots: setup ## real X screenshots under Xvfb into screenshots/out/
	xvfb-run -a -s "-screen 0 1366x768x24" $(PY) screenshots/take.py screenshots/out

benchmarks: setup ## timed measurements (printed; figures go in the README)
	$(BYTECODE)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/launch.py
	$(PY) benchmarks/judge_latency.py
	$(PY) benchmarks/judge_ratios.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/coding_round_start.py
	$(PY) benchmarks/speech.py
	$(PY) benchmarks/coverage.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/review_page.py
	QT_QPA_PLATFORM=offscreen MOCKINT_SPEECH=0 $(PY) benchmarks/memory_after_loop.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

include packaging/packaging.mk
