/**
 * A Helm chart repository on loopback, made of the real charts in ../shared/reference: what an
 * air-gapped user's mirror is, and what the engines here fetch charts from (the public repository
 * cannot be reached). `helm package` + `helm repo index` write the repository; Node serves it.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { tools } from '../cluster/kubectl';
import { localChart } from '../cluster/stand-ins';

export interface ChartRepository {
  /** `http://127.0.0.1:<port>`: the `helmRepository` prop. */
  readonly url: string;
  /** Paths requested so far (the engine really fetched the chart from here). */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** Packages `charts` (name and version) into `dir` and serves it on a free loopback port. */
export async function serveChartRepository(dir: string, charts: readonly { chart: string; version: string }[]): Promise<ChartRepository> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const c of charts) execFileSync(tools().helm, ['package', localChart(c.chart, c.version), '--destination', dir], { stdio: 'pipe' });
  // Relative URLs in index.yaml: helm resolves them against the repository URL, so the port can be chosen later.
  execFileSync(tools().helm, ['repo', 'index', dir], { stdio: 'pipe' });
  const files = new Set(readdirSync(dir));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let name: string;
    try {
      name = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/+/, ''));
    } catch {
      res.writeHead(400).end();
      return;
    }
    requests.push(`/${name}`);
    if (req.method !== 'GET' || !files.has(name)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': name.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip' });
    res.end(readFileSync(join(dir, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the chart repository did not get a port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
