/**
 * A k3d cluster's API-server address, known before the cluster exists. With `subnet` in its
 * config, k3d creates the cluster network with that range and hands out static addresses itself
 * (k3d-io/k3d v5.9.0): the gateway takes the first host address (pkg/runtimes/docker/network.go,
 * parseIPAM), the cluster reserves the next one for its tools container (pkg/client/cluster.go,
 * "just reserve some IPs for k3d"), and the servers get the following ones in order, each the
 * first free address (pkg/client/ipam.go, GetIP). So server-0 is always the third host address:
 * 172.28.0.3 in 172.28.0.0/16 — what kubeProxy "replace" needs in apiServer before the cluster is
 * created. Only when k3d creates the network: an existing network (`network:`) has its own users.
 */
import { parseCidr } from '../validation/cidr';
import { isPlainObject } from '../validation/checks';

/** The subnet used when kubeProxy "replace" needs a known address and none was given. */
export const DEFAULT_K3D_SUBNET = '172.28.0.0/16';

/** Host addresses before server-0's: the gateway and k3d's reserved one. */
const SERVER_0_OFFSET = 3;

/** server-0's address in an IPv4 `subnet`, or undefined when the subnet is not an IPv4 CIDR with room for it. */
export function k3dServer0Address(subnet: string): string | undefined {
  const parsed = parseCidr(subnet);
  if (!parsed || parsed.family !== 4 || parsed.prefix > 29) return undefined;
  const ip = Number(parsed.start) + SERVER_0_OFFSET;
  return [24, 16, 8, 0].map((shift) => (ip >>> shift) & 255).join('.');
}

/** The apiServer a k3d cluster gets from its subnet (above), when `k3d` is set and its subnet gives one. */
export function k3dApiServer(k3d: unknown): { host: string; port: number } | undefined {
  if (!isPlainObject(k3d)) return undefined;
  const subnet = k3d.subnet ?? DEFAULT_K3D_SUBNET;
  const host = typeof subnet === 'string' ? k3dServer0Address(subnet) : undefined;
  return host ? { host, port: 6443 } : undefined;
}
