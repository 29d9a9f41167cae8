"""Tâches de fond des notifications (django-tasks : l'API de django.tasks, file dans la base)."""

from django_tasks import task

from osezia.notifications import services


@task(queue_name="courriels")
def expedier_courriel(courriel_id):
    return services.expedier(courriel_id)
