/**
 * `preflight`: can this cluster run the configured Calico eBPF dataplane? Facts are read from the
 * API (nodes, kube-system workloads, the kubernetes Service) by `collectPreflightFacts`; the rules
 * below are pure, so they are tested without a server.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import { KubeProxyMode } from '../dataplane/values';
import { LINE_FACTS } from '../releases/calico-releases';
import { cidrsOverlap, parseCidr } from '../validation/cidr';
import { blocker, ok, warning, type Finding } from './findings';

export interface NodeFacts {
  readonly name: string;
  readonly kernel: string;
  readonly osImage: string;
  readonly containerRuntime: string;
  readonly architecture: string;
  readonly operatingSystem: string;
  readonly providerID?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podCIDRs: readonly string[];
  /** k3s/RKE2 record their server/agent flags in this annotation (a JSON array). */
  readonly nodeArgs?: readonly string[];
}

export interface PreflightFacts {
  readonly kubernetesVersion: string;
  readonly nodes: readonly NodeFacts[];
  /** `namespace/name` of DaemonSets that matter: kube-proxy, flannel, calico-node. */
  readonly daemonSets: readonly string[];
  /** kube-proxy's mode from its ConfigMap (`iptables`, `ipvs`, `nftables`), when there is one. */
  readonly kubeProxyMode?: string;
  /** The dataplane of an existing operator Installation, when there is one. */
  readonly installedDataplane?: string;
  /** Whether that Installation has `calicoNetwork.bpfNetworkBootstrap: Enabled`. */
  readonly installedBpfNetworkBootstrap?: boolean;
  /** Whether the operator namespace holds a `kubernetes-services-endpoint` ConfigMap. */
  readonly servicesEndpointConfigMap?: boolean;
  /** Addresses behind the `kubernetes` Service (the API server as pods reach it). */
  readonly apiEndpoints: readonly string[];
}

/** `major.minor.patch` of a kernel release string, and its RHEL build number when it has one. */
export function parseKernel(release: string): { major: number; minor: number; patch: number; rhelBuild?: number } | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-(\d+))?/.exec(release);
  if (!m) return undefined;
  const rhel = /\.el\d/.test(release) && m[4] !== undefined ? Number(m[4]) : undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), ...(rhel !== undefined ? { rhelBuild: rhel } : {}) };
}

/** Whether a kernel meets `minimum` (`"5.10"`); RHEL 8.4's 4.18.0-305 and later count as 5.10 (backports). */
export function kernelAtLeast(release: string, minimum: string): boolean | undefined {
  const k = parseKernel(release);
  if (!k) return undefined;
  const [maj, min] = minimum.split('.').map(Number) as [number, number];
  if (k.major === 4 && k.minor === 18 && k.rhelBuild !== undefined && minimum === '5.10') return k.rhelBuild >= 305;
  return k.major > maj || (k.major === maj && k.minor >= min);
}

/** Which platform the nodes say this is. */
export function inferDistribution(nodes: readonly NodeFacts[]): string | undefined {
  for (const n of nodes) {
    const id = n.providerID ?? '';
    if (n.labels['node.openshift.io/os_id'] !== undefined) return 'openshift';
    if (n.nodeArgs && n.labels['node.kubernetes.io/instance-type'] === 'rke2') return 'rke2';
    if (id.startsWith('k3s://') || n.labels['node.kubernetes.io/instance-type'] === 'k3s') return 'k3s';
    if (id.startsWith('kind://')) return 'kind';
    if (id.startsWith('aws://')) return 'eks';
    if (id.startsWith('azure://')) return 'aks';
    if (id.startsWith('gce://')) return 'gke';
    if (/talos/i.test(n.osImage)) return 'talos';
  }
  return undefined;
}

const semver = (v: string): [number, number] => {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
};

