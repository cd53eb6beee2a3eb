# A newcomer's two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
CHROMIUM := /usr/bin/chromium

.PHONY: install run test lint messages bench browser office vnu oidc-provider

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## Serve the Sunne demo on an embedded SQLite database at http://127.0.0.1:8000, with a worker
## for background imports beside it
run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo --with-users
	@echo ""
	@echo "  Sunnemodellen runs at http://127.0.0.1:8000/  (English: http://127.0.0.1:8000/en/)"
	@echo "  Log in as admin, facilitator, strategist or politician; the password is: demo"
	@echo "  Stop with Ctrl-C."
	@echo ""
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## The whole test suite (SQLite unless DATABASE_URL is set), on up to four cores (pytest-xdist:
## each worker has its own test database); on CI's two cores it takes 11 minutes, not 23.
test: install browser office vnu oidc-provider
	$(PY) -m pytest -q -n auto --maxprocesses=4

## Debian's Chromium drives the browser tests; Playwright cannot download its own here.
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

## LibreOffice opens our XLSX and .docx files in the tests, as the office receiving them would.
office:
	@command -v soffice >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    apt-get install -y -qq libreoffice-calc-nogui libreoffice-writer-nogui >/dev/null; \
	  else echo "The file tests need LibreOffice: sudo apt-get install" \
	    "libreoffice-calc-nogui libreoffice-writer-nogui" >&2; exit 1; fi; }

## The Nu HTML Checker (vnu) checks every page's HTML in the tests, on the machine's Java.
VNU := .tools/node_modules/vnu-jar/build/dist/vnu.jar
vnu:
	@test -f $(VNU) || { \
	  command -v npm >/dev/null && command -v java >/dev/null || { \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	      apt-get install -y -qq npm default-jre-headless >/dev/null; \
	    else echo "The HTML tests need npm and Java: sudo apt-get install npm" \
	      "default-jre-headless" >&2; exit 1; fi; }; \
	  npm install --prefix .tools --no-audit --no-fund --ignore-scripts vnu-jar@26.9.27 >/dev/null; }

## The sign-in tests run a certified OpenID Connect provider (oidc-provider) on Node.js.
OIDC_PROVIDER := .tools/node_modules/oidc-provider/lib/index.js
oidc-provider:
	@test -f $(OIDC_PROVIDER) || { \
	  command -v npm >/dev/null || { \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm >/dev/null; \
	    else echo "The sign-in tests need Node.js and npm: sudo apt-get install npm" >&2; exit 1; fi; }; \
	  npm install --prefix .tools --no-audit --no-fund --ignore-scripts oidc-provider@9.13.3 >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

## Refresh the translation catalogues and compile them (both are committed). The source texts
## are English, so the English catalogue is made anew from them; Swedish is translated by hand
## in locale/sv/LC_MESSAGES/django.po.
MAKEMESSAGES := DEBUG=1 $(PY) manage.py makemessages -l sv -l en --no-obsolete --add-location file --ignore=tests
messages: install
	rm -f locale/en/LC_MESSAGES/django.po
	$(MAKEMESSAGES)
	msgen locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	$(MAKEMESSAGES)
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv
	@msgfmt --statistics -o /dev/null locale/sv/LC_MESSAGES/django.po

## Speed and memory as ratios to floors measured in the same run (PostgreSQL at BENCH_DATABASE_URL)
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sunnemodel
bench: install
	$(PY) bench/run.py
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/imports.py 100000
	$(PY) bench/api.py 10 20
	$(PY) bench/coding.py 10 10
	$(PY) bench/public.py 10 50
