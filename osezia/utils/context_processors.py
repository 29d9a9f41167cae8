from django.conf import settings


def site(request):
    return {"OSEZIA": settings.OSEZIA}
