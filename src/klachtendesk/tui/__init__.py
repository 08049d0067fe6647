"""The desk: the Textual application (screens, widgets, dialogs, commands, styles)."""
