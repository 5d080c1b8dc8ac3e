"""Dialogs: the import wizard."""
