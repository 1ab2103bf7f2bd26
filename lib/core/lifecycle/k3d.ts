/**
 * A k3d cluster in one file: a `k3d.io/v1alpha5` Simple config that starts k3s the way Calico
 * eBPF needs it and puts the k3s bootstrap manifests onto the servers (`files:`, read from the
 * output folder by relative path → `k3s-manifests/…`, which k3s applies at start). `k3d cluster create --config <file>` then brings up
 * a cluster whose network is Calico eBPF, with no other step.
 *
 * Server flags (k3d's own Calico guide, k3s docs): `--flannel-backend=none` and
 * `--disable-network-policy` (Calico is the CNI and the policy engine), `--cluster-cidr` /
 * `--service-cidr` equal to the pools and service CIDRs (k3s hands them to the components that
 * need them), `--disable-kube-proxy` when Calico replaces kube-proxy.
 */
import type { KubeObject } from '../dataplane/kube';
import type { K3dProps } from '../dataplane/dataplane-props';
import { Distribution, KubeProxyMode } from '../dataplane/values';
import { k3sServerFlags } from '../distributions/cluster-setup';
import type { PresetName } from '../distributions/presets';
import { checkString, isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';
import { cidrsOverlap, parseCidr } from '../validation/cidr';
import { DEFAULT_K3D_SUBNET, k3dServer0Address } from './k3d-network';
import type { K3sManifestFile } from '../gitops/k3s-manifests';

export interface ResolvedK3d {
  readonly name: string;
  readonly servers: number;
  readonly agents: number;
  readonly image?: string;
  /** The network range k3d creates (server-0 is its third host address: k3d-network.ts). */
  readonly subnet?: string;
  /** k3s server arguments, in the order they are written. */
  readonly serverArgs: readonly string[];
}

interface ClusterFacts {
  readonly distribution: PresetName;
  /** The pod CIDRs k3s starts with (`--cluster-cidr`): the pools lie inside them. */
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly kubeProxy: KubeProxyMode;
  readonly clusterName?: string;
  /** Whether the user gave apiServer (otherwise kubeProxy "replace" takes server-0's address from the subnet). */
  readonly apiServerGiven: boolean;
}

/**
 * Why no warning about the node containers' `/` being a shared mount (calico-node mounts /sys/fs
 * with Bidirectional propagation): k3d makes it shared itself — since v5.6.2 its `K3D_FIX_MOUNTS`
 * entrypoint fix (`mount --make-rshared /` in every server and agent container) is on unless
 * `K3D_FIX_MOUNTS=false` (k3d-io/k3d v5.9.0 pkg/types/fixes/fixes.go; opt-in in v5.5.0–v5.6.0). The
 * setups known to fail are named in docs/distributions.md instead of warning on every k3d config.
 */
export function resolveK3d(props: K3dProps | undefined, facts: ClusterFacts, problems: Problems): ResolvedK3d | undefined {
  if (props === undefined) return undefined;
  if (!isPlainObject(props)) {
    problems.add(ProblemCode.INVALID_VALUE, 'k3d', `'k3d' must be an object { name, servers, agents, image }, got ${show(props)}`);
    return undefined;
  }
  if (facts.distribution !== Distribution.K3S) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'k3d',
      `'k3d' needs distribution "k3s" (k3d runs k3s), got ${show(facts.distribution)}; remove 'k3d' or set distribution "k3s"`,
    );
  }
  const name = props.name ?? facts.clusterName ?? 'calico';
  if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/.test(name)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'k3d.name',
      `'k3d.name' must be a hostname label (lowercase letters, digits and '-', at most 32), got ${show(name)}`,
    );
  }
  const servers = props.servers ?? 1;
  const agents = props.agents ?? 2;
  if (props.image !== undefined) checkString(problems, 'k3d.image', props.image);
  const serverArgs = k3sServerFlags(facts);
  const subnet = resolveSubnet(props.subnet, facts, problems);
  return { name, servers, agents, ...(props.image !== undefined ? { image: props.image } : {}), ...(subnet ? { subnet } : {}), serverArgs };
}

function resolveSubnet(given: unknown, facts: ClusterFacts, problems: Problems): string | undefined {
  const subnet = given ?? (facts.kubeProxy === KubeProxyMode.REPLACE && !facts.apiServerGiven ? DEFAULT_K3D_SUBNET : undefined);
  if (subnet === undefined) return undefined;
  if (typeof subnet !== 'string' || k3dServer0Address(subnet) === undefined || parseCidr(subnet)?.hostBitsSet) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'k3d.subnet',
      `'k3d.subnet' must be an IPv4 network of at least 8 addresses without host bits, e.g. "${DEFAULT_K3D_SUBNET}", got ${show(subnet)}`,
    );
    return undefined;
  }
  const network = parseCidr(subnet)!;
  const clash = [...facts.podCidrs, ...facts.serviceCidrs].find((c) => {
    const other = parseCidr(c);
    return other !== undefined && cidrsOverlap(network, other);
  });
  if (clash !== undefined) {
    problems.add(
      ProblemCode.OVERLAPPING_CIDRS,
      'k3d.subnet',
      `'k3d.subnet' ${show(subnet)} overlaps ${show(clash)}, a pod or service range of the cluster: the nodes' network must be apart from them; choose another range`,
    );
  }
  return subnet;
}

/**
 * The k3d config; `files` are the k3s manifests it puts onto the servers, which k3s applies at
 * start. They are referenced by path (`sourceDir`, relative to the config file), not embedded:
 * k3d expands environment variables in the whole config file before reading it (k3d v5.9.0
 * cmd/util/config/config.go, `os.ExpandEnv`), which would turn `{{ $labels.pod }}` in an alert or
 * `${datasource}` in the dashboard into empty strings; a referenced file is read as it is
 * (pkg/util/files.go, ReadFileSource, relative to the config file's folder).
 */
export function renderK3dConfig(
  config: { readonly k3d?: ResolvedK3d },
  files: readonly Pick<K3sManifestFile, 'path'>[],
  sourceDir: string,
): KubeObject {
  const k3d = config.k3d!;
  const servers = ['server:*'];
  return {
    apiVersion: 'k3d.io/v1alpha5',
    kind: 'Simple',
    metadata: { name: k3d.name },
    servers: k3d.servers,
    agents: k3d.agents,
    ...(k3d.image ? { image: k3d.image } : {}),
    ...(k3d.subnet ? { subnet: k3d.subnet } : {}),
    options: { k3s: { extraArgs: k3d.serverArgs.map((arg) => ({ arg, nodeFilters: servers })) } },
    files: files.map((f) => ({
      description: `Calico eBPF bootstrap: ${f.path}`,
      source: `${sourceDir}/${f.path}`,
      destination: `k3s-manifests/${f.path}`,
      nodeFilters: servers,
    })),
  };
}
