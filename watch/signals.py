"""Signals watch sends for the apps above it, which it does not know of. Edits of single
sources are announced by Django's post_save and post_delete; writes to many at once (a
queryset's update(), which sends neither) announce themselves here."""

from django.dispatch import Signal

# Sent by VideoSource, with film_ids: the films some of whose sources were shown or hidden
# (a takedown notice filed, rejected or reversed), in the same transaction as the write.
sources_changed = Signal()
