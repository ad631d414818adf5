// No two rooms import each other, even through other rooms: dependency-cruiser's own `circular`
// rule (.dependency-cruiser.cjs) sees only cycles between files, and a cycle between folders is
// the one that makes a design hard to read. A room is a folder of src/core, src/host or
// src/features (src/core/chat, src/host/views, …), or any other folder of src (src/webview); the
// root files are their own.
// Exits 1 and prints each cycle when there is one.
import { cruise } from 'dependency-cruiser';

const roomOf = (path) => {
  const layered = /^src\/(core|host|features)\/([^/]+)\//.exec(path);
  if (layered) return `src/${layered[1]}/${layered[2]}`;
  const folder = /^src\/([^/]+)\//.exec(path);
  return folder ? `src/${folder[1]}` : path;
};

const { output } = await cruise(['src'], { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, tsConfig: { fileName: 'tsconfig.json' } });
const edges = new Map();
for (const module of output.modules) {
  if (!module.source.startsWith('src/')) continue;
  const from = roomOf(module.source);
  for (const dependency of module.dependencies) {
    if (!dependency.resolved.startsWith('src/')) continue;
    const to = roomOf(dependency.resolved);
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components: every component of more than one room is a cycle.
let index = 0;
const indexOf = new Map(),
  low = new Map(),
  stack = [],
  onStack = new Set(),
  cycles = [];
function visit(room) {
  indexOf.set(room, index);
  low.set(room, index++);
  stack.push(room);
  onStack.add(room);
  for (const next of edges.get(room)?.keys() ?? []) {
    if (!indexOf.has(next)) {
      visit(next);
      low.set(room, Math.min(low.get(room), low.get(next)));
    } else if (onStack.has(next)) low.set(room, Math.min(low.get(room), indexOf.get(next)));
  }
  if (low.get(room) === indexOf.get(room)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== room);
    if (component.length > 1) cycles.push(component);
  }
}
for (const room of edges.keys()) if (!indexOf.has(room)) visit(room);

const rooms = new Set([...edges.keys(), ...[...edges.values()].flatMap((targets) => [...targets.keys()])]);
if (cycles.length === 0) {
  console.log(`room cycles: none (${rooms.size} rooms)`);
} else {
  for (const component of cycles) {
    console.error(`room cycle: ${component.join(' ⇄ ')}`);
    for (const from of component) for (const [to, via] of edges.get(from) ?? []) if (component.includes(to)) console.error(`  ${via}`);
  }
  process.exit(1);
}
