/**
 * The seed's cluster: k3d (k3s) keeping its embedded kube-proxy, Istio, Tunnel mode, Flux.
 *
 *   npm run synth        # writes dist/calico/<layer>/<Kind>.<name>.k8s.yaml and dist/k3d-dev.yaml
 *
 * Bring the cluster up with `k3d cluster create --config dist/k3d-dev.yaml` (k3s installs Calico
 * from the bootstrap manifests in dist/calico/calico-k3s-manifests: no CNI needed), then commit
 * dist/calico to the Git repository Flux watches, at gitops.flux.path, and point your cluster's
 * Kustomization at dist/calico/calico-flux (docs/lifecycle.md has the hand-over steps).
 */
import { join } from 'node:path';
import { App } from 'cdk8s';
import { CalicoEbpfDataplane, CalicoValidationError } from '../../lib/cdk8s';

export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new CalicoEbpfDataplane(app, 'calico', {
    distribution: 'k3s',
    kubeProxy: 'coexist',
    serviceMesh: 'istio',
    externalServiceMode: 'Tunnel',
    gitops: { flavor: 'flux', flux: { path: './dist/calico' } },
    // Also write dist/k3d-dev.yaml, beside the GitOps folder (it is no Kubernetes object):
    // `k3d cluster create --config` on it starts k3s without flannel and installs Calico from the
    // bootstrap manifests it reads from dist/calico/calico-k3s-manifests.
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
    // cdk8s synth's --output), and the k3d config beside them. Warnings (map-resize caveats, the
    // memory calico-node's limit must cover) go to stderr. app.synth() would also write each layer
    // chart the cdk8s way (<construct>-<layer>-<hash>): fine for review, not what Flux reads.
    CalicoEbpfDataplane.writeLayers(app, join(app.outdir, 'calico'));
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
