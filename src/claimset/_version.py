"""The one version of the package and the dataset (see README: Versions).

hatch-vcs writes it from git when the package is built or installed (`_scm_version.py`,
pyproject.toml); source that was never built, e.g. imported from a fresh clone through
PYTHONPATH, has no version to tell and says so.
"""

UNKNOWN = "0+unknown"  # what a version that cannot be told is called, here and in claimset.build.version

try:
    from ._scm_version import __version__
except ImportError:
    __version__ = UNKNOWN