/** The Kubernetes version against the range upstream tests the Calico line with. */
function kubernetesFinding(version: string, config: ResolvedCalicoEbpfDataplane): Finding {
  const [oldest, newest] = LINE_FACTS[config.calicoLine].testedKubernetes;
  const [maj, min] = semver(version);
  const [oMaj, oMin] = semver(oldest);
  const [nMaj, nMin] = semver(newest);
  if (maj === 1 && min <= 20)
    return blocker(
      'kubernetes',
      'cluster',
      `Kubernetes ${version}: Calico does not work on 1.20 or older`,
      `upgrade Kubernetes to ${oldest}–${newest}, the versions Calico ${config.calicoLine} is tested with`,
    );
  const below = maj < oMaj || (maj === oMaj && min < oMin);
  const above = maj > nMaj || (maj === nMaj && min > nMin);
  if (below || above) {
    return warning(
      'kubernetes',
      'cluster',
      `Kubernetes ${version} is outside ${oldest}–${newest}, the versions upstream tests Calico ${config.calicoLine} with`,
      below ? `upgrade Kubernetes to ${oldest} or later` : 'use a Calico release tested with this Kubernetes, or accept the risk',
    );
  }
  return ok('kubernetes', 'cluster', `Kubernetes ${version} (Calico ${config.calicoLine} is tested with ${oldest}–${newest})`);
}

/** Every preflight rule, in the order they are printed. */
export function preflightFindings(facts: PreflightFacts, config: ResolvedCalicoEbpfDataplane): Finding[] {
  const line = LINE_FACTS[config.calicoLine];
  const out: Finding[] = [];
  out.push(kubernetesFinding(facts.kubernetesVersion, config));
  if (facts.nodes.length === 0)
    out.push(
      warning('nodes', 'cluster', 'no Node objects: nothing can be checked per node, and no calico-node will be scheduled', 'join the nodes first'),
    );
  for (const n of facts.nodes) {
    if (n.operatingSystem && n.operatingSystem !== 'linux') {
      out.push(
        warning(
          'os',
          n.name,
          `${n.operatingSystem} node: the eBPF dataplane runs on Linux nodes only`,
          'keep Windows nodes on their own dataplane; calico-node selects kubernetes.io/os=linux',
        ),
      );
      continue;
    }
    const atLeast = kernelAtLeast(n.kernel, line.kernel.minimum);
    if (atLeast === false) {
      out.push(
        blocker(
          'kernel',
          n.name,
          `kernel ${n.kernel} is below ${line.kernel.minimum}, the minimum for the eBPF dataplane of Calico ${config.calicoVersion}`,
          `upgrade the node's kernel to ${line.kernel.minimum} or later${line.kernel.btf ? ' with BTF' : ''}`,
        ),
      );
    } else if (atLeast === undefined) {
      out.push(warning('kernel', n.name, `kernel ${JSON.stringify(n.kernel)} could not be read`, `check it is ${line.kernel.minimum} or later`));
    } else {
      const k = parseKernel(n.kernel)!;
      const exactly = `${k.major}.${k.minor}` === line.kernel.minimum;
      const fragments = line.kernel.btf && exactly && config.felix.spec.bpfIPFragmentReassemblyEnabled !== false;
      out.push(
        fragments
          ? warning(
              'kernel',
              n.name,
              `kernel ${n.kernel}: IP fragment reassembly (on by default in ${config.calicoLine}) needs a kernel newer than ${line.kernel.minimum}`,
              'set felix.ipFragmentReassemblyEnabled false, or Felix on this node stays not ready',
            )
          : ok(
              'kernel',
              n.name,
              `kernel ${n.kernel}${line.kernel.btf ? ` (${config.calicoLine} also needs BTF: /sys/kernel/btf/vmlinux on the node, not visible through the API)` : ''}`,
            ),
      );
    }
    if (!['amd64', 'arm64'].includes(n.architecture))
      out.push(
        warning(
          'architecture',
          n.name,
          `${n.architecture}: Calico's eBPF dataplane is built for amd64 and arm64`,
          'run eBPF on amd64/arm64 nodes only',
        ),
      );
    const runtime = /^(containerd|cri-o):\/\/v?(\d+)\.(\d+)/.exec(n.containerRuntime);
    if (runtime && config.installation.cniSpecVersion === undefined) {
      const old =
        runtime[1] === 'containerd' ? Number(runtime[2]) === 1 && Number(runtime[3]) < 6 : Number(runtime[2]) === 1 && Number(runtime[3]) < 24;
      if (old && config.calicoLine !== 'v3.32')
        out.push(warning('runtime', n.name, `${n.containerRuntime} does not accept CNI config version 1.0.0`, 'set cniSpecVersion "0.3.1"'));
    }
  }
  out.push(...cniFindings(facts));
  out.push(...kubeProxyFindings(facts, config));
  out.push(...podCidrFindings(facts, config));
  const inferred = inferDistribution(facts.nodes);
  const wanted = config.distribution;
  if (inferred && inferred !== wanted) {
    out.push(
      blocker(
        'distribution',
        'cluster',
        `the nodes look like ${inferred} (providerID, labels), but distribution is ${JSON.stringify(wanted)}`,
        `set distribution ${JSON.stringify(inferred === 'gke' ? 'kubeadm' : inferred)} (its preset decides CIDRs, provider and kube-proxy handling)`,
      ),
    );
  } else {
    out.push(ok('distribution', 'cluster', inferred ? `the nodes look like ${inferred}` : `distribution ${wanted} (not inferable from the nodes)`));
  }
  const host = config.apiServer?.host;
  if (
    host !== undefined &&
    typeof host === 'string' &&
    /^[0-9.:a-f]+$/i.test(host) &&
    facts.apiEndpoints.length > 0 &&
    !facts.apiEndpoints.includes(host)
  ) {
    out.push(
      warning(
        'api-endpoint',
        'cluster',
        `apiServer.host ${host} is not one of the addresses the kubernetes Service points at (${facts.apiEndpoints.join(', ')})`,
        'use an address every node reaches the API server on; calico-node and the operator use it before services work',
      ),
    );
  } else if (host !== undefined) {
    out.push(ok('api-endpoint', 'cluster', `apiServer ${String(host)}`));
  }
  return out;
}

