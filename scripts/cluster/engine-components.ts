/**
 * The real engines users run over our output, pinned like the control plane in components.ts:
 * the Pulumi CLI and the pulumi-kubernetes resource provider (built from their Go modules, since
 * the npm package's provider download cannot reach its host here).
 *
 * Why these versions:
 * - The Pulumi CLI is `github.com/pulumi/pulumi/pkg/v3` at v3.248.0, the version of the
 *   `@pulumi/pulumi` SDK in package.json. Its go.mod replaces `sdk/v3 => ../sdk`, so the SDK module
 *   of the same version is placed beside it.
 * - The provider module `github.com/pulumi/pulumi-kubernetes/provider/v4` is served by the module
 *   proxy at one commit only, f47bc2d6f199 (2026-01-15), whose go.mod requires the v4.24.0 SDK; its
 *   go.mod replaces `sdk/v4 => ../sdk`, which only the code generator's templates import, so the
 *   v4.24.0 SDK module fills that place. Upstream's Makefile writes the schema the binary embeds
 *   with `go generate` (VERSION stamped into it); so does the build here.
 * - The Node language host (`pulumi-language-nodejs`, a nested module of the Pulumi repository) is
 *   not served by the module proxy at any version, so the engine is given the program through the
 *   Automation API's in-process language runtime (`pulumi up --client=…`, what `LocalWorkspace`
 *   does for inline programs): see scripts/engines/pulumi.ts.
 */
import type { GoProgram } from './go-build';

export const PULUMI_VERSION = 'v3.248.0';
const PROVIDER_COMMIT = 'f47bc2d6f199';
/** What the provider reports as its version: its module pseudo-version (semver, as the engine requires of a plugin), since no release tag of it is served. */
export const PULUMI_KUBERNETES_VERSION = `4.0.0-20260115033456-${PROVIDER_COMMIT}`;

export function pulumiProgram(): GoProgram {
  return {
    name: 'pulumi',
    module: 'github.com/pulumi/pulumi/pkg/v3',
    version: PULUMI_VERSION,
    sum: 'h1:MkvI29cYE3QUEvSl+7kZrV5lQ6CBIt54WjYt2HEXDSg=',
    mainDir: 'pkg',
    localModules: [
      { module: 'github.com/pulumi/pulumi/sdk/v3', version: PULUMI_VERSION, sum: 'h1:TwY9uuToQO8xIey4a7awRzNX7iJ/doDmZkl1MzxULCE=', dir: '../sdk' },
    ],
    pkg: './cmd/pulumi',
    ldflags: ['-s', '-w', `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}`],
    describe: `pulumi ${PULUMI_VERSION} (github.com/pulumi/pulumi/pkg/v3@${PULUMI_VERSION})`,
  };
}

export function pulumiKubernetesProgram(): GoProgram {
  return {
    name: 'pulumi-resource-kubernetes',
    module: 'github.com/pulumi/pulumi-kubernetes/provider/v4',
    version: `v4.0.0-20260115033456-${PROVIDER_COMMIT}`,
    sum: 'h1:j2bphCf7c2YhnBrhwht2f3TNRRgcMImltUlAgzxr9H4=',
    mainDir: 'provider',
    localModules: [
      {
        module: 'github.com/pulumi/pulumi-kubernetes/sdk/v4',
        version: 'v4.24.0',
        sum: 'h1:dlDJvsugKow8tCaD0yJngc7PXdv8WT2YwPEUmj48tF4=',
        dir: '../sdk',
      },
    ],
    generate: [{ pkg: './cmd/pulumi-resource-kubernetes', env: { VERSION: PULUMI_KUBERNETES_VERSION } }],
    pkg: './cmd/pulumi-resource-kubernetes',
    ldflags: ['-s', '-w', `-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${PULUMI_KUBERNETES_VERSION}`],
    describe: `pulumi-kubernetes provider ${PULUMI_KUBERNETES_VERSION} (github.com/pulumi/pulumi-kubernetes/provider/v4@${PROVIDER_COMMIT})`,
  };
}

/**
 * Flux's controllers, the newest versions whose dependencies the module proxy serves and that build
 * with Go 1.26: source- and kustomize-controller v1.10 need Go 1.27; source-controller v1.9.4–v1.9.6
 * need github.com/fluxcd/pkg/artifact v0.18.2/v0.18.3, which the proxy does not serve, so
 * source-controller is v1.9.3 (artifact v0.18.1), the same source.toolkit.fluxcd.io/v1 API; and
 * helm-controller v1.6.3 replaces helm.sh/helm/v4 with Flux's fork v4.2.4-flux.1, which is not
 * served either, so helm-controller is v1.6.2 (upstream Helm v4.2.2). Each module replaces its `api` module with `./api`, a
 * nested module the zip leaves out: the api module of the same version fills that place. Upstream's
 * Dockerfile builds `main.go` with CGO off and no tags or ldflags; so does the build here.
 */
function fluxController(name: string, version: string, sum: string, apiSum: string): GoProgram {
  return {
    name,
    module: `github.com/fluxcd/${name}`,
    version,
    sum,
    localModules: [{ module: `github.com/fluxcd/${name}/api`, version, sum: apiSum, dir: 'api' }],
    pkg: '.',
    describe: `${name} ${version} (github.com/fluxcd/${name}@${version})`,
  };
}

export const FLUX_CONTROLLERS = {
  source: () =>
    fluxController(
      'source-controller',
      'v1.9.3',
      'h1:Zj1gfvK/2MFIm/K3vh5fSHoJBoggLKMuLWf5ZEmaF0w=',
      'h1:Z5Id6iPV+n1OY/14dpC18PaHRATzAyZkjAzDNYxSl4E=',
    ),
  kustomize: () =>
    fluxController(
      'kustomize-controller',
      'v1.9.6',
      'h1:XB+G3A0mky0j5uVHZWv4oSlS2RvZBoNIUhstIvY0JKE=',
      'h1:7XiuW+l3YYXWeIwLJ8w34zHlJyMUEKosBIxLIki9J3I=',
    ),
  helm: () =>
    fluxController('helm-controller', 'v1.6.2', 'h1:cEirkQjLFF721EomwtH5fHuhpiYCW9HkAje1HTzCTsM=', 'h1:oH3kXfiSVDKB5Mmh7tF4ywC2yK1Ui7enjt7GKWJbTxM='),
} as const;
