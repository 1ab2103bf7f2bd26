/**
 * The code's shape: data flows one way. No import cycle anywhere in lib/, and the bottom layers of
 * the core (validation/, generated/) import nothing from the concepts built on them.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const LIB = resolve(__dirname, '..', 'lib');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** file → the files of lib/ it imports (relative imports only; packages are not part of the graph). */
const graph = new Map(
  sourceFiles(LIB).map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name))
      .map((base) => [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p)))
      .filter((p): p is string => p !== undefined);
    return [file, deps] as const;
  }),
);

/** Strongly connected components with more than one file (Tarjan): each is an import cycle. */
function cycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(LIB, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('architecture', () => {
  it('reads the import graph (it is not empty)', () => {
    expect(graph.size).toBeGreaterThan(80);
    expect(graph.get(join(LIB, 'core', 'gitops', 'layers.ts'))).toContain(join(LIB, 'core', 'gitops', 'flux.ts'));
  });

  it('has no import cycle in lib/', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps validation/ and generated/ at the bottom: they import no concept built on them', () => {
    const below = ['core/validation/', 'core/generated/', 'core/releases/'];
    const upward = [...graph.entries()]
      .filter(([file]) => ['core/validation/', 'core/generated/'].some((d) => relative(LIB, file).startsWith(d)))
      .flatMap(([file, deps]) =>
        deps.filter((d) => !below.some((b) => relative(LIB, d).startsWith(b))).map((d) => `${relative(LIB, file)} → ${relative(LIB, d)}`),
      );
    expect(upward).toEqual([]);
  });
});
