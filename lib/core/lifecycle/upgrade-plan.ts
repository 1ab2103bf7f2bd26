/**
 * The ordered steps to move a cluster from one Calico release to another, per GitOps flavour (or
 * Pulumi). Upstream supports upgrades from the two previous minor releases (3.33: from 3.31 or
 * 3.32) and no downgrades; the order follows its 3.33 upgrade docs: CRDs first with server-side
 * apply (never as a release: the 3.33 CRD chart is over Helm's 1 MiB release limit), then the
 * operator, then settings only the new release understands once every node runs it.
 */
import { CalicoValidationError, ProblemCode, show } from '../validation/errors';
import { CALICO_RELEASES, LINE_FACTS, calicoRelease, compareTags } from '../releases/calico-releases';
import { VERSION_GATES } from '../releases/version-gates';
import { calicoImageNames, type ImageInput } from '../releases/images';
import { crdReleaseBytes, MAX_SECRET_BYTES } from './helm-release-size';

/** Where the upgrade is applied: a GitOps flavour or a Pulumi program. */
export type UpgradeTool = 'flux' | 'argocd' | 'k3s' | 'pulumi' | 'none';

export interface UpgradeStep {
  /** What kind of step: look before acting, change something, or wait for it to settle. */
  readonly kind: 'check' | 'change' | 'wait' | 'note';
  readonly title: string;
  readonly detail: string;
}

export interface UpgradePlan {
  readonly from: string;
  readonly to: string;
  readonly tool: UpgradeTool;
  readonly steps: readonly UpgradeStep[];
}

export interface UpgradeOptions {
  readonly tool?: UpgradeTool;
  /** The cluster's registry, when images are mirrored. */
  readonly registry?: string;
  /** How the CRDs are delivered today. */
  readonly crdDelivery?: 'operator' | 'helm-release';
  /** What the image list depends on (defaults: every component, Calico CNI). */
  readonly images?: Omit<ImageInput, 'calicoVersion' | 'operatorVersion'>;
}

function refuse(message: string): never {
  throw new CalicoValidationError([{ code: ProblemCode.UNSUPPORTED_VERSION, path: 'upgrade', message }]);
}

const known = (): string => CALICO_RELEASES.map((r) => r.version).join(', ');