function cniFindings(facts: PreflightFacts): Finding[] {
  const out: Finding[] = [];
  const flannel = facts.daemonSets.find((d) => /flannel/.test(d));
  const k3sFlannel = k3sServers(facts.nodes).find((n) => flagValue(n.nodeArgs!, 'flannel-backend') !== 'none');
  if (flannel)
    out.push(
      blocker('cni', flannel, 'flannel runs on this cluster', 'remove it (or migrate with calico-ebpf migrate) before installing Calico as the CNI'),
    );
  else if (k3sFlannel)
    out.push(
      blocker(
        'cni',
        k3sFlannel.name,
        'k3s runs its embedded flannel (no --flannel-backend=none in the node args)',
        'start k3s with --flannel-backend=none --disable-network-policy',
      ),
    );
  const manifestCalico = facts.daemonSets.find((d) => d === 'kube-system/calico-node');
  if (manifestCalico)
    out.push(
      blocker(
        'cni',
        manifestCalico,
        'a manifest-installed Calico runs in kube-system',
        'let the operator take it over (install the operator first, without an Installation), then apply',
      ),
    );
  if (facts.installedDataplane) {
    out.push(
      facts.installedDataplane === 'BPF'
        ? ok('cni', 'Installation default', 'Calico is installed by the operator with the BPF dataplane')
        : warning(
            'cni',
            'Installation default',
            `Calico is installed with the ${facts.installedDataplane} dataplane`,
            'switch it with calico-ebpf migrate (the order matters)',
          ),
    );
  }
  if (!flannel && !k3sFlannel && !manifestCalico && !facts.installedDataplane) out.push(ok('cni', 'cluster', 'no other CNI found'));
  return out;
}

/**
 * k3s/RKE2 server nodes: their node-args annotation starts with "server" (an agent's with "agent",
 * and agents do not carry the server's flags such as --flannel-backend or --disable-kube-proxy).
 */
function k3sServers(nodes: readonly NodeFacts[]): NodeFacts[] {
  return nodes.filter((n) => n.nodeArgs?.[0] === 'server');
}

