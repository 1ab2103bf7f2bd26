/**
 * The README stays short and its pages stay reachable: the README is at most 20 KB, every relative
 * link of the README and docs/ points at a file (and heading) inside the repository, and the
 * README's TypeScript examples type-check against the package's entry points.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const REPO = join(__dirname, '..');
const PAGES = [
  'README.md',
  'CHANGELOG.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

/** Markdown links outside code: fenced blocks and inline code are skipped. */
function linksOf(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe('README and docs/', () => {
  it('the README is at most 20 KB', () => {
    expect(readFileSync(join(REPO, 'README.md')).length).toBeLessThanOrEqual(20 * 1024);
  });

  it.each(PAGES)('every relative link in %s resolves inside the repository', (page) => {
    const text = readFileSync(join(REPO, page), 'utf8');
    const broken: string[] = [];
    for (const link of linksOf(text).filter((l) => !/^[a-z]+:/.test(l))) {
      const [file, anchor] = link.split('#') as [string, string | undefined];
      const target = file === '' ? join(REPO, page) : resolve(dirname(join(REPO, page)), file);
      if (relative(REPO, target).startsWith('..')) broken.push(`${link}: outside the repository`);
      else if (!existsSync(target)) broken.push(`${link}: no such file`);
      else if (anchor && target.endsWith('.md')) {
        const headings = readFileSync(target, 'utf8')
          .replace(/```[\s\S]*?```/g, '')
          .split('\n')
          .filter((l) => /^#+ /.test(l))
          .map((l) => anchorOf(l.replace(/^#+ /, '')));
        if (!headings.includes(anchor)) broken.push(`${link}: no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the README links every page of docs/', () => {
    const links = linksOf(readFileSync(join(REPO, 'README.md'), 'utf8'));
    const pages = readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md'));
    expect(pages.filter((p) => !links.includes(`docs/${p}`))).toEqual([]);
  });

  it("the README's TypeScript examples type-check against the package's entry points", () => {
    const blocks = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2); // one per framework
    // Inside the repository, so 'cdk8s' and '@pulumi/*' resolve from its node_modules.
    const dir = join(REPO, '.tools', `readme-examples-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const files = blocks.map((code, i) => {
        const file = join(dir, `example-${i}.ts`);
        writeFileSync(file, code);
        return file;
      });
      const options: ts.CompilerOptions = {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ['node'],
        baseUrl: REPO,
        // The package's own names, mapped to the sources (what its exports map resolves to once built).
        paths: {
          'calico-ebpf-constructs': ['lib/core/index.ts'],
          'calico-ebpf-constructs/cdk8s': ['lib/cdk8s/index.ts'],
          'calico-ebpf-constructs/pulumi': ['lib/pulumi/index.ts'],
        },
      };
      const program = ts.createProgram(files, options);
      const problems = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && files.includes(d.file.fileName))
        .map((d) => `${relative(dir, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
