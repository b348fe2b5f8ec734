# Two commands: `make demo` runs the app with demo data, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

.PHONY: demo test venv messages migrate lint clean bench browser-deps messages-update catalogue-check

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	@touch $(STAMP)

venv: $(STAMP)

# Compiled catalogues are build output; msgfmt comes from Debian's gettext.
messages: venv
	@command -v msgfmt >/dev/null 2>&1 || { echo "Installing gettext (msgfmt)"; \
		(apt-get update -qq && apt-get install -y -qq gettext) >/dev/null 2>&1 || \
		sudo apt-get install -y -qq gettext; }
	$(MANAGE) compilemessages --ignore=.venv --ignore=.venv-prod --ignore=node_modules -v0

migrate: venv
	@mkdir -p var
	$(MANAGE) migrate --noinput -v0

demo: venv messages migrate
	$(MANAGE) load_demo
	@echo "Open http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/docs/). Ctrl-C stops web, worker and beat."
	PORT=$(PORT) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/honcho start -f Procfile.demo

lint: venv
	$(BIN)/ruff check .

# Browser tests drive Debian's Chromium (never a downloaded browser) and inject axe-core,
# pinned in package.json and installed from the npm registry into node_modules/.
browser-deps:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || \
		sudo apt-get install -y -qq chromium; }
	@test -f node_modules/axe-core/axe.min.js || { command -v npm >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm) >/dev/null 2>&1; \
		npm ci --no-audit --no-fund --ignore-scripts --silent; }

test: venv messages lint browser-deps
	$(BIN)/pytest

# PostgreSQL only: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench
# (BENCH_STEPS=lists,dashboard for a subset; results in bench/results/).
bench: venv messages
	$(BIN)/python bench/run.py $(if $(BENCH_STEPS),--steps $(BENCH_STEPS)) $(if $(BENCH_LABEL),--label $(BENCH_LABEL))

clean:
	rm -rf $(VENV) var/db.sqlite3 var/broker var/media

MAKEMESSAGES := $(MANAGE) makemessages -l vi -l en --no-obsolete --ignore=.venv --ignore=.venv-prod --ignore=var --ignore=static --ignore=node_modules --ignore=tests --ignore=bench

# Refresh the catalogues from the code; Vietnamese is the source language, so
# its catalogue is filled with the msgids themselves, English is translated by hand.
messages-update: venv
	$(MAKEMESSAGES)
	$(BIN)/python locale/source_catalogue.py locale/vi/LC_MESSAGES/django.po

# Fails when a string in the code has no entry, or an entry is untranslated or fuzzy.
catalogue-check: venv
	$(MAKEMESSAGES) -v0
	@status=0; for lang in vi en; do \
		po=locale/$$lang/LC_MESSAGES/django.po; \
		untranslated=$$(msgattrib --untranslated --no-obsolete "$$po" | grep -c '^msgid ' || true); \
		fuzzy=$$(msgattrib --only-fuzzy --no-obsolete "$$po" | grep -c '^msgid ' || true); \
		echo "$$po: untranslated=$$untranslated fuzzy=$$fuzzy"; \
		if [ "$$untranslated" != 0 ] || [ "$$fuzzy" != 0 ]; then status=1; \
			msgattrib --untranslated --only-fuzzy --no-obsolete "$$po" | head -40; fi; \
	done; exit $$status
