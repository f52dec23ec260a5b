PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WEBCHAT := tests/webchat

.PHONY: run test chat bench teams-package

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Web Chat and offline-directline for tests/webchat, exactly as locked; no install scripts are needed.
$(WEBCHAT)/node_modules/.installed: $(WEBCHAT)/package-lock.json
	cd $(WEBCHAT) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

run: $(VENV)/.installed
	mkdir -p data
	$(PY) app.py

chat: $(VENV)/.installed
	mkdir -p data
	$(PY) -m bot.chat

test: $(VENV)/.installed $(WEBCHAT)/node_modules/.installed
	. .ci/postgres && $(PY) -m pytest -q -n auto

bench: $(VENV)/.installed
	$(PY) bench/model_bench.py
	. .ci/postgres && $(PY) bench/turn_bench.py
	. .ci/postgres && $(PY) bench/start_bench.py
	. .ci/postgres && $(PY) bench/scale_bench.py
	. .ci/postgres && $(PY) bench/nudge_bench.py
	. .ci/postgres && $(PY) bench/reliability_bench.py

# The Teams app package for upload: reads MicrosoftAppId and BOT_DOMAIN from the environment.
teams-package: $(VENV)/.installed
	$(PY) -m teams.build_package
