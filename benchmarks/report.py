"""The benchmark's table and the machine it ran on, as text for the terminal and as RESULTS.md."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Optional


@dataclass
class Row:
    figure: str
    subject: str  # the subject's median time (or "n/a …")
    floor: str = "—"
    ratio: str = "—"
    target: str = "—"
    verdict: str = ""  # "pass", "FAIL" or "" when there is no target
    cpu_ratio: str = "—"
    subject_rss: str = "—"
    floor_rss: str = "—"
    note: str = ""


HEADER = ("figure", "subject (median)", "floor (median)", "ratio", "target", "met", "CPU-time ratio",
          "subject peak RSS", "floor peak RSS", "note")


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB"


def ratio(value: float) -> str:
    return f"{value:.2f}×"


def verdict(value: float, limit: float) -> str:
    return "pass" if value <= limit else "FAIL"


def _cells(row: Row) -> tuple[str, ...]:
    return (row.figure, row.subject, row.floor, row.ratio, row.target, row.verdict, row.cpu_ratio,
            row.subject_rss, row.floor_rss, row.note)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in _cells(row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def text_table(rows: list[Row]) -> str:
    cells = [HEADER] + [_cells(row) for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(HEADER))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells) + "\n"


def _first(path: str, key: str, separator: str) -> Optional[str]:
    """The value of the first ``key`` line of a ``key<separator>value`` file such as /proc/cpuinfo."""
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, _, value = line.partition(separator)
                if name.strip() == key:
                    return value.strip().strip('"')
    except OSError:
        return None
    return None


def machine(versions: dict[str, str]) -> list[tuple[str, str]]:
    """The facts a reader needs to compare figures across machines."""
    memory = _first("/proc/meminfo", "MemTotal", ":")
    ram = f"{int(memory.split()[0]) / 2**20:.1f} GiB" if memory else "unknown"
    load = os.getloadavg()
    return [
        ("CPU", _first("/proc/cpuinfo", "model name", ":") or platform.processor() or "unknown"),
        ("cores", str(os.cpu_count())),
        ("RAM", ram),
        ("OS", f"{_first('/etc/os-release', 'PRETTY_NAME', '=') or platform.system()}, kernel {platform.release()}"),
        *versions.items(),
        ("load average at the end (1, 5, 15 min)", ", ".join(f"{x:.2f}" for x in load)),
    ]


def results_markdown(rows: list[Row], facts: list[tuple[str, str]], notes: list[str], title: str) -> str:
    parts = [f"# Benchmark results: {title}\n", markdown_table(rows), "## Machine and versions\n"]
    parts.append("\n".join(f"- {name}: {value}" for name, value in facts) + "\n")
    parts.append("## How these figures were taken\n")
    parts.append("\n".join(f"- {note}" for note in notes) + "\n")
    return "\n".join(parts)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
