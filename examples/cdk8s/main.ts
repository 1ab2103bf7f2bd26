/**
 * The seed's cluster: k3d (k3s) keeping its embedded kube-proxy, Istio, Tunnel mode, Flux.
 *
 *   npm run synth        # writes dist/<layer>/<Kind>.<name>.k8s.yaml
 *
 * Bring the cluster up with `k3d cluster create --config dist/calico-k3d/Simple.dev.k8s.yaml`
 * (k3s installs Calico from the embedded bootstrap manifests: no CNI needed), then commit dist/
 * to the Git repository Flux watches, at gitops.flux.path, and point your cluster's Kustomization
 * at dist/calico-flux (README "Lifecycle" has the hand-over steps).
 */
import { App } from 'cdk8s';
import { CalicoEbpfDataplane, CalicoValidationError } from '../../lib/cdk8s';

export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new CalicoEbpfDataplane(app, 'calico', {
    distribution: 'k3s',
    kubeProxy: 'coexist',
    serviceMesh: 'istio',
    externalServiceMode: 'Tunnel',
    gitops: { flavor: 'flux', flux: { path: './dist' } },
    // Also write dist/calico-k3d/Simple.dev.k8s.yaml: `k3d cluster create --config` on it starts k3s
    // without flannel and installs Calico from the embedded bootstrap manifests.
    k3d: { name: 'dev' },
    felix: {
      // k3d nodes share the laptop's kernel: size the BPF maps for a dev cluster instead of
      // Felix's production defaults (~8 MiB of tunable maps per node instead of ~94 MiB).
      // `npx calico-ebpf tune --profile k3d-dev` shows the sizes, the memory and the caveats.
      scale: 'k3d-dev',
      prometheusMetricsEnabled: true,
    },
  });
  return app;
}

if (require.main === module) {
  try {
    const app = buildApp();
    // The layer folders the Flux objects reference, at gitops.flux.path (app.outdir is dist/, or
    // cdk8s synth's --output). Warnings (map-resize caveats, the memory calico-node's limit must
    // cover) go to stderr. app.synth() would also write each layer chart the cdk8s way
    // (<construct>-<layer>-<hash>): fine for review, not what Flux reads.
    CalicoEbpfDataplane.writeLayers(app, app.outdir);
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
