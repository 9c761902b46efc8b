# The one version of the package and the dataset (see README: Versions).
__version__ = "0.1.0"
