from django_tasks import task

from osezia.diagnostic import pdf


@task(queue_name="pdf")
def rendre_pdf(fichier_id):
    return pdf.rendre(fichier_id)
