"""Time whole processes and their peak memory, alone or paired with a floor process.

A pair runs the subject and its floor one after the other, alternating which
goes first, so that load from other work on the machine falls on both; the
ratio of each pair is taken before the median. Several subjects run in rounds
(each round runs every pair once), so that figures compared with one another,
such as the cost per claim at two sizes, are also taken side by side.
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
    seconds: float  # wall time, spawn to exit
    cpu: float  # user + system time of this process: what other work on the machine disturbs least
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
    """A subject and its floor, run in interleaved pairs: sample i of each comes from the same round."""

    subject: Series
    floor: Series

    @property
    def ratio(self) -> float:
        """The median of the per-pair wall-time ratios subject/floor."""
        return statistics.median(s.seconds / f.seconds for s, f in zip(self.subject.samples, self.floor.samples))

    @property
    def cpu_ratio(self) -> float:
        """The same for CPU time: a check on the wall-time ratio when the machine is busy."""
        return statistics.median(s.cpu / f.cpu for s, f in zip(self.subject.samples, self.floor.samples))


@dataclass
class Task:
    """A subject to measure against its floor."""

    name: str
    subject: Command
    floor: Command
    subject_exit: int = 0


def run_once(command: Command, cwd: Path, expect: int = 0) -> Sample:
    """Run ``command`` to completion; its wall and CPU time and its own maximum resident set size.

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
    # Linux reports ru_maxrss in KiB.
    return Sample(seconds=seconds, cpu=usage.ru_utime + usage.ru_stime, max_rss=usage.ru_maxrss * 1024)


def repeated(command: Command, runs: int, cwd: Path) -> Series:
    return Series([run_once(command, cwd) for _ in range(runs)])


def interleaved(tasks: list[Task], runs: int, cwd: Path, warm_all: bool = True) -> dict[str, Pair]:
    """``runs`` rounds; in each, every task runs its subject and floor back to back, alternating which goes first.

    One untimed warm-up comes first (file caches, .pyc files): of every task, or with
    ``warm_all=False`` of the first only, when the others read the same code and freshly written files.
    """
    for task in tasks if warm_all else tasks[:1]:
        run_once(task.subject, cwd, task.subject_exit)
        run_once(task.floor, cwd)
    pairs = {task.name: Pair(Series(), Series()) for task in tasks}
    for i in range(runs):
        for task in tasks:
            pair = pairs[task.name]
            if i % 2 == 0:
                pair.subject.samples.append(run_once(task.subject, cwd, task.subject_exit))
                pair.floor.samples.append(run_once(task.floor, cwd))
            else:
                pair.floor.samples.append(run_once(task.floor, cwd))
                pair.subject.samples.append(run_once(task.subject, cwd, task.subject_exit))
    return pairs
