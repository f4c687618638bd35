"""Modal dialogs. Their styles load when the first one opens (see DIALOG_CSS)."""

from reader import paths

# Each dialog's CSS_PATH: Textual reads it when that screen is first shown.
DIALOG_CSS = [paths.styles_dir() / "dialogs.tcss"]
