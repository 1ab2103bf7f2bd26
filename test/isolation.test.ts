/** Loading the core or the cdk8s entry point must not load Pulumi (≈1 s and a peer dependency cdk8s users lack). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

function loadedModules(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('entry point isolation', () => {
  it.each([
    ['core', './lib/core/index.ts'],
    ['cdk8s', './lib/cdk8s/index.ts'],
  ])('loading %s loads no @pulumi module', (_name, entry) => {
    const mods = loadedModules(entry);
    expect(mods.some((m) => m.includes(join('lib', 'core')))).toBe(true);
    expect(mods.filter((m) => m.includes(`${join('node_modules', '@pulumi')}`))).toEqual([]);
  });

  it('loading core loads no cdk8s or constructs either', () => {
    const mods = loadedModules('./lib/core/index.ts');
    expect(mods.filter((m) => /node_modules[\\/](cdk8s|constructs)[\\/]/.test(m))).toEqual([]);
  });

  it('the check can fail: loading the pulumi entry point does load @pulumi', () => {
    expect(loadedModules('./lib/pulumi/index.ts').some((m) => m.includes(join('node_modules', '@pulumi')))).toBe(true);
  });
});
