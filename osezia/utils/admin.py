from django.contrib import admin
from django.db import models


class AdminOsezia(admin.ModelAdmin):
    # Comme les formulaires du site : une adresse sans schéma est complétée en https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
