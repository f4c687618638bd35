"""The UI fixtures (a reader app on the seed) for the dialog tests."""

from tests.ui.conftest import make_app, state_path  # noqa: F401
