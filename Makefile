# osezia — deux commandes suffisent : `make run` et `make test` (voir README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOTE ?= 127.0.0.1
PORT ?= 8000
GRAMMALECTE := $(VENV)/grammalecte

.PHONY: run installer installer-dev grammalecte migrer donnees test test-postgres test-navigateur lint formater bench bench-postgres clean

$(VENV)/.installe: requirements/base.txt requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements/base.txt -c requirements/constraints.txt
	touch $@

$(VENV)/.installe-dev: $(VENV)/.installe requirements/dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements/dev.txt -c requirements/constraints.txt
	touch $@

installer: $(VENV)/.installe
installer-dev: $(VENV)/.installe-dev

# Correcteur Grammalecte des tests du français (paquet Debian déballé dans .venv, sans root).
# S'il ne peut pas s'installer, ces tests sont ignorés avec la raison ; .ci/run les rend obligatoires.
grammalecte: installer-dev
	@test -f $(GRAMMALECTE)/VERSION || scripts/installer-grammalecte $(GRAMMALECTE) \
	  || echo "make : Grammalecte non installé, les tests du français seront ignorés."

migrer: installer
	mkdir -p var
	$(PY) manage.py migrate --no-input

# Référentiels (par les migrations), contenus éditoriaux, démonstration et import #uneIAparjour : idempotent.
donnees: migrer
	$(PY) manage.py charger_contenus
	$(PY) manage.py charger_demo

# Serveur web, un travailleur de tâches (db_worker) et le travail périodique ; Ctrl-C arrête les trois.
run: donnees
	@echo "osezia : http://$(HOTE):$(PORT)/"
	$(PY) manage.py lancer $(HOTE):$(PORT)

lint: installer-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DJANGO_ENV=test DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

formater: installer-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Toute la suite sur SQLite (les parcours navigateur sont lancés si Chromium est installé).
test: lint grammalecte
	DJANGO_ENV=test $(VENV)/bin/pytest

# La même suite sur un cluster PostgreSQL jetable, démarré puis détruit par scripts/pg-temporaire.
test-postgres: grammalecte
	scripts/pg-temporaire env DJANGO_ENV=test $(VENV)/bin/pytest -m "not navigateur"

# Parcours dans Chromium avec contrôle axe-core ; échoue (au lieu d'être ignoré) si Chromium manque.
test-navigateur: installer-dev
	DJANGO_ENV=test OSEZIA_NAVIGATEUR_OBLIGATOIRE=1 $(VENV)/bin/pytest -m navigateur

bench: installer
	$(PY) manage.py bench_recherche --solutions 100000
	$(PY) manage.py bench_diagnostic
	$(PY) manage.py bench_projets
	$(PY) manage.py bench_charge
	$(PY) manage.py bench_mise_en_relation
	$(PY) manage.py bench_rendez_vous

bench-postgres: installer
	scripts/pg-temporaire sh -c '$(PY) manage.py bench_recherche --solutions 100000 && $(PY) manage.py bench_diagnostic && $(PY) manage.py bench_projets && $(PY) manage.py bench_charge && $(PY) manage.py bench_mise_en_relation'

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
