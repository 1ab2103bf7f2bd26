/**
 * The Felix fields the cluster-level props decide: connect-time load balancing and host NAT (from
 * the mesh), the external service mode, and the kube-proxy coexistence fields. How Felix combines
 * CTLB and host NAT (felix/dataplane/linux/int_dataplane.go at v3.32.1):
 * - CTLB `Enabled` + host NAT `Enabled`: Felix forces host NAT off and warns at every start, so the
 *   library writes `Disabled` itself;
 * - CTLB `TCP` + host NAT `Disabled`: allowed, host-networked clients then reach UDP services only
 *   partly — honoured with a warning, never rewritten;
 * - CTLB `Disabled` + host NAT `Disabled`: host-networked clients reach no service — refused.
 */
import type { LineFacts } from '../releases/calico-releases';
import type { CalicoEbpfDataplaneProps } from '../dataplane/dataplane-props';
import { ConnectTimeLoadBalancing, EnabledDisabled, ExternalServiceMode, KubeProxyMode, ServiceMesh, allowed } from '../dataplane/values';
import { isOneOf, checkCidrList } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';
import type { ResolvedServiceMesh } from './mesh';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

function meshName(mesh: ResolvedServiceMesh): string {
  if (mesh.kind !== ServiceMesh.ISTIO) return mesh.kind;
  return mesh.provider === 'calico' ? "Calico's Istio ambient" : `Istio (${mesh.mode})`;
}

export function resolveServiceFields(
  props: CalicoEbpfDataplaneProps,
  mesh: ResolvedServiceMesh,
  kubeProxy: KubeProxyMode,
  problems: Problems,
  warnings: CalicoWarning[],
  line: Pick<LineFacts, 'operatorDefaultsKubeProxyHealthzPort'>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  let ctlb: ConnectTimeLoadBalancing | undefined;
  if (props.connectTimeLoadBalancing !== undefined && isOneOf(props.connectTimeLoadBalancing, allowed(ConnectTimeLoadBalancing))) {
    ctlb = props.connectTimeLoadBalancing;
  }
  const meshed = mesh.kind !== ServiceMesh.NONE;
  if (meshed) {
    if (ctlb !== undefined && ctlb !== ConnectTimeLoadBalancing.DISABLED) {
      problems.add(
        ProblemCode.MESH_WITH_CTLB,
        'connectTimeLoadBalancing',
        `'connectTimeLoadBalancing' ${show(ctlb)} cannot be used with ${meshName(mesh)}: connect-time load balancing rewrites service addresses to pod IPs before the mesh sees them; remove it (the mesh forces "Disabled") or set serviceMesh "none"`,
      );
    }
    ctlb = ConnectTimeLoadBalancing.DISABLED;
  } else {
    // Written even though it is Felix's default: switching a cluster back from a mesh resets it.
    ctlb = ctlb ?? ConnectTimeLoadBalancing.TCP;
  }
  let hostNat: EnabledDisabled | undefined;
  if (props.hostNetworkedNATWithoutCTLB !== undefined && isOneOf(props.hostNetworkedNATWithoutCTLB, allowed(EnabledDisabled))) {
    hostNat = props.hostNetworkedNATWithoutCTLB;
  }
  if (ctlb === ConnectTimeLoadBalancing.ENABLED) {
    if (hostNat === EnabledDisabled.ENABLED) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'hostNetworkedNATWithoutCTLB',
        `'hostNetworkedNATWithoutCTLB' "Enabled" has no effect with connectTimeLoadBalancing "Enabled" (Felix forces it off and warns at every start); remove it`,
      );
    }
    hostNat = EnabledDisabled.DISABLED;
  } else if (ctlb === ConnectTimeLoadBalancing.DISABLED) {
    if (hostNat === EnabledDisabled.DISABLED) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'hostNetworkedNATWithoutCTLB',
        meshed
          ? `'hostNetworkedNATWithoutCTLB' "Disabled" cannot be used with ${meshName(mesh)}: with connect-time load balancing off, host-networked pods (istio-cni, node agents) reach services only through host NAT; remove it (defaults to "Enabled")`
          : `'hostNetworkedNATWithoutCTLB' "Disabled" with connect-time load balancing "Disabled" leaves host-networked pods without service access; remove it (defaults to "Enabled")`,
      );
    }
    hostNat = EnabledDisabled.ENABLED;
  } else if (hostNat === EnabledDisabled.DISABLED) {
    warnings.push(
      warning(
        WarningCode.HOST_NAT_UDP,
        'hostNetworkedNATWithoutCTLB "Disabled" with connectTimeLoadBalancing "TCP": host-networked clients reach TCP services through connect-time load balancing, but UDP services (DNS among them) may not work from the host network',
      ),
    );
  } else {
    hostNat = EnabledDisabled.ENABLED;
  }
  spec.bpfConnectTimeLoadBalancing = ctlb;
  spec.bpfHostNetworkedNATWithoutCTLB = hostNat;

  const mode = props.externalServiceMode ?? ExternalServiceMode.TUNNEL;
  if (isOneOf(mode, allowed(ExternalServiceMode))) spec.bpfExternalServiceMode = mode;
  if (mode === ExternalServiceMode.DSR) {
    warnings.push(
      warning(
        WarningCode.DSR_UNDERLAY,
        'externalServiceMode "DSR": the backend node answers external clients directly with the ingress node\'s address, so the underlay must let that through — source/destination checks off (e.g. on AWS), nodes on one L2 segment or a routed return path, no stateful firewall between them expecting the reply from the ingress node',
      ),
    );
  }
  if (props.dsrOptOutCIDRs !== undefined) {
    if (mode !== ExternalServiceMode.DSR) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'dsrOptOutCIDRs',
        `'dsrOptOutCIDRs' only applies with externalServiceMode "DSR", got ${show(mode)}; remove it or set externalServiceMode "DSR"`,
      );
    } else {
      const before = problems.count;
      checkCidrList(problems, 'dsrOptOutCIDRs', props.dsrOptOutCIDRs);
      if (problems.count === before) spec.bpfDSROptoutCIDRs = [...props.dsrOptOutCIDRs];
    }
  }

  if (kubeProxy === KubeProxyMode.COEXIST) {
    // kube-proxy keeps its iptables chains, and keeps port 10256 for its own health server.
    spec.bpfKubeProxyIptablesCleanupEnabled = false;
    spec.bpfKubeProxyHealthzPort = 0;
  } else if (kubeProxy === KubeProxyMode.REPLACE || kubeProxy === KubeProxyMode.OPERATOR_MANAGED) {
    // Nothing else serves service health checks; clear any chains kube-proxy left behind (with
    // operator-managed the operator takes kube-proxy off the node once eBPF is on, as Calico's
    // own custom-resources-bpf.yaml leaves these fields at Felix's defaults).
    spec.bpfKubeProxyIptablesCleanupEnabled = true;
    // From operator v1.43 (Calico 3.33) the operator writes 0 into an unset field whenever it does
    // not manage kube-proxy — which would switch off the only health server left with "replace".
    // Felix's own default, written explicitly, keeps it.
    if (kubeProxy === KubeProxyMode.REPLACE && line.operatorDefaultsKubeProxyHealthzPort) spec.bpfKubeProxyHealthzPort = 10256;
  }
  return spec;
}
