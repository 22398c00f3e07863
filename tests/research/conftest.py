# The catalogue (with its modules tagged with principles), seeded once per run as for the programmes tests.
from tests.programmes.conftest import _seeded_catalogue, catalogue  # noqa: F401
