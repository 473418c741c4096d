// `node scripts/architecture-report.ts`: the figures docs/architecture.md quotes, measured
// the way the design review measured them. Every import between the folders under src/
// and jobs/ counts, type-only ones included (a type is a dependency of the design):
// the folders that form loops, the imports on those loops, the file cycles, the largest
// files and the lines of src/. The lint (`depcruise`, .dependency-cruiser.cjs) fails on
// any loop; this script only reports.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface Module {
  source: string;
  dependencies: { resolved: string; circular: boolean }[];
}

const json = execFileSync(
  'depcruise',
  ['src', 'jobs', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--no-progress'],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const modules = (JSON.parse(json) as { modules: Module[] }).modules.filter((m) =>
  /^(src|jobs)\//.test(m.source),
);
const folderOf = (file: string) => {
  const parts = file.split('/');
  // A file at the top of src/ (app.ts, config.ts, errors.ts…) is a node of its own.
  return parts[0] === 'src' ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
};

// The folder graph, with the file imports behind each edge.
const edges = new Map<string, Map<string, number>>();
for (const m of modules)
  for (const d of m.dependencies) {
    const [from, to] = [folderOf(m.source), folderOf(d.resolved)];
    if (from === to || !/^(src|jobs)/.test(to)) continue;
    const out = edges.get(from) ?? new Map<string, number>();
    out.set(to, (out.get(to) ?? 0) + 1);
    edges.set(from, out);
  }

// Tarjan's strongly connected components: a component of two or more folders is a loop.
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const components: string[][] = [];
let counter = 0;
function visit(v: string) {
  index.set(v, counter);
  low.set(v, counter);
  counter += 1;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
  }
  if (low.get(v) === index.get(v)) {
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    components.push(component);
  }
}
const folders = new Set([...modules.map((m) => folderOf(m.source))]);
for (const f of folders) if (!index.has(f)) visit(f);
const loops = components.filter((c) => c.length > 1);
const inLoop = new Map(loops.flatMap((c, i) => c.map((f) => [f, i] as const)));
let loopImports = 0;
for (const [from, out] of edges)
  for (const [to, n] of out)
    if (inLoop.has(from) && inLoop.get(from) === inLoop.get(to)) loopImports += n;
const fileCycles = modules.filter((m) => m.dependencies.some((d) => d.circular)).length;

const lines = modules
  .filter((m) => m.source.startsWith('src/'))
  .map((m) => ({ file: m.source, lines: readFileSync(m.source, 'utf8').split('\n').length - 1 }))
  .sort((a, b) => b.lines - a.lines);

console.log(`folders under src/ and jobs/: ${String(folders.size)}`);
console.log(
  `folders on a loop: ${String(loops.reduce((n, c) => n + c.length, 0))}` +
    (loops.length > 0 ? ` (${loops.map((c) => c.sort().join(', ')).join('; ')})` : ''),
);
console.log(
  `imports between folders: ${String([...edges.values()].reduce((n, out) => n + [...out.values()].reduce((a, b) => a + b, 0), 0))}`,
);
console.log(`imports on a folder loop: ${String(loopImports)}`);
console.log(`files on a file cycle: ${String(fileCycles)}`);
console.log(
  `lines in src/: ${String(lines.reduce((n, f) => n + f.lines, 0))} in ${String(lines.length)} files`,
);
console.log('largest files:');
for (const f of lines.slice(0, 8)) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
