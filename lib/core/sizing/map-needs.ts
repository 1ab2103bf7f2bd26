/**
 * Entries each `bpfMapSize*` map must hold on one node for a given cluster scale: the entry
 * rules of bpf-maps.md §3, one function per map, each with the sentence that explains it.
 */
import type { ResolvedClusterScale } from './cluster-scale';
import type { TunableMapProp } from './map-catalog';

/** The modeled content of one map on one node. */
export interface MapNeed {
  /** Entries the map holds at the planned scale. */
  readonly live: number;
  /** Smallest size that holds them as intended (conntrack adds fill and LRU reserves). */
  readonly entriesNeeded: number;
  /** How the number was computed, in words. */
  readonly basis: string;
}

/** Felix's conntrack scanner sweeps every 10 s; an expired entry waits up to one sweep. */
export const CONNTRACK_SWEEP_SECONDS = 10;
/** Keep conntrack at most 80 % full: above 85–90 % Felix auto-doubles it (or, when disabled, evicts). */
export const CONNTRACK_MAX_FILL = 0.8;
/** Each CPU's LRU free list can hold up to 128 nodes the other CPUs cannot use, so LRU maps evict before full. */
export const LRU_FREE_LIST_PER_CPU = 128;
/** The BPF cleaner runs every 1,000 expired entries, so the cleanup queue never needs fewer slots. */
export const CLEANUP_BATCH = 1_000;
/** Default IPAM block (/26 for IPv4, /122 for IPv6): 64 addresses, one route each block. */
export const IPAM_BLOCK_ADDRESSES = 64;

const lruReserve = (s: ResolvedClusterScale, live: number): number => (live > 0 ? LRU_FREE_LIST_PER_CPU * s.cpusPerNode : 0);

/** Service ports, frontends and backends derived once. */
function services(s: ResolvedClusterScale): { servicePorts: number; frontends: number; backends: number; ports: (n: number) => number } {
  const ports = (n: number): number => Math.ceil(n * s.portsPerService);
  const servicePorts = ports(s.services);
  // LoadBalancer services allocate NodePorts too (allocateLoadBalancerNodePorts defaults to true).
  const nodePortFrontends = ports(s.nodePortServices + s.loadBalancerServices) * (s.hostIPsPerNode + 1);
  const vipFrontends = ports(s.loadBalancerServices + s.externalIPs);
  return { servicePorts, frontends: servicePorts + vipFrontends + nodePortFrontends, backends: ports(s.endpoints), ports };
}

/** Entries each tunable map needs on one node. */
export function modelMapNeeds(s: ResolvedClusterScale): Readonly<Record<TunableMapProp, MapNeed>> {
  const svc = services(s);
  const entriesPerConnection = 1 + s.tcNatShare;
  const linger = s.connectionLingerSeconds + CONNTRACK_SWEEP_SECONDS;
  const ctLive = Math.ceil(s.connectionsPerNode * entriesPerConnection + s.newConnectionsPerSecond * entriesPerConnection * linger);
  const blocks = s.nodes * Math.ceil(s.podsPerNode / IPAM_BLOCK_ADDRESSES);
  const routes = 1 + blocks + 2 * s.nodes + s.podsPerNode + s.hostIPsPerNode + 2;
  const affinityLive = svc.ports(s.sessionAffinityServices) * s.affinityClientsPerService;
  const expiringPerSweep = Math.ceil(s.newConnectionsPerSecond * CONNTRACK_SWEEP_SECONDS);
  const interfaces = s.podsPerNode + s.hostInterfacesPerNode;
  return {
    mapSizeConntrack: {
      live: ctLive,
      entriesNeeded: Math.ceil(ctLive / CONNTRACK_MAX_FILL) + lruReserve(s, ctLive),
      basis:
        `(${s.connectionsPerNode} open + ${s.newConnectionsPerSecond}/s × ${linger} s lingering) connections × ${entriesPerConnection} entries ` +
        `= ${ctLive}, kept ≤ ${CONNTRACK_MAX_FILL * 100}% full, + ${LRU_FREE_LIST_PER_CPU} per CPU of LRU free lists`,
    },
    mapSizeConntrackCleanupQueue: {
      live: Math.min(expiringPerSweep, CLEANUP_BATCH),
      entriesNeeded: Math.max(CLEANUP_BATCH, expiringPerSweep),
      basis: `conntrack entries expiring within one ${CONNTRACK_SWEEP_SECONDS} s sweep (${expiringPerSweep}), at least one cleaner batch (${CLEANUP_BATCH})`,
    },
    mapSizeNATFrontend: {
      live: svc.frontends,
      entriesNeeded: svc.frontends,
      basis: `${svc.servicePorts} service ports + LoadBalancer/external IPs + NodePorts × (${s.hostIPsPerNode} host IPs + 1 wildcard)`,
    },
    mapSizeNATBackend: {
      live: svc.backends,
      entriesNeeded: svc.backends,
      basis: `${s.endpoints} ready endpoints × ${s.portsPerService} ports per service`,
    },
    mapSizeNATAffinity: {
      live: affinityLive,
      entriesNeeded: affinityLive + lruReserve(s, affinityLive),
      basis: `${s.sessionAffinityServices} ClientIP-affinity services × ${s.portsPerService} ports × ${s.affinityClientsPerService} clients, + LRU free lists`,
    },
    mapSizeRoute: {
      live: routes,
      entriesNeeded: routes,
      basis: `1 pool + ${blocks} IPAM blocks + ${s.nodes} nodes × (host + tunnel IP) + ${s.podsPerNode} local pods + host IPs + service CIDRs`,
    },
    mapSizeIPSets: {
      live: s.ipSetMembersPerNode,
      entriesNeeded: s.ipSetMembersPerNode,
      basis: `${s.ipSetMembersPerNode} members of the IP sets used by policy on a node`,
    },
    mapSizeIfState: {
      live: interfaces,
      entriesNeeded: interfaces,
      basis: `${s.podsPerNode} pod veths + ${s.hostInterfacesPerNode} host interfaces`,
    },
  };
}
