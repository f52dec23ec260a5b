PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WEBCHAT := tests/webchat

.PHONY: run test chat bench teams-package bytecode

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(MAKE) bytecode
	touch $@

# Our packages compiled ahead, as a deployed image has them: with PYTHONDONTWRITEBYTECODE (set here) every start
# would otherwise compile ~100 modules from source, about 0.2 s of the 1 s start-up budget. Only stale files are
# recompiled; Python checks each .pyc against its source, so an edited file is never run from old bytecode.
bytecode:
	$(PY) -m compileall -q app.py bot dialogs services storage model reports texts > /dev/null

# Web Chat and offline-directline for tests/webchat, exactly as locked; no install scripts are needed.
$(WEBCHAT)/node_modules/.installed: $(WEBCHAT)/package-lock.json
	cd $(WEBCHAT) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

run: $(VENV)/.installed bytecode
	mkdir -p data
	$(PY) app.py

chat: $(VENV)/.installed
	mkdir -p data
	$(PY) -m bot.chat

test: $(VENV)/.installed $(WEBCHAT)/node_modules/.installed
	. .ci/postgres && $(PY) -m pytest -q -n auto

bench: $(VENV)/.installed bytecode
	$(PY) bench/model_bench.py
	. .ci/postgres && $(PY) bench/turn_bench.py
	. .ci/postgres && $(PY) bench/start_bench.py
	. .ci/postgres && $(PY) bench/scale_bench.py
	. .ci/postgres && $(PY) bench/nudge_bench.py
	. .ci/postgres && $(PY) bench/reliability_bench.py

# The Teams app package for upload: reads MicrosoftAppId and BOT_DOMAIN from the environment.
teams-package: $(VENV)/.installed
	$(PY) -m teams.build_package
