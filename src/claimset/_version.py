"""The one version of the package and the dataset (see README: Versions).

hatch-vcs writes it from git when the package is built or installed (`_scm_version.py`,
pyproject.toml); source that was never built, e.g. imported from a fresh clone through
PYTHONPATH, has no version to tell and says so.
"""

try:
    from ._scm_version import __version__
except ImportError:
    __version__ = "0+unknown"
