/**
 * What the map-sizing calculator needs to know about a cluster, the named profiles, and the
 * resolution of both into one fully defaulted, validated description.
 */
import { checkKnownKeys, checkOneOf, isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';

/** Which IP families the cluster runs. */
export const IpFamilies = { IPV4: 'IPv4', IPV6: 'IPv6', DUAL_STACK: 'DualStack' } as const;
export type IpFamilies = (typeof IpFamilies)[keyof typeof IpFamilies];

/** Named cluster sizes; each is documented with its numbers in `SCALE_PROFILES`. */
export const ScaleProfile = { K3D_DEV: 'k3d-dev', SMALL: 'small', MEDIUM: 'medium', LARGE: 'large' } as const;
export type ScaleProfile = (typeof ScaleProfile)[keyof typeof ScaleProfile];

/**
 * A cluster's scale, as seen from one node. Numbers are upper bounds you plan for, not averages
 * of a quiet day. Start from a `profile` and override what you know, or give `nodes` and
 * `services` and let the rest default.
 */
export interface ClusterScale {
  /** Start from a named profile; every field given here replaces the profile's value. @default - none: `nodes` and `services` are required */
  readonly profile?: ScaleProfile;
  /** Nodes in the cluster (IPAM blocks and host routes grow with it). @default - the profile's; required without one */
  readonly nodes?: number;
  /** Pods per node (workload interfaces, local routes). Give this or `pods`. @default 110 (kubelet's max-pods) */
  readonly podsPerNode?: number;
  /** Pods in the whole cluster; divided over the nodes. Give this or `podsPerNode`. @default - podsPerNode × nodes */
  readonly pods?: number;
  /** Kubernetes Services with a ClusterIP (headless services need no NAT entries). @default - the profile's; required without one */
  readonly services?: number;
  /** Average ports per service; each port is its own frontend and backend set. @default 1 */
  readonly portsPerService?: number;
  /** Ready endpoints over all services. Give this or `endpointsPerService`. @default - endpointsPerService × services */
  readonly endpoints?: number;
  /** Average ready endpoints per service. @default 3 */
  readonly endpointsPerService?: number;
  /** Services of type LoadBalancer (one ingress IP per family; they also get NodePorts). @default 0 */
  readonly loadBalancerServices?: number;
  /** `externalIPs` over all services. @default 0 */
  readonly externalIPs?: number;
  /** Services of type NodePort (not counting LoadBalancer services). @default 0 */
  readonly nodePortServices?: number;
  /** Global-unicast addresses per family on each node (each is a NodePort frontend). @default 1 */
  readonly hostIPsPerNode?: number;
  /** Services with `sessionAffinity: ClientIP`. @default 0 */
  readonly sessionAffinityServices?: number;
  /** Distinct client IPs per affinity service within its affinity timeout. @default 1000 */
  readonly affinityClientsPerService?: number;
  /** Connections open at the same time through one node (its pods and host). @default 10000 */
  readonly connectionsPerNode?: number;
  /** New connections per second through one node (each leaves its conntrack entry behind for `connectionLingerSeconds`). @default 100 */
  readonly newConnectionsPerSecond?: number;
  /**
   * How long a closed connection's conntrack entry lingers: the FIN timeout (`Auto` copies the
   * host's `nf_conntrack_tcp_timeout_time_wait`, 120 s by default; UDP entries expire after 60 s).
   * @default 120
   */
  readonly connectionLingerSeconds?: number;
  /**
   * Share (0–1) of connections NATed by the TC programs, which costs 2 conntrack entries instead
   * of 1: UDP to services, NodePort/LoadBalancer traffic from outside, and every service
   * connection when connect-time load balancing is off (the setting used with a service mesh).
   * @default 1
   */
  readonly tcNatShare?: number;
  /**
   * Distinct selectors referenced in the rules of the policies that apply on a node; each becomes
   * an IP set of the endpoints it matches. Give these two or `ipSetMembersPerNode`.
   * @default 1
   */
  readonly policySelectors?: number;
  /** Average endpoint IPs a policy selector matches. @default every pod in the cluster (as `all()` does) */
  readonly podsPerSelector?: number;
  /** IP-set members programmed on a node, when you know the total. @default policySelectors × podsPerSelector */
  readonly ipSetMembersPerNode?: number;
  /** Host-namespace interfaces per node besides pod veths (NICs, lo, tunnels, bpfout.cali, bridges). @default 8 */
  readonly hostInterfacesPerNode?: number;
  /** Possible CPUs per node (per-CPU maps multiply by it; on VMs it can exceed the online CPUs). @default 8 */
  readonly cpusPerNode?: number;
  /** IP families. With IPv6 Felix keeps an IPv6 map set next to the IPv4 one, which always exists. @default "IPv4" */
  readonly ipFamilies?: IpFamilies;
  /** Every recommended size is at least this many times the modeled need. @default 2 */
  readonly headroom?: number;
}

/** A scale with every number decided. */
export interface ResolvedClusterScale {
  readonly profile?: ScaleProfile;
  readonly nodes: number;
  readonly podsPerNode: number;
  readonly services: number;
  readonly portsPerService: number;
  readonly endpoints: number;
  readonly loadBalancerServices: number;
  readonly externalIPs: number;
  readonly nodePortServices: number;
  readonly hostIPsPerNode: number;
  readonly sessionAffinityServices: number;
  readonly affinityClientsPerService: number;
  readonly connectionsPerNode: number;
  readonly newConnectionsPerSecond: number;
  readonly connectionLingerSeconds: number;
  readonly tcNatShare: number;
  readonly ipSetMembersPerNode: number;
  readonly hostInterfacesPerNode: number;
  readonly cpusPerNode: number;
  readonly ipFamilies: IpFamilies;
  readonly headroom: number;
}

type NumericField = Exclude<keyof ClusterScale, 'profile' | 'ipFamilies'>;

/** Accepted range of each number; `integer` ones are counts. Also the CLI's flag list. */
export const SCALE_NUMBER_FIELDS: Readonly<Record<NumericField, { readonly min: number; readonly max: number; readonly integer: boolean }>> = {
  nodes: { min: 1, max: 100_000, integer: true },
  podsPerNode: { min: 1, max: 2_000, integer: true },
  pods: { min: 1, max: 10_000_000, integer: true },
  services: { min: 0, max: 1_000_000, integer: true },
  portsPerService: { min: 1, max: 100, integer: false },
  endpoints: { min: 0, max: 10_000_000, integer: true },
  endpointsPerService: { min: 0, max: 10_000, integer: false },
  loadBalancerServices: { min: 0, max: 1_000_000, integer: true },
  externalIPs: { min: 0, max: 1_000_000, integer: true },
  nodePortServices: { min: 0, max: 1_000_000, integer: true },
  hostIPsPerNode: { min: 1, max: 256, integer: true },
  sessionAffinityServices: { min: 0, max: 1_000_000, integer: true },
  affinityClientsPerService: { min: 1, max: 10_000_000, integer: true },
  connectionsPerNode: { min: 0, max: 100_000_000, integer: true },
  newConnectionsPerSecond: { min: 0, max: 10_000_000, integer: false },
  connectionLingerSeconds: { min: 0, max: 86_400, integer: false },
  tcNatShare: { min: 0, max: 1, integer: false },
  policySelectors: { min: 0, max: 100_000, integer: true },
  podsPerSelector: { min: 0, max: 10_000_000, integer: true },
  ipSetMembersPerNode: { min: 0, max: 100_000_000, integer: true },
  hostInterfacesPerNode: { min: 1, max: 10_000, integer: true },
  cpusPerNode: { min: 1, max: 8_192, integer: true },
  headroom: { min: 1, max: 16, integer: false },
};

export const SCALE_FIELD_NAMES: readonly string[] = ['profile', ...Object.keys(SCALE_NUMBER_FIELDS), 'ipFamilies'];

/**
 * The profiles. Connection figures are per node; `tcNatShare` stays at its worst-case default.
 * - k3d-dev: a laptop cluster (1 server + 2 agents in containers sharing the host's kernel and CPUs).
 * - small: a team or edge cluster. - medium: a production cluster of a hundred nodes.
 * - large: Kubernetes' tested node and pod limits (5,000 nodes, 150,000 pods) with 20,000 services and 200,000 endpoints.
 */
export const SCALE_PROFILES: Readonly<Record<ScaleProfile, Omit<ClusterScale, 'profile'>>> = {
  'k3d-dev': {
    nodes: 3,
    podsPerNode: 30,
    services: 40,
    portsPerService: 1.5,
    endpoints: 60,
    loadBalancerServices: 2,
    nodePortServices: 2,
    sessionAffinityServices: 0,
    connectionsPerNode: 2_000,
    newConnectionsPerSecond: 50,
    hostInterfacesPerNode: 8,
    cpusPerNode: 8,
  },
  small: {
    nodes: 10,
    podsPerNode: 50,
    services: 200,
    portsPerService: 1.5,
    endpoints: 600,
    loadBalancerServices: 5,
    nodePortServices: 10,
    sessionAffinityServices: 2,
    affinityClientsPerService: 500,
    connectionsPerNode: 10_000,
    newConnectionsPerSecond: 200,
    cpusPerNode: 8,
  },
  medium: {
    nodes: 100,
    podsPerNode: 60,
    services: 2_000,
    portsPerService: 1.5,
    endpoints: 15_000,
    loadBalancerServices: 20,
    nodePortServices: 50,
    sessionAffinityServices: 10,
    affinityClientsPerService: 2_000,
    connectionsPerNode: 50_000,
    newConnectionsPerSecond: 1_000,
    cpusPerNode: 16,
  },
  large: {
    nodes: 5_000,
    podsPerNode: 30,
    services: 20_000,
    portsPerService: 1.5,
    endpoints: 200_000,
    loadBalancerServices: 200,
    nodePortServices: 500,
    sessionAffinityServices: 50,
    affinityClientsPerService: 5_000,
    connectionsPerNode: 200_000,
    newConnectionsPerSecond: 5_000,
    cpusPerNode: 64,
  },
};

/** Alternatives: giving one replaces the profile's other. */
const ALTERNATIVES: readonly (readonly [NumericField, NumericField])[] = [
  ['pods', 'podsPerNode'],
  ['endpoints', 'endpointsPerService'],
];

/**
 * Validates a scale (or a profile name) and fills the defaults. `pathOf` turns a field name into
 * the name the user wrote (`scale.nodes`, or `--nodes` on the command line).
 */
export function collectClusterScale(input: unknown, problems: Problems, pathOf: (field: string) => string): ResolvedClusterScale | undefined {
  const before = problems.count;
  const raw: unknown = typeof input === 'string' ? { profile: input } : input;
  if (!isPlainObject(raw)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      pathOf(''),
      `'${pathOf('')}' must be a profile name (${Object.keys(SCALE_PROFILES)
        .map((p) => show(p))
        .join(', ')}) or an object describing the cluster, got ${show(input)}`,
    );
    return undefined;
  }
  checkKnownKeys(problems, pathOf(''), raw, SCALE_FIELD_NAMES);
  const given = raw as Record<string, unknown>;

  let base: Record<string, unknown> = {};
  // A bare profile name is the scale itself: its problem belongs at the scale's path.
  const profilePath = typeof input === 'string' ? pathOf('') : pathOf('profile');
  if (given.profile !== undefined && checkOneOf(problems, profilePath, given.profile, Object.keys(SCALE_PROFILES) as ScaleProfile[])) {
    base = { ...SCALE_PROFILES[given.profile] };
  }
  for (const [a, b] of ALTERNATIVES) {
    if (given[a] !== undefined && given[b] !== undefined) {
      problems.add(ProblemCode.CONTRADICTORY_SETTINGS, pathOf(a), `'${pathOf(a)}' and '${pathOf(b)}' describe the same thing; give only one`);
    }
    if (given[a] !== undefined) delete base[b];
    if (given[b] !== undefined) delete base[a];
  }
  const merged: Record<string, unknown> = { ...base, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };

  const num: Partial<Record<NumericField, number>> = {};
  for (const [field, range] of Object.entries(SCALE_NUMBER_FIELDS) as [NumericField, (typeof SCALE_NUMBER_FIELDS)[NumericField]][]) {
    const value = merged[field];
    if (value === undefined) continue;
    const path = pathOf(field);
    const kind = range.integer ? 'a whole number' : 'a number';
    if (typeof value !== 'number' || !Number.isFinite(value) || (range.integer && !Number.isInteger(value))) {
      problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must be ${kind} from ${range.min} to ${range.max}, got ${show(value)}`);
    } else if (value < range.min || value > range.max) {
      problems.add(ProblemCode.OUT_OF_RANGE, path, `'${path}' must be from ${range.min} to ${range.max}, got ${value}`);
    } else {
      num[field] = value;
    }
  }
  for (const required of ['nodes', 'services'] as const) {
    if (merged[required] === undefined && given.profile === undefined) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        pathOf(required),
        `'${pathOf(required)}' is required unless '${pathOf('profile')}' is set; give the number of ${required} (or a profile: ${Object.keys(SCALE_PROFILES).join(', ')})`,
      );
    }
  }
  for (const part of ['policySelectors', 'podsPerSelector'] as const) {
    if (given.ipSetMembersPerNode !== undefined && given[part] !== undefined) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        pathOf(part),
        `'${pathOf(part)}' and '${pathOf('ipSetMembersPerNode')}' describe the same thing; give the selectors or the total, not both`,
      );
    }
  }
  const ipFamilies = (merged.ipFamilies ?? IpFamilies.IPV4) as IpFamilies;
  checkOneOf(problems, pathOf('ipFamilies'), ipFamilies, Object.values(IpFamilies));

  const services = num.services ?? 0;
  for (const part of ['loadBalancerServices', 'nodePortServices', 'sessionAffinityServices'] as const) {
    if ((num[part] ?? 0) > services) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        pathOf(part),
        `'${pathOf(part)}' is ${num[part]}, more than the ${services} services in '${pathOf('services')}'; they are a subset of the services`,
      );
    }
  }
  const perNodeMax = SCALE_NUMBER_FIELDS.podsPerNode.max;
  if (num.pods !== undefined && num.nodes !== undefined && Math.ceil(num.pods / num.nodes) > perNodeMax) {
    problems.add(
      ProblemCode.OUT_OF_RANGE,
      pathOf('pods'),
      `'${pathOf('pods')}' ${num.pods} over ${num.nodes} nodes is ${Math.ceil(num.pods / num.nodes)} pods per node, more than ${perNodeMax}; check '${pathOf('pods')}' (all pods in the cluster) and '${pathOf('nodes')}'`,
    );
  }
  if (problems.count > before) return undefined;

  const nodes = num.nodes ?? 1;
  const podsPerNode = num.pods !== undefined ? Math.ceil(num.pods / nodes) : (num.podsPerNode ?? 110);
  const portsPerService = num.portsPerService ?? 1;
  return {
    ...(typeof merged.profile === 'string' ? { profile: merged.profile as ScaleProfile } : {}),
    nodes,
    podsPerNode,
    services,
    portsPerService,
    endpoints: num.endpoints ?? Math.ceil(services * (num.endpointsPerService ?? 3)),
    loadBalancerServices: num.loadBalancerServices ?? 0,
    externalIPs: num.externalIPs ?? 0,
    nodePortServices: num.nodePortServices ?? 0,
    hostIPsPerNode: num.hostIPsPerNode ?? 1,
    sessionAffinityServices: num.sessionAffinityServices ?? 0,
    affinityClientsPerService: num.affinityClientsPerService ?? 1000,
    connectionsPerNode: num.connectionsPerNode ?? 10_000,
    newConnectionsPerSecond: num.newConnectionsPerSecond ?? 100,
    connectionLingerSeconds: num.connectionLingerSeconds ?? 120,
    tcNatShare: num.tcNatShare ?? 1,
    ipSetMembersPerNode: num.ipSetMembersPerNode ?? (num.policySelectors ?? 1) * (num.podsPerSelector ?? nodes * podsPerNode),
    hostInterfacesPerNode: num.hostInterfacesPerNode ?? 8,
    cpusPerNode: num.cpusPerNode ?? 8,
    ipFamilies,
    headroom: num.headroom ?? 2,
  };
}

/** Resolves a scale on its own; throws one CalicoValidationError listing every problem. */
export function resolveClusterScale(
  input: ClusterScale | ScaleProfile,
  pathOf: (field: string) => string = (f) => (f ? `scale.${f}` : 'scale'),
): ResolvedClusterScale {
  const problems = new Problems();
  const resolved = collectClusterScale(input, problems, pathOf);
  problems.throwIfAny();
  return resolved!;
}
