/**
 * Props and values that exist only from some Calico release on: one table, which the resolvers ask
 * and the README lists. Using one with an older `calicoVersion` is an error that names the prop,
 * the version and the first version that has it — the API server would otherwise prune the field
 * silently, or the operator would reject the value.
 */
import { ProblemCode, type Problems, show } from '../validation/errors';
import { compareTags } from './calico-releases';

export interface VersionGate {
  /** Prop path as users write it (`felix.` prefix for FelixBpfTuning props inside the dataplane is added by the caller). */
  readonly prop: string;
  /** When only one value of the prop is new. */
  readonly value?: string;
  readonly since: string;
  /** The upstream field it writes, for the README. */
  readonly writes: string;
}

export const VERSION_GATES: readonly VersionGate[] = [
  { prop: 'attachType', value: 'Netkit', since: 'v3.33.0', writes: 'FelixConfiguration bpfAttachType' },
  { prop: 'ipFragmentReassemblyEnabled', since: 'v3.33.0', writes: 'FelixConfiguration bpfIPFragmentReassemblyEnabled' },
  { prop: 'ipFragTimeout', since: 'v3.33.0', writes: 'FelixConfiguration bpfIPFragTimeout' },
  { prop: 'overlayHostSourceIP', since: 'v3.33.0', writes: 'FelixConfiguration bpfOverlayHostSourceIP' },
  { prop: 'linuxPodInterfaceType', since: 'v3.33.0', writes: 'Installation calicoNetwork.linuxPodInterfaceType' },
  { prop: 'clusterRoutingMode', value: 'FelixIPIPOnly', since: 'v3.33.0', writes: 'Installation calicoNetwork.clusterRoutingMode' },
  { prop: 'imagePullPolicy', since: 'v3.33.0', writes: "Installation imagePullPolicy and the chart's tigeraOperator.imagePullPolicy" },
  { prop: 'cniSpecVersion', since: 'v3.33.0', writes: 'Installation cni.specVersion' },
  { prop: 'typhaPodDisruptionBudget', since: 'v3.33.0', writes: 'Installation typhaPodDisruptionBudget' },
];

function gateFor(prop: string, value?: unknown): VersionGate | undefined {
  const bare = prop.replace(/^felix\./, '');
  return VERSION_GATES.find((g) => g.prop === bare && (g.value === undefined || g.value === value));
}

/**
 * Reports a prop (or value) the chosen release does not have; returns true when it may be used.
 * Props without a gate are always available.
 */
export function checkAvailable(problems: Problems, calicoVersion: string, path: string, value?: unknown): boolean {
  const gate = gateFor(path, value);
  if (!gate || !/^v\d+\.\d+\.\d+$/.test(calicoVersion) || compareTags(calicoVersion, gate.since) >= 0) return true;
  const what = gate.value !== undefined ? `'${path}' ${show(gate.value)}` : `'${path}'`;
  problems.add(
    ProblemCode.UNSUPPORTED_VERSION,
    path,
    `${what} needs Calico ${gate.since} or later (it writes ${gate.writes}), but calicoVersion is ${show(calicoVersion)}; set calicoVersion to ${gate.since} or later, or remove it`,
  );
  return false;
}
