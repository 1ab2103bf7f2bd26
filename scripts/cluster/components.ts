/**
 * The real programs of the local control plane, pinned: module, version and the hash of the
 * module zip (`go mod download -json` → `Sum`), plus how upstream builds each one.
 *
 * Why these versions:
 * - k3s tags (`v1.35.1+k3s1`) are not Go module versions, and the module proxy lists one commit of
 *   the module: c5b158798933 (2026-02-11), whose go.mod pins Kubernetes `v1.35.1-k3s1` and whose
 *   scripts/version.sh pins the helm-install Job image `rancher/klipper-helm:v0.9.14-build20260210`.
 *   Its embedded helm-controller is v0.16.17 (go.mod).
 * - tigera-operator v1.42.3 is the operator Calico v3.32.1's chart pins. Its go.mod replaces
 *   `github.com/tigera/operator/api => ./api`, a nested module that the module zip leaves out, and
 *   the proxy does not serve the api module at the tag's commit. It serves it at bb0fdd128e6b
 *   (2026-03-13), an ancestor of the tag whose `api/` differs from the tag's only in go.mod and
 *   go.sum (`git diff --stat bb0fdd128e6b v1.42.3 -- api`: 2 files, no Go source), so the operator
 *   is built from the tag's code with the tag's API types.
 */
import { execFileSync } from 'node:child_process';
import type { GoProgram } from './go-build';

/** The Go version that builds the binaries (k3s refuses to start unless told which one it was). */
function goVersion(): string {
  try {
    return execFileSync(process.env.GO_BIN ?? 'go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const K3S_COMMIT = 'c5b158798933';
/** What the API server reports as its version (`kubectl version`, helm's kubeVersion checks). */
export const K3S_KUBERNETES_VERSION = 'v1.35.1';
export const K3S_VERSION = `${K3S_KUBERNETES_VERSION}+k3s-${K3S_COMMIT}`;

export function k3sProgram(): GoProgram {
  // The same build tags and version variables as k3s's scripts/build, minus what only the agent
  // uses (apparmor/seccomp for runc). UpstreamGolang: k3s checks at start that the binary was built
  // with the Go version Kubernetes upstream uses (go1.25.x for 1.35); only this machine's Go is
  // available, so the check is told the truth about it instead.
  const x = (pkg: string, value: string): string => `-X ${pkg}=${value}`;
  return {
    name: 'k3s',
    module: 'github.com/k3s-io/k3s',
    version: `v1.35.1-0.20260211145931-${K3S_COMMIT}`,
    sum: 'h1:UN67bsRiANznNwJAbhU6K3WxePAj/Dn+ttG15Z5GUZg=',
    pkg: './cmd/server',
    cgo: true,
    cgoCflags: '-DSQLITE_ENABLE_DBSTAT_VTAB=1 -DSQLITE_USE_ALLOCA=1',
    // scripts/build copies the packaged manifests (coredns, rolebindings, …) in to be embedded and
    // staged into the manifests folder at start. It also embeds build/static (the traefik chart,
    // downloaded by scripts/download): traefik is disabled here, so that folder stays empty.
    copies: [['manifests', 'pkg/deploy/embed']],
    tags: ['ctrd', 'netcgo', 'osusergo', 'providerless', 'urfave_cli_no_docs', 'sqlite_omit_load_extension'],
    ldflags: [
      '-w',
      '-s',
      x('github.com/k3s-io/k3s/pkg/version.Version', K3S_VERSION),
      x('github.com/k3s-io/k3s/pkg/version.GitCommit', K3S_COMMIT.slice(0, 8)),
      x('github.com/k3s-io/k3s/pkg/version.UpstreamGolang', goVersion()),
      x('k8s.io/client-go/pkg/version.gitVersion', K3S_VERSION),
      x('k8s.io/component-base/version.gitVersion', K3S_VERSION),
      x('k8s.io/component-base/version.gitMajor', '1'),
      x('k8s.io/component-base/version.gitMinor', '35'),
      x('github.com/k3s-io/helm-controller/pkg/controllers/chart.DefaultJobImage', 'rancher/klipper-helm:v0.9.14-build20260210'),
    ],
    describe: `k3s ${K3S_VERSION} (github.com/k3s-io/k3s@${K3S_COMMIT}, helm-controller v0.16.17)`,
  };
}

/** Operator release per Calico release: only the ones a pinned module exists for can run here. */
export const OPERATOR_PROGRAMS: Readonly<Record<string, () => GoProgram>> = {
  'v1.42.3': () => ({
    name: 'tigera-operator',
    module: 'github.com/tigera/operator',
    version: 'v1.42.3',
    sum: 'h1:dNXhLahS2j+KvRuWfTu1ulzrnr7YprHNOvctzdsE5Mo=',
    pkg: './cmd',
    localModules: [
      {
        module: 'github.com/tigera/operator/api',
        version: 'v0.0.0-20260313201632-bb0fdd128e6b',
        sum: 'h1:W4vh4FdGnfByhDSzXExYEN1BRCYz5XS9htlohEKn8HA=',
        dir: 'api',
      },
    ],
    // The Istio charts the operator embeds are downloaded by its Makefile from Google storage,
    // which is not reachable here, and istio.io/istio 1.29.4 is not served by the module proxy.
    // Empty files let it build; they are read only when an Istio resource is reconciled, which
    // needs Installation status (a running calico-node), which no cluster without a kubelet has.
    emptyFiles: ['pkg/render/istio/base.tgz', 'pkg/render/istio/istiod.tgz', 'pkg/render/istio/cni.tgz', 'pkg/render/istio/ztunnel.tgz'],
    ldflags: ['-s', '-w', '-X github.com/tigera/operator/version.VERSION=v1.42.3'],
    describe: 'tigera-operator v1.42.3 (github.com/tigera/operator@v1.42.3, Calico v3.32.1 images)',
  }),
};
