// `node scripts/architecture-report.ts`: the figures docs/architecture.md quotes, measured
// the way the design review measured them. Every import between the folders under src/
// and jobs/ counts, type-only ones included (a type is a dependency of the design):
// the folders on a loop and the imports along it (as dependency-cruiser marks them: each
// directory a folder, the files at the top of src/ the folder "src"), the file cycles, the
// largest files and the lines of src/. The lint (`depcruise`, .dependency-cruiser.cjs) fails on
// any loop; this script only reports.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface Module {
  source: string;
  dependencies: { resolved: string; circular: boolean }[];
}
interface Folder {
  name: string;
  dependencies: { name: string; circular: boolean }[];
}

const json = execFileSync(
  'depcruise',
  ['src', 'jobs', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--no-progress'],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const cruise = JSON.parse(json) as { modules: Module[]; folders: Folder[] };
const modules = cruise.modules.filter((m) => /^(src|jobs)\//.test(m.source));
const folderOf = (file: string) => file.slice(0, file.lastIndexOf('/'));

// dependency-cruiser marks each dependency between two folders that closes a loop.
const onLoop = new Set(
  cruise.folders.flatMap((f) =>
    f.dependencies.filter((d) => d.circular).flatMap((d) => [`${f.name} -> ${d.name}`]),
  ),
);
const foldersOnLoop = new Set([...onLoop].map((edge) => edge.split(' -> ')[0] ?? ''));
let imports = 0;
let loopImports = 0;
for (const m of modules)
  for (const d of m.dependencies) {
    const [from, to] = [folderOf(m.source), folderOf(d.resolved)];
    if (from === to || !/^(src|jobs)/.test(to)) continue;
    imports += 1;
    if (onLoop.has(`${from} -> ${to}`)) loopImports += 1;
  }
const fileCycles = modules.filter((m) => m.dependencies.some((d) => d.circular)).length;

const lines = modules
  .filter((m) => m.source.startsWith('src/'))
  .map((m) => ({ file: m.source, lines: readFileSync(m.source, 'utf8').split('\n').length - 1 }))
  .sort((a, b) => b.lines - a.lines);

console.log(`folders under src/ and jobs/: ${String(cruise.folders.length)}`);
console.log(
  `folders on a loop: ${String(foldersOnLoop.size)}` +
    (foldersOnLoop.size > 0 ? ` (${[...foldersOnLoop].sort().join(', ')})` : ''),
);
console.log(`imports between folders: ${String(imports)}`);
console.log(`imports on a folder loop: ${String(loopImports)}`);
console.log(`files on a file cycle: ${String(fileCycles)}`);
console.log(
  `lines in src/: ${String(lines.reduce((n, f) => n + f.lines, 0))} in ${String(lines.length)} files`,
);
console.log('largest files:');
for (const f of lines.slice(0, 8)) console.log(`  ${String(f.lines).padStart(5)}  ${f.file}`);
