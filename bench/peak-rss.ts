/**
 * Peak resident memory of a server process and everything it spawned, from Linux /proc.
 *
 * VmHWM is the kernel's own high-water mark, so one read at the end catches the peak of a
 * process still alive; the periodic poll is there for children that exit before the end
 * (their VmHWM vanishes with them). The figure is the sum of each process's peak: an upper
 * bound of the tree's true simultaneous peak, and exact for a single process.
 */
import { readdirSync, readFileSync } from 'node:fs';

export class PeakRssSampler {
  private readonly peaks = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly rootPid: number, intervalMs = 200) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Take a last sample, stop polling, and return the peak in MiB (null when /proc could not be read). */
  stop(): { mib: number | null; processes: number } {
    this.sample();
    clearInterval(this.timer);
    if (this.peaks.size === 0) return { mib: null, processes: 0 };
    const kib = [...this.peaks.values()].reduce((sum, value) => sum + value, 0);
    return { mib: Math.round((kib / 1024) * 10) / 10, processes: this.peaks.size };
  }

  private sample(): void {
    for (const pid of processTree(this.rootPid)) {
      const kib = vmHwmKib(pid);
      if (kib !== null) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, kib));
    }
  }
}

function vmHwmKib(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null; // exited between listing and reading
  }
}

/** The pid and all its descendants, found through the ppid field of /proc/<pid>/stat. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: parse after its last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process gone
    }
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}
