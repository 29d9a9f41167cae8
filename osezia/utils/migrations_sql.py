from django.db.migrations.operations.base import Operation


class SQLSelonBase(Operation):
    """Exécute du SQL propre à un moteur (clé = connection.vendor : "postgresql", "sqlite")."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, avant=None, arriere=None):
        self.avant = avant or {}
        self.arriere = arriere or {}

    def deconstruct(self):
        return self.__class__.__qualname__, [], {"avant": self.avant, "arriere": self.arriere}

    def state_forwards(self, app_label, state):
        pass

    def _executer(self, schema_editor, requetes):
        for requete in requetes.get(schema_editor.connection.vendor, []):
            schema_editor.execute(requete, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._executer(schema_editor, self.avant)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._executer(schema_editor, self.arriere)

    def describe(self):
        return "SQL propre au moteur de base de données"
