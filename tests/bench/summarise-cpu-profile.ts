import { readFileSync } from 'node:fs';

/*
 * Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self
 * time, and the same grouped by package, so a missed benchmark target can be traced
 * to where the CPU went. Usage:
 *   npx tsx tests/bench/summarise-cpu-profile.ts <file.cpuprofile> [top=25]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/@smithy/core/…` → `@smithy/core`; our own sources by their workspace folder. */
export function packageOfUrl(url: string): string {
  if (!url) return '(native / V8)';
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const inModules = path.split('node_modules/').at(-1) ?? path;
  if (inModules !== path) {
    const parts = inModules.split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  if (path.startsWith('node:')) return 'node (built-in)';
  const repo = path.split('/work/main/').at(-1) ?? path;
  return repo.split('/').slice(0, 2).join('/');
}

export function summarise(profile: CpuProfile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    const pkg = packageOfUrl(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const ranked = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
  return { totalMs: Math.round(total), functions: ranked(functions), packages: ranked(packages) };
}

if (process.argv[1]?.endsWith('summarise-cpu-profile.ts')) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: summarise-cpu-profile.ts <file.cpuprofile> [top]');
  const result = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25));
  process.stdout.write(`sampled CPU time: ${result.totalMs} ms\n\nby package (self time):\n`);
  for (const p of result.packages)
    process.stdout.write(`  ${String(p.share).padStart(5)} %  ${p.ms} ms  ${p.name}\n`);
  process.stdout.write('\nby function (self time):\n');
  for (const f of result.functions)
    process.stdout.write(`  ${String(f.share).padStart(5)} %  ${f.ms} ms  ${f.name}\n`);
}
