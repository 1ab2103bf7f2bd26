/**
 * Builds a real program from its Go module, once, into `.tools/go/<name>@<version>/` (git-ignored).
 *
 * The module is fetched from the Go module proxy with `go mod download`, which checks its hash
 * against the checksum database; we also compare it with the hash pinned in `components.ts`, so a
 * different upstream zip can never be built under a known name. The downloaded module is read-only
 * and often has `replace` directives, so it is copied and built as the main module (with a
 * `go.work` when it needs sibling modules, such as the operator's `api` module that the module zip
 * leaves out). A stamp file records what was built; a second call returns at once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLock } from './lock';

export const TOOLS_DIR = join(__dirname, '..', '..', '.tools');

/** A pinned Go module and how to build one of its commands. */
export interface GoProgram {
  /** Short name, used in paths and messages (`k3s`, `tigera-operator`). */
  readonly name: string;
  readonly module: string;
  /** A module version the proxy serves (a pseudo-version for a commit where tags are not module versions). */
  readonly version: string;
  /** `h1:` hash of the module zip, as `go mod download -json` reports it. */
  readonly sum: string;
  /** Package to build, relative to the module root. */
  readonly pkg: string;
  /**
   * Folder the module is copied to inside the build tree, when its go.mod replaces a sibling module
   * with a path outside it (Pulumi's `pkg` module: `sdk/v3 => ../sdk`); the local modules' `dir`s
   * are then relative to it (`../sdk`).
   */
  readonly mainDir?: string;
  /** Packages upstream's Makefile runs `go generate` in before building (files to embed), with their environment. */
  readonly generate?: readonly { readonly pkg: string; readonly env: Readonly<Record<string, string>> }[];
  readonly tags?: readonly string[];
  readonly ldflags?: readonly string[];
  readonly cgo?: boolean;
  /** Modules the main module's own `replace … => ./dir` expects inside it (nested modules the zip leaves out). */
  readonly localModules?: readonly { readonly module: string; readonly version: string; readonly sum: string; readonly dir: string }[];
  /** Files upstream's Makefile downloads before building, created empty (see components.ts for why each is harmless). */
  readonly emptyFiles?: readonly string[];
  /** Folders upstream's build script copies inside the source tree before `go build` (from, to), e.g. files to embed. */
  readonly copies?: readonly (readonly [string, string])[];
  /** CGO_CFLAGS upstream's build script sets. */
  readonly cgoCflags?: string;
  /** What the binary is, for the stamp and the tests' messages. */
  readonly describe: string;
}

export interface BuiltProgram {
  readonly path: string;
  /** Seconds the build took, or 0 when it came from the cache. */
  readonly buildSeconds: number;
}

function log(message: string): void {
  process.stderr.write(`[build] ${message}\n`);
}

/** The go command, or a clear reason why there is none. */
export function goCommand(): { go?: string; reason?: string } {
  const go = process.env.GO_BIN ?? 'go';
  const r = spawnSync(go, ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    return { reason: `no Go toolchain ("${go} version" failed: ${r.error?.message ?? r.stderr.trim()}); install Go 1.26 or set GO_BIN` };
  return { go };
}

function goEnv(program: GoProgram): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // The toolchain on the machine, never a download chosen by a go.mod line.
    GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'local',
    GOFLAGS: '-mod=readonly -buildvcs=false',
    CGO_ENABLED: program.cgo ? '1' : '0',
    ...(program.cgoCflags ? { CGO_CFLAGS: program.cgoCflags } : {}),
  };
}

/** Downloads one module version and returns its (read-only) folder in the module cache. */
function download(go: string, module: string, version: string, sum: string, env: NodeJS.ProcessEnv): string {
  const out = execFileSync(go, ['mod', 'download', '-json', `${module}@${version}`], { env, encoding: 'utf8', maxBuffer: 16 << 20, cwd: TOOLS_DIR });
  const info = JSON.parse(out) as { Dir?: string; Sum?: string; Error?: string };
  if (info.Error || !info.Dir) throw new Error(`go mod download ${module}@${version}: ${info.Error ?? 'no folder'}`);
  if (info.Sum !== sum)
    throw new Error(`${module}@${version} has hash ${info.Sum}, but ${sum} is pinned in scripts/cluster/components.ts; refusing to build it`);
  return info.Dir;
}

