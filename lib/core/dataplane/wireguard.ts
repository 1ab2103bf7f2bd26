/**
 * WireGuard between nodes: the `wireguard` prop → FelixConfiguration `wireguardEnabled`,
 * `wireguardEnabledV6`, `wireguardHostEncryptionEnabled`, written explicitly (false as well), so
 * turning it off in the props turns it off on the cluster.
 *
 * MTU: WireGuard adds 60 bytes (IPv4) or 80 bytes (IPv6) per packet. Calico's MTU detection
 * subtracts that itself; an explicit `mtu` is the pod MTU and must leave room for it, which this
 * library cannot check without the hosts' MTU — so it says how much.
 */
import type { WireguardProps } from './installation-props';
import type { ResolvedIpPool } from './ip-pools';
import { isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

export function resolveWireguard(
  value: WireguardProps | undefined,
  ctx: { readonly ipPools: readonly ResolvedIpPool[]; readonly mtu?: number },
  problems: Problems,
  warnings: CalicoWarning[],
): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    problems.add(ProblemCode.INVALID_VALUE, 'wireguard', `'wireguard' must be an object { ipv4, ipv6, hostEncryption }, got ${show(value)}`);
    return {};
  }
  const on = (key: 'ipv4' | 'ipv6' | 'hostEncryption'): boolean => value[key] !== undefined && typeof value[key] === 'boolean' && value[key] === true;
  const ipv4 = on('ipv4');
  const ipv6 = on('ipv6');
  const host = on('hostEncryption');
  if (ipv6 && !ctx.ipPools.some((p) => p.family === 6)) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'wireguard.ipv6',
      `'wireguard.ipv6' encrypts IPv6 pod traffic, but there is no IPv6 pool; add one to 'ipPools' or remove it`,
    );
  }
  if (host && !ipv4 && !ipv6) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'wireguard.hostEncryption',
      `'wireguard.hostEncryption' needs WireGuard on for a family; set wireguard.ipv4 (or ipv6) true, or remove it`,
    );
  }
  if ((ipv4 || ipv6) && ctx.mtu !== undefined) {
    const overhead = ipv6 ? 80 : 60;
    warnings.push(
      warning(
        WarningCode.WIREGUARD_MTU,
        `wireguard with mtu ${ctx.mtu}: WireGuard adds ${overhead} bytes per packet${ipv4 && ipv6 ? ' (80 for IPv6, 60 for IPv4)' : ''} on top of the pod MTU, so mtu must be at most the hosts' MTU − ${overhead} (${1500 - overhead} on a 1500-byte network); leave mtu unset to let Calico subtract it`,
      ),
    );
  }
  return { wireguardEnabled: ipv4, wireguardEnabledV6: ipv6, wireguardHostEncryptionEnabled: host };
}
