import shutil

import pytest

from journeymap.io.templates import sample_path


@pytest.fixture
def sample(tmp_path):
    """A copy of the sample journey to import into."""
    path = tmp_path / "acme.journey"
    shutil.copy(sample_path(), path)
    return path