/** The program's module folder in the module cache, downloaded (and checked against its pinned hash) when missing. */
export function moduleDir(program: GoProgram): string {
  const { go, reason } = goCommand();
  if (!go) throw new Error(reason);
  return download(go, program.module, program.version, program.sum, goEnv(program));
}

export function programDir(program: GoProgram): string {
  return join(TOOLS_DIR, 'go', `${program.name}@${program.version}`);
}

/** Path of the built binary; builds it first when the cache does not have it. */
export function ensureBuilt(program: GoProgram): BuiltProgram {
  const dir = programDir(program);
  const bin = join(dir, 'bin', program.name);
  const stampPath = join(dir, 'stamp.json');
  const stamp = JSON.stringify({
    module: program.module,
    version: program.version,
    sum: program.sum,
    pkg: program.pkg,
    tags: program.tags ?? [],
    ldflags: program.ldflags ?? [],
    local: program.localModules ?? [],
    copies: program.copies ?? [],
    empty: program.emptyFiles ?? [],
    // Only when set, so that adding these fields did not invalidate binaries already built.
    ...(program.mainDir ? { mainDir: program.mainDir } : {}),
    ...(program.generate ? { generate: program.generate } : {}),
  });
  const cached = (): boolean => existsSync(bin) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp;
  if (cached()) return { path: bin, buildSeconds: 0 };
  mkdirSync(TOOLS_DIR, { recursive: true });
  return withLock(join(TOOLS_DIR, `build-${program.name}.lock`), () => {
    if (cached()) return { path: bin, buildSeconds: 0 };
    const { go, reason } = goCommand();
    if (!go) throw new Error(reason);
    const started = Date.now();
    const env = goEnv(program);
    log(`${program.name}: downloading ${program.module}@${program.version} from the Go module proxy`);
    const moduleDir = download(go, program.module, program.version, program.sum, env);
    const tree = join(dir, 'src');
    rmSync(tree, { recursive: true, force: true });
    const src = join(tree, program.mainDir ?? '');
    cpSync(moduleDir, src, { recursive: true });
    makeWritable(tree);
    for (const local of program.localModules ?? []) {
      const localDir = download(go, local.module, local.version, local.sum, env);
      const target = join(src, local.dir);
      rmSync(target, { recursive: true, force: true });
      cpSync(localDir, target, { recursive: true });
      makeWritable(target);
    }
    for (const file of program.emptyFiles ?? []) writeFileSync(join(src, file), '');
    for (const [from, to] of program.copies ?? []) cpSync(join(src, from), join(src, to), { recursive: true });
    // No blanket `go mod download`: it also fetches what only upstream's tests need, and the proxy
    // does not serve all of that (fluxcd/pkg/helmtestserver); `go build` fetches what the binary needs.
    for (const step of program.generate ?? []) {
      log(`${program.name}: go generate ${step.pkg}`);
      execFileSync(go, ['generate', step.pkg], { cwd: src, env: { ...env, ...step.env }, stdio: 'inherit' });
    }
    log(`${program.name}: go build ${program.pkg} (a cold build takes minutes on 2 cores)`);
    mkdirSync(join(dir, 'bin'), { recursive: true });
    const tmp = `${bin}.partial`;
    const args = ['build', '-trimpath', '-o', tmp];
    if (program.tags?.length) args.push('-tags', program.tags.join(' '));
    if (program.ldflags?.length) args.push('-ldflags', program.ldflags.join(' '));
    args.push(program.pkg);
    execFileSync(go, args, { cwd: src, env, stdio: 'inherit' });
    renameSync(tmp, bin);
    writeFileSync(stampPath, stamp);
    // The sources are only needed to build; the module cache keeps the originals.
    rmSync(tree, { recursive: true, force: true });
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    log(`${program.name}: built ${bin} in ${buildSeconds} s`);
    return { path: bin, buildSeconds };
  });
}

function makeWritable(dir: string): void {
  execFileSync('chmod', ['-R', 'u+w', dir]);
  chmodSync(dir, 0o755);
}
