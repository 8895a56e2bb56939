#!/usr/bin/env python3
"""Print processes using noticeable CPU over a 1 s sample, other than the bench's own.

Other work on the box (a build, a test run) skews every number, so run.sh shows it.
Usage: busy_procs.py [PID ...]   -- PIDs (and their descendants) to ignore.
Prints "none" or one "pid cpu% command" per line.
"""
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def snapshot():
    procs = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            fields = stat[stat.rindex(")") + 2:].split()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except (OSError, ValueError):
            continue
        # fields[1] = ppid, [11] = utime, [12] = stime (0-based after the comm field)
        procs[int(pid)] = (int(fields[1]), int(fields[11]) + int(fields[12]), cmd or stat.split()[1])
    return procs


def main():
    ignored = {int(p) for p in sys.argv[1:]} | {os.getpid(), os.getppid()}
    before = snapshot()
    time.sleep(1.0)
    after = snapshot()

    def ours(pid, seen=0):
        while pid in after and seen < 64:
            if pid in ignored:
                return True
            pid, seen = after[pid][0], seen + 1
        return False

    busy = []
    for pid, (ppid, ticks, cmd) in after.items():
        if pid in before and not ours(pid):
            pct = 100.0 * (ticks - before[pid][1]) / TICK
            if pct >= 5:
                busy.append((pct, pid, cmd))
    if not busy:
        print("none")
    for pct, pid, cmd in sorted(busy, reverse=True):
        print(f"{pid} {pct:.0f}% {cmd[:200]}".replace("\n", " "))


if __name__ == "__main__":
    main()