/** The plan, or a CalicoValidationError saying why this direction is not supported. */
export function upgradePlan(from: string, to: string, options: UpgradeOptions = {}): UpgradePlan {
  const tool = options.tool ?? 'flux';
  const a = calicoRelease(from);
  const b = calicoRelease(to);
  if (!a || !b) refuse(`upgrade ${show(from)} → ${show(to)}: ${!a ? show(from) : show(to)} is not a release this library knows (${known()})`);
  if (from === to) refuse(`upgrade ${show(from)} → ${show(to)}: both are the same release; nothing to do`);
  if (compareTags(to, from) < 0) {
    const netkit =
      a.line !== b.line && LINE_FACTS[a.line].images === 'combined'
        ? ' If you must go back anyway: first set felix.attachType "TCX" (and linuxPodInterfaceType "Veth", recreating netkit pods), since older releases cannot attach to netkit devices.'
        : '';
    refuse(
      `upgrade ${show(from)} → ${show(to)} is a downgrade, which Calico does not support (CRDs and stored objects only move forward); restore from backup or reinstall.${netkit}`,
    );
  }
  if (a.line !== b.line && !LINE_FACTS[b.line].upgradesFrom.includes(a.line)) {
    refuse(
      `upgrade ${show(from)} → ${show(to)}: Calico ${b.line} supports upgrades from ${LINE_FACTS[b.line].upgradesFrom.join(' and ')} only; upgrade to the last release of each line in between first`,
    );
  }
  const crossLine = a.line !== b.line;
  const target = LINE_FACTS[b.line];
  const steps: UpgradeStep[] = [];
  const step = (kind: UpgradeStep['kind'], title: string, detail: string): void => void steps.push({ kind, title, detail });

  step(
    'check',
    'Read the release notes',
    `every release after ${from} up to ${to} (github.com/projectcalico/calico/releases), and for a new minor release the upgrade notes (docs.tigera.io, "Upgrade notes")`,
  );
  if (to === 'v3.33.0')
    step(
      'note',
      'Prefer v3.33.1',
      'operator v1.44.0 (Calico v3.33.0) can overwrite or remove FelixConfiguration settings when it applies its own changes; v1.44.1 fixes it (tigera/operator#5367)',
    );
  if (options.registry) {
    const names = calicoImageNames({
      calicoVersion: to,
      operatorVersion: b.operator,
      images: {},
      components: { apiServer: true, goldmane: true, whisker: true },
      calicoIstio: false,
      csi: true,
      flexVolume: true,
      calicoCni: true,
      ...(options.images ?? {}),
    });
    const combined =
      crossLine && target.images === 'combined'
        ? ' (3.33 runs most components from the one calico/calico image: calico/typha, cni, kube-controllers, apiserver, goldmane, csi and more are no longer published)'
        : '';
    step(
      'change',
      'Mirror the new images',
      `into ${options.registry}: tigera/operator:${b.operator} and calico/{${names.join(',')}}:${to}${combined}`,
    );
  }
  if (crossLine && target.kernel.btf) {
    step(
      'check',
      "Check every node's kernel",
      `${to} loads only CO-RE programs: Linux ${target.kernel.minimum}+ with BTF on every node (kubectl get nodes -o custom-columns=NAME:.metadata.name,KERNEL:.status.nodeInfo.kernelVersion; on each node ls /sys/kernel/btf/vmlinux). Nodes on exactly ${target.kernel.minimum} need felix.ipFragmentReassemblyEnabled false in the same change as the upgrade, or Felix stays not ready`,
    );
  }
  if (crossLine && !target.fips)
    step(
      'check',
      'Turn FIPS mode off',
      `${to} has no FIPS mode: an Installation with fipsMode "Enabled" becomes Degraded; remove it from installationOverrides first`,
    );
  const crdBytes = crdReleaseBytes('crd.projectcalico.org.v1', b.line);
  if (options.crdDelivery === 'helm-release' && crdBytes !== undefined && crdBytes > MAX_SECRET_BYTES) {
    step(
      'change',
      'Stop delivering the CRDs as a Helm release (still on the old release)',
      `the ${b.line} CRD chart is ${crdBytes} bytes as a release, over Helm's ${MAX_SECRET_BYTES}-byte limit: switch crdDelivery to "operator" and apply, while still on ${from}; the CRDs carry helm.sh/resource-policy keep (Flux post-renderer) so removing the release leaves them — check with kubectl get crd felixconfigurations.crd.projectcalico.org before going on`,
    );
  }
  step(
    'change',
    'Apply the new CRDs first, server-side',
    `helm template calico-crds crd.projectcalico.org.v1 --repo https://docs.tigera.io/calico/charts --version ${to} | kubectl apply --server-side --force-conflicts -f -   # upstream's order; the new operator would otherwise replace them only in its first Installation reconcile, after it starts`,
  );
  if (crossLine) {
    step(
      'note',
      'Keep settings the old nodes understand',
      `change calicoVersion alone; leave props only ${b.line} has (${VERSION_GATES.filter((g) => g.since === LINE_FACTS[b.line].first)
        .map((g) => (g.value ? `${g.prop} "${g.value}"` : g.prop))
        .join(
          ', ',
        )}) for after the rollout, since calico-node on nodes not yet rolled still runs ${from}. ${b.line} changes two defaults: programClusterRoutes (Felix now programs IPIP routes; set clusterRoutingMode "BIRD" to keep BGP doing it) and prometheusMetricsClientAuth (NoClientCert)`,
    );
  }
  step('change', 'Upgrade the operator', operatorStep(tool, to));
  step(
    'wait',
    'Wait for the rollout',
    'kubectl get tigerastatus (calico Available), kubectl -n calico-system rollout status ds/calico-node, and every calico-node pod on the new image',
  );
  if (crossLine) {
    step(
      'change',
      'Adopt the new settings',
      `only now: ${b.line}-only props such as felix.attachType "Netkit" or linuxPodInterfaceType "Netkit" (kernel 6.7+), as a separate change`,
    );
    step(
      'note',
      'Before ever leaving the new release',
      'set felix.attachType "TCX" (and linuxPodInterfaceType "Veth", recreating netkit pods): older releases cannot attach to netkit devices; Calico supports no downgrade otherwise',
    );
  }
  return { from, to, tool, steps };
}

function operatorStep(tool: UpgradeTool, to: string): string {
  switch (tool) {
    case 'k3s':
      return `set calicoVersion ${to}, synth, and copy the new <prefix>-k3s-1-operator.yaml into the manifests folder on every server (k3s upgrades the HelmChart); then the other files`;
    case 'argocd':
      return `set calicoVersion ${to}, synth and commit: the operator Application (wave -1) syncs before the resources (wave 1) — waiting for it only with the Application health check`;
    case 'pulumi':
      return `set calicoVersion ${to} and pulumi up: the CRDs, then the operator Release, then the custom resources, in dependency order`;
    case 'none':
      return `set calicoVersion ${to}, synth, then run the helm command on top of <prefix>-helm/tigera-operator.values.yaml (helm upgrade --install with the chart, --version ${to}, the namespace and that file), and once the new operator runs kubectl apply --server-side -f <prefix>-resources/`;
    default:
      return `set calicoVersion ${to}, synth and commit: the operator Kustomization upgrades the HelmRelease, and the resources Kustomization waits for it (dependsOn, same source revision)`;
  }
}

/** The plan as text, numbered. */
export function formatUpgradePlan(plan: UpgradePlan): string {
  return `Upgrade ${plan.from} → ${plan.to} (${plan.tool}):\n${plan.steps.map((s, i) => `  ${i + 1}. [${s.kind}] ${s.title}: ${s.detail}`).join('\n')}\n`;
}