/**
 * A flag's value in recorded node args: `--name=value`, `--name value`, or `''` for a bare
 * boolean `--name`; undefined when absent.
 */
export function flagValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
    if (a === `--${name}`) {
      const next = args[i + 1];
      return next === undefined || next.startsWith('--') ? '' : next;
    }
  }
  return undefined;
}

/** Whether kube-proxy runs: its DaemonSet, or k3s's embedded one unless --disable-kube-proxy. */
export function kubeProxyRuns(facts: PreflightFacts): boolean {
  if (facts.daemonSets.includes('kube-system/kube-proxy')) return true;
  // A server flag: agents take it from the servers when they start.
  return k3sServers(facts.nodes).some((n) => !['', 'true'].includes(flagValue(n.nodeArgs!, 'disable-kube-proxy') ?? 'false'));
}

function kubeProxyFindings(facts: PreflightFacts, config: ResolvedCalicoEbpfDataplane): Finding[] {
  const runs = kubeProxyRuns(facts);
  const mode = config.kubeProxy;
  const daemonSet = facts.daemonSets.includes('kube-system/kube-proxy');
  if (mode === KubeProxyMode.REPLACE && runs) {
    return [
      blocker(
        'kube-proxy',
        'cluster',
        'kube-proxy runs, but kubeProxy is "replace"',
        daemonSet
          ? 'delete the kube-system/kube-proxy DaemonSet (and its iptables rules) first, or use kubeProxy "operator-managed"'
          : 'restart k3s with --disable-kube-proxy first, or use kubeProxy "coexist"',
      ),
    ];
  }
  if (mode === KubeProxyMode.OPERATOR_MANAGED && !daemonSet) {
    return [
      blocker(
        'kube-proxy',
        'cluster',
        'kubeProxy is "operator-managed" but there is no kube-system/kube-proxy DaemonSet for the operator to manage',
        'use "replace" (kube-proxy already gone) or "coexist"',
      ),
    ];
  }
  if (mode === KubeProxyMode.OPERATOR_MANAGED && facts.kubeProxyMode === 'ipvs') {
    return [
      blocker(
        'kube-proxy',
        'kube-system/kube-proxy',
        'kube-proxy runs in IPVS mode; the operator only takes over an iptables kube-proxy',
        'switch kube-proxy to iptables mode first',
      ),
    ];
  }
  if (mode === KubeProxyMode.COEXIST && !runs) {
    return [
      warning(
        'kube-proxy',
        'cluster',
        'kubeProxy is "coexist" but no kube-proxy runs',
        'use kubeProxy "replace" so Felix also cleans up and serves kube-proxy\'s health port',
      ),
    ];
  }
  return [
    ok(
      'kube-proxy',
      'cluster',
      `${runs ? `kube-proxy runs${facts.kubeProxyMode ? ` (${facts.kubeProxyMode} mode)` : ''}` : 'no kube-proxy'}, as kubeProxy "${mode}" expects`,
    ),
  ];
}

function podCidrFindings(facts: PreflightFacts, config: ResolvedCalicoEbpfDataplane): Finding[] {
  const pools = config.ipPools.map((p) => parseCidr(p.cidr)).filter((p) => p !== undefined);
  // Nodes get a pod CIDR from the controller manager only when it allocates them (k3s, kubeadm do).
  if (pools.length === 0 || facts.nodes.every((n) => n.podCIDRs.length === 0)) return [];
  const outside = facts.nodes.flatMap((n) =>
    n.podCIDRs
      .filter((c) => {
        const parsed = parseCidr(c);
        return parsed && !pools.some((p) => cidrsOverlap(p, parsed));
      })
      .map((c) => `${n.name} ${c}`),
  );
  if (outside.length === 0) return [ok('pod-cidr', 'cluster', 'node pod CIDRs lie inside the pools')];
  return [
    warning(
      'pod-cidr',
      'cluster',
      `node pod CIDRs outside every pool: ${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''}`,
      `make the pools cover the cluster's pod CIDR (podCidrs), or start the cluster with --cluster-cidr=${config.ipPools.map((p) => p.cidr).join(',')}`,
    ),
  ];
}
