"""Widgets shared by the features: forms, record table, icons, file dialogs."""
