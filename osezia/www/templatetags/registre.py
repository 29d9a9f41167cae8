from django import template

from osezia.conformite import selectors

register = template.Library()

register.filter("systeme_declare", selectors.systeme_declare)
