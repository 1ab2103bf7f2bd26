/**
 * A fleet in one App: three clusters from one list of cluster descriptions — a k3d dev cluster
 * bootstrapped by k3s alone, a small cluster handed to Flux and a medium one handed to Argo CD.
 * Every cluster's output lives in its own folder (`clusters/<name>/`) and its GitOps object names
 * derive from its name (`<name>-calico-…`), so one Git repository holds them all.
 *
 *   npm run synth:fleet      # writes dist/fleet/clusters/<name>/<name>-calico-<layer>/…, one line per cluster
 */
import { App } from 'cdk8s';
import { CalicoEbpfDataplane, FelixBpfTuning, type CalicoEbpfDataplaneProps, type ScaleProfile } from '../../lib/cdk8s';

/** What a platform team writes down per cluster. */
export interface ClusterDescription {
  readonly name: string;
  readonly scale: ScaleProfile;
  readonly gitops: CalicoEbpfDataplaneProps['gitops'];
  /** Also write a k3d config for this cluster. */
  readonly k3d?: boolean;
  /** Nodes that get BPF debug logging. */
  readonly debugNodes?: readonly string[];
}

export const FLEET: readonly ClusterDescription[] = [
  { name: 'dev', scale: 'k3d-dev', gitops: { flavor: 'k3s' }, k3d: true, debugNodes: ['k3d-dev-agent-0'] },
  { name: 'small', scale: 'small', gitops: { flavor: 'flux', flux: { path: './dist/fleet' } } },
  { name: 'medium', scale: 'medium', gitops: { flavor: 'argocd', argocd: { repoURL: 'https://git.example.com/platform.git', path: 'dist/fleet' } } },
];

export function buildFleet(clusters: readonly ClusterDescription[] = FLEET, outdir = 'dist/fleet'): App {
  const app = new App({ outdir });
  for (const cluster of clusters) {
    const calico = new CalicoEbpfDataplane(app, cluster.name, {
      clusterName: cluster.name,
      distribution: 'k3s',
      serviceMesh: 'istio',
      felix: { scale: cluster.scale },
      gitops: { ...cluster.gitops, folder: `clusters/${cluster.name}` },
      ...(cluster.k3d ? { k3d: { agents: 2 } } : {}),
    });
    // Per-node tuning belongs to its cluster: placed in that dataplane's resources chart.
    for (const node of cluster.debugNodes ?? []) new FelixBpfTuning(calico.resourcesChart, `debug-${node}`, { nodeName: node, logLevel: 'Debug' });
  }
  return app;
}

if (require.main === module) {
  const app = buildFleet();
  // Every cluster's layer folders in one go, so one record lists them all (see docs/cdk8s.md);
  // then what each cluster's folder holds, one line each.
  for (const line of CalicoEbpfDataplane.writeLayers(app, app.outdir).summaries) console.log(line);
}
