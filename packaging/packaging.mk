# Packaging targets, included by the Makefile (`include packaging/packaging.mk`).
#
#   make metadata           regenerate the desktop entry and metainfo from mockint/about.py
#   make icons              re-render assets/icons/hicolor/*/apps/*.png from assets/icons/mockint.svg
#   make wheel              build dist/mockint-VERSION-py3-none-any.whl
#   make install-desktop    menu entry, metainfo and icons into ~/.local/share for this user
#   make uninstall-desktop  remove them again
#   make bundle             PyInstaller one-folder bundle dist/mockint/ (~1 GB with torch; slow)
#   make bundle-smoke       run the bundle headless: bank check, kernel, judge, time to window
#
# The bundle is not part of `make test`; tests/packaging/ checks the wheel and the Linux files.

PYINSTALLER_SPEC ?= pyinstaller==6.22.3 pyinstaller-hooks-contrib==2026.9
APP_ID           := $(basename $(notdir $(wildcard packaging/linux/*.desktop)))
DATA_HOME        ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)
# What the installed menu entry runs: the venv's command, or e.g. $(CURDIR)/dist/mockint/mockint.
MOCKINT_EXEC     ?= $(abspath $(VENV))/bin/mockint

.PHONY: metadata icons wheel install-desktop uninstall-desktop bundle bundle-smoke

metadata: venv ## regenerate packaging/linux/* from mockint/about.py
	$(PY) packaging/gen_metadata.py

icons: venv ## render the PNG icon sizes from the SVG
	QT_QPA_PLATFORM=offscreen $(PY) packaging/make_icons.py

wheel: venv ## build the wheel into dist/
	$(PY) -m pip wheel --quiet --no-deps . -w dist

install-desktop: ## install the menu entry, metainfo and icons for the current user
	@test -x "$(MOCKINT_EXEC)" || { echo "$(MOCKINT_EXEC) does not exist: run 'make setup' first," \
	  "or set MOCKINT_EXEC=/path/to/mockint"; exit 1; }
	install -d "$(DATA_HOME)/applications" "$(DATA_HOME)/metainfo"
	sed -e 's|^Exec=.*|Exec=$(MOCKINT_EXEC)|' -e 's|^TryExec=.*|TryExec=$(MOCKINT_EXEC)|' \
	  packaging/linux/$(APP_ID).desktop > "$(DATA_HOME)/applications/$(APP_ID).desktop"
	install -m644 packaging/linux/$(APP_ID).metainfo.xml "$(DATA_HOME)/metainfo/"
	for png in assets/icons/hicolor/*/apps/$(APP_ID).png; do \
	  install -Dm644 "$$png" "$(DATA_HOME)/icons/$${png#assets/icons/}"; done
	install -Dm644 assets/icons/mockint.svg "$(DATA_HOME)/icons/hicolor/scalable/apps/$(APP_ID).svg"
	@if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$(DATA_HOME)/applications"; fi
	@if [ -f "$(DATA_HOME)/icons/hicolor/icon-theme.cache" ]; then \
	  gtk-update-icon-cache -q "$(DATA_HOME)/icons/hicolor"; fi
	@echo "Installed $(APP_ID) into $(DATA_HOME); its menu entry runs $(MOCKINT_EXEC)"

uninstall-desktop: ## remove what install-desktop installed
	rm -f "$(DATA_HOME)/applications/$(APP_ID).desktop" "$(DATA_HOME)/metainfo/$(APP_ID).metainfo.xml" \
	  "$(DATA_HOME)"/icons/hicolor/*/apps/$(APP_ID).png "$(DATA_HOME)/icons/hicolor/scalable/apps/$(APP_ID).svg"
	@if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$(DATA_HOME)/applications"; fi

bundle: venv ## PyInstaller one-folder bundle in dist/mockint/ (installs PyInstaller into the venv)
	$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install --quiet $(PYINSTALLER_SPEC)
	@start=$$(date +%s); \
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/mockint.spec && \
	echo "dist/mockint: $$(du -sh dist/mockint | cut -f1), built in $$(( $$(date +%s) - start )) s"

bundle-smoke: ## run dist/mockint headless (build it first with `make bundle`)
	$(PY) packaging/smoke_bundle.py dist/mockint
