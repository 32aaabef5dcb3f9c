import { spawnSync } from 'node:child_process';

/** A process and its direct children (the registrar's store or workers), as PIDs. */
export function processTree(pid: number): string[] {
  // `ps` exits 1 when there are no children: not an error here.
  const listed = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout ?? '';
  return [
    String(pid),
    ...listed
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
