"""The floor for `claimset validate`: parse every YAML file of a tree with libyaml and read every seed.

    python benchmarks/bare_parse.py TREE

Time the whole process. It checks nothing: it is the least any validator must
do with the same files (start Python, import PyYAML, parse, read the texts).
"""

import sys
from pathlib import Path

import yaml


def main(root: Path) -> int:
    files = 0
    for path in sorted((root / "claims").glob("*.yaml")):
        with path.open("rb") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)
        files += 1
    for path in sorted((root / "seeds").glob("*.txt")):
        path.read_bytes().decode("utf-8")
        files += 1
    if files == 0:
        print(f"{root}: no claims/*.yaml or seeds/*.txt to parse", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
