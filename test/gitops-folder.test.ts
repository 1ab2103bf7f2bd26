/** `gitops.folder`: a cluster's layer folders nested in the output (fleets as clusters/<name>/…). */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane, k3sManifests, writeLayerFolders } from '../lib/core/internal';
import { App } from 'cdk8s';
import { CalicoEbpfDataplane } from '../lib/cdk8s';
import { validationErrorOf } from './support/errors';

const write = (out: string, props: Parameters<typeof resolveCalicoEbpfDataplane>[0]) => {
  const config = resolveCalicoEbpfDataplane(props);
  const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
  const k3s = k3sManifests(config, layers);
  return writeLayerFolders(out, layers, k3s ? [k3s] : []);
};

describe('gitops.folder', () => {
  it('nests the layer folders and the k3s manifests; k3s file names (Addons) stay flat', () => {
    const config = resolveCalicoEbpfDataplane({ clusterName: 'dev', gitops: { folder: 'clusters/dev', flux: { path: './fleet' } } });
    const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    expect(layers.map((l) => l.name)).toEqual(expect.arrayContaining(['clusters/dev/dev-calico-operator', 'clusters/dev/dev-calico-resources']));
    const flux = layers.find((l) => l.role === 'flux')!.objects.map((o) => [o.metadata.name, (o.spec as { path: string }).path]);
    expect(flux).toEqual([
      ['dev-calico-operator', './fleet/clusters/dev/dev-calico-operator'],
      ['dev-calico-resources', './fleet/clusters/dev/dev-calico-resources'],
    ]);
    const k3s = k3sManifests(config, layers)!;
    expect(k3s.folder).toBe('clusters/dev/dev-calico-k3s-manifests');
    expect(k3s.files.map((f) => [f.path, f.addon])).toEqual([
      ['dev-calico-k3s-0-namespace.yaml', 'dev-calico-k3s-0-namespace'],
      ['dev-calico-k3s-1-operator.yaml', 'dev-calico-k3s-1-operator'],
      ['dev-calico-resources.yaml', 'dev-calico-resources'],
    ]);
  });

  it('is written, recorded, and cleaned up (empty parents too) when the cluster moves', () => {
    const out = mkdtempSync(join(tmpdir(), 'folder-'));
    write(out, { clusterName: 'dev', gitops: { folder: 'clusters/dev' } });
    expect(readdirSync(join(out, 'clusters', 'dev')).sort()).toEqual([
      'dev-calico-flux',
      'dev-calico-k3s-0-namespace',
      'dev-calico-k3s-1-operator',
      'dev-calico-k3s-manifests',
      'dev-calico-operator',
      'dev-calico-resources',
    ]);
    const moved = write(out, { clusterName: 'dev', gitops: { folder: 'clusters/eu/dev' } });
    expect(moved.removed).toContain('clusters/dev/dev-calico-operator');
    expect(existsSync(join(out, 'clusters', 'dev'))).toBe(false);
    expect(readdirSync(join(out, 'clusters'))).toEqual(['eu']);
  });

  it('refuses a folder that could leave the output or is not made of DNS labels', () => {
    for (const folder of ['../x', 'clusters//dev', '/abs', 'Clusters/dev', 'a/b/c/d/e/f/g']) {
      const error = validationErrorOf(() => resolveCalicoEbpfDataplane({ gitops: { folder } }));
      expect(error.problems.map((p) => [p.path, p.message])).toEqual([
        [
          'gitops.folder',
          `'gitops.folder' must be a relative folder of at most 6 lowercase segments (DNS labels) joined by "/", such as "clusters/dev", got ${JSON.stringify(folder)}`,
        ],
      ]);
    }
  });

  it('still needs a name of its own per cluster: the GitOps objects share one Flux namespace or Argo CD', () => {
    const app = new App();
    new CalicoEbpfDataplane(app, 'a', { gitops: { folder: 'clusters/a' } });
    expect(() => new CalicoEbpfDataplane(app, 'b', { gitops: { folder: 'clusters/b' } })).toThrow(
      /^b: layer "calico-k3s-0-namespace" is already written by a: every cluster's layers need their own names/,
    );
  });
});
