"""Time whole processes and their peak memory, alone or paired with a floor process.

A pair runs the subject and its floor one after the other, alternating which
goes first, so that load from other work on the machine falls on both; the
ratio of each pair is taken before the median.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

Command = Sequence[str]


class SubjectFailed(Exception):
    """A measured process exited non-zero: its figure would be meaningless."""

    def __init__(self, command: Command, code: int, output: str):
        self.command, self.code, self.output = list(command), code, output
        tail = "\n".join(output.strip().splitlines()[-5:])
        super().__init__(f"`{' '.join(self.command)}` exited {code}:\n{tail}")


@dataclass
class Sample:
    seconds: float
    max_rss: int  # bytes, of this one process (wait4, not the cumulative RUSAGE_CHILDREN)


@dataclass
class Series:
    """Repeated runs of one command."""

    samples: list[Sample] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_rss(self) -> int:
        return max(s.max_rss for s in self.samples)


@dataclass
class Pair:
    """A subject and its floor, run in interleaved pairs."""

    subject: Series
    floor: Series

    @property
    def ratio(self) -> float:
        """The median of the per-pair ratios subject/floor."""
        return statistics.median(s.seconds / f.seconds for s, f in zip(self.subject.samples, self.floor.samples))


def run_once(command: Command, cwd: Path, expect: int = 0) -> Sample:
    """Run ``command`` to completion; its wall time and its own maximum resident set size.

    Any exit code but ``expect`` raises `SubjectFailed` with the process's output.
    """
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        # wait4 reaped the child; tell Popen so it does not wait again.
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != expect:
            output.seek(0)
            raise SubjectFailed(command, process.returncode, output.read().decode("utf-8", "replace"))
    return Sample(seconds=seconds, max_rss=usage.ru_maxrss * 1024)  # Linux reports KiB


def repeated(command: Command, runs: int, cwd: Path, warmup: bool = True) -> Series:
    if warmup:
        run_once(command, cwd)
    return Series([run_once(command, cwd) for _ in range(runs)])


def paired(subject: Command, floor: Command, runs: int, cwd: Path, subject_exit: int = 0) -> Pair:
    """``runs`` interleaved pairs after one untimed warm-up of each (file caches, .pyc files)."""
    run_once(subject, cwd, subject_exit)
    run_once(floor, cwd)
    pair = Pair(Series(), Series())
    for i in range(runs):
        if i % 2 == 0:
            pair.subject.samples.append(run_once(subject, cwd, subject_exit))
            pair.floor.samples.append(run_once(floor, cwd))
        else:
            pair.floor.samples.append(run_once(floor, cwd))
            pair.subject.samples.append(run_once(subject, cwd, subject_exit))
    return pair
