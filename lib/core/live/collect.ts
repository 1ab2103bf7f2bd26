/** Reads the facts the preflight and migrate rules need from a live cluster (read-only). */
import type { LiveCluster, LiveObject } from './cluster';
import type { NodeFacts, PreflightFacts } from './preflight';

function nodeFacts(n: LiveObject): NodeFacts {
  const info = (n.status?.nodeInfo ?? {}) as Record<string, string>;
  const annotations = n.metadata.annotations ?? {};
  const spec = (n.spec ?? {}) as { providerID?: string; podCIDRs?: string[]; podCIDR?: string };
  let nodeArgs: string[] | undefined;
  const raw = annotations['k3s.io/node-args'] ?? annotations['rke2.io/node-args'];
  if (raw) {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (Array.isArray(parsed)) nodeArgs = parsed.map(String);
    } catch {
      // An annotation that is not JSON says nothing about the flags.
    }
  }
  return {
    name: n.metadata.name,
    kernel: info.kernelVersion ?? '',
    osImage: info.osImage ?? '',
    containerRuntime: info.containerRuntimeVersion ?? '',
    architecture: info.architecture ?? n.metadata.labels?.['kubernetes.io/arch'] ?? '',
    operatingSystem: info.operatingSystem ?? n.metadata.labels?.['kubernetes.io/os'] ?? '',
    ...(spec.providerID ? { providerID: spec.providerID } : {}),
    labels: n.metadata.labels ?? {},
    podCIDRs: spec.podCIDRs ?? (spec.podCIDR ? [spec.podCIDR] : []),
    ...(nodeArgs ? { nodeArgs } : {}),
  };
}

/** The facts preflight judges, read with get/list only. */
export async function collectPreflightFacts(cluster: LiveCluster, operatorNamespace = 'tigera-operator'): Promise<PreflightFacts> {
  const [kubernetesVersion, nodes, ...daemonSetLists] = await Promise.all([
    cluster.version(),
    cluster.list('v1', 'Node'),
    ...['kube-system', 'kube-flannel', 'calico-system'].map((ns) => cluster.list('apps/v1', 'DaemonSet', ns)),
  ]);
  const daemonSets = daemonSetLists.flat().map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
  const proxyConfig = await cluster.get('v1', 'ConfigMap', 'kube-proxy', 'kube-system');
  const mode = /^\s*mode:\s*"?(\w*)"?/m.exec(String((proxyConfig?.data as Record<string, string> | undefined)?.['config.conf'] ?? ''))?.[1];
  const installation = await cluster.get('operator.tigera.io/v1', 'Installation', 'default');
  const calicoNetwork = (installation?.spec as { calicoNetwork?: { linuxDataplane?: string; bpfNetworkBootstrap?: string } } | undefined)
    ?.calicoNetwork;
  const dataplane = installation ? (calicoNetwork?.linuxDataplane ?? 'Iptables') : undefined;
  const endpointConfigMap = await cluster.get('v1', 'ConfigMap', 'kubernetes-services-endpoint', operatorNamespace);
  const slices = await cluster.list('discovery.k8s.io/v1', 'EndpointSlice', 'default', 'kubernetes.io/service-name=kubernetes');
  const apiEndpoints = slices.flatMap((s) => ((s.endpoints ?? []) as { addresses?: string[] }[]).flatMap((e) => e.addresses ?? []));
  return {
    kubernetesVersion,
    nodes: nodes.map(nodeFacts),
    daemonSets,
    ...(mode ? { kubeProxyMode: mode } : mode === '' ? { kubeProxyMode: 'iptables' } : {}),
    ...(dataplane ? { installedDataplane: dataplane } : {}),
    ...(calicoNetwork?.bpfNetworkBootstrap === 'Enabled' ? { installedBpfNetworkBootstrap: true } : {}),
    servicesEndpointConfigMap: endpointConfigMap !== undefined,
    apiEndpoints,
  };
}
