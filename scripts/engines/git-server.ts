/**
 * A Git repository served over smart HTTP on loopback by Git's own `git http-backend` (a CGI
 * program, run per request): what Flux's source-controller clones, as it would clone a GitHub or
 * Gitea repository. Commits are made with the real `git` in a work tree and pushed to the bare
 * repository through the file system.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';

export interface GitServer {
  /** Clone URL of the repository, `http://127.0.0.1:<port>/<name>.git`. */
  readonly url: string;
  /** Replaces the repository's tree at `path` with the folder `from`, or the file `content`, or removes it; commits and pushes; returns the commit. */
  commit(message: string, changes: { path: string; from?: string; content?: string }[]): string;
  close(): Promise<void>;
}

export async function serveGitRepository(dir: string, name: string): Promise<GitServer> {
  rmSync(dir, { recursive: true, force: true });
  const root = join(dir, 'served');
  const bare = join(root, `${name}.git`);
  const work = join(dir, 'work');
  mkdirSync(root, { recursive: true });
  const git = (cwd: string, args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git(root, ['init', '--bare', '--quiet', bare]);
  git(dir, ['init', '--quiet', work]);

  const server: Server = createServer((req, res) => {
    const [rawPath, query = ''] = (req.url ?? '/').split('?');
    let path: string;
    try {
      path = decodeURIComponent(rawPath!);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: path,
        QUERY_STRING: query,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    // A client that goes away, or a backend that fails, ends this request only.
    child.on('error', () => res.destroy());
    child.stdin.on('error', () => undefined);
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', () => clearTimeout(limit));
    req.pipe(child.stdin);
    // CGI output: header lines, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headerDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headerDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headerDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (key.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else res.setHeader(key, value);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    child.on('close', (code) => {
      if (!headerDone) res.writeHead(502);
      res.end(headerDone ? undefined : `git http-backend exited with ${code} before its headers`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the Git server did not get a port');
  return {
    url: `http://127.0.0.1:${address.port}/${name}.git`,
    commit: (message, changes) => {
      for (const c of changes) {
        rmSync(join(work, c.path), { recursive: true, force: true });
        if (c.from) cpSync(c.from, join(work, c.path), { recursive: true });
        if (c.content !== undefined) {
          mkdirSync(dirname(join(work, c.path)), { recursive: true });
          writeFileSync(join(work, c.path), c.content);
        }
      }
      git(work, ['add', '-A']);
      git(work, ['commit', '--quiet', '--allow-empty', '-m', message]);
      git(work, ['push', '--quiet', bare, 'HEAD:refs/heads/main']);
      return git(work, ['rev-parse', 'HEAD']).trim();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
