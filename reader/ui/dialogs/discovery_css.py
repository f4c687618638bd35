"""The styles of issue 20's dialogs (more like this, authors): the dialogs' own plus theirs."""

from reader import paths
from reader.ui.dialogs import DIALOG_CSS

DISCOVERY_CSS = [*DIALOG_CSS, paths.styles_dir() / "discovery.tcss"]
