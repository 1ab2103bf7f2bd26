/** `calico-ebpf upgrade`: the ordered upgrade plan between two Calico releases (prints, changes nothing). */
import { formatUpgradePlan, resolveCalicoEbpfDataplane, upgradePlan, type CalicoEbpfDataplaneProps, type UpgradeTool } from '../core/internal';
import { imageInputOf } from '../core/releases/images';
import { loadConfigFile } from './load-config';

export const UPGRADE_HELP = `Usage: calico-ebpf upgrade --from <version> --to <version> [--config <file>] [--tool flux|argocd|k3s|pulumi|none] [--output text|json]

Prints the ordered steps to move a cluster from one Calico release to another (it changes
nothing): release notes, images to mirror, node kernel checks, the CRDs first (server-side,
never as a Helm release), settings the old nodes still understand, the operator through your
GitOps flavour or Pulumi, the rollout, then the new release's own settings. Upstream supports
upgrades from the two previous minor releases and no downgrades; anything else is refused with
the reason.

Options:
  --from <version>   the release the cluster runs, e.g. v3.32.1
  --to <version>     the release to move to, e.g. v3.33.1
  --config <file>    the cluster's props file: its flavour, registry, components and CRD delivery
  --tool <name>      flux, argocd, k3s, pulumi or none (default: the config's flavour, else flux)
  --output <format>  text (default) or json
  -h, --help         show this help

Exit status: 0 with a plan, 1 when the direction is not supported, 2 on usage errors.
`;

export interface UpgradeOptions {
  readonly from: string;
  readonly to: string;
  readonly config?: string;
  readonly tool?: string;
  readonly output?: string;
}

const TOOLS: readonly UpgradeTool[] = ['flux', 'argocd', 'k3s', 'pulumi', 'none'];

export function runUpgrade(opts: UpgradeOptions, usage: (message: string) => Error): string {
  if (opts.tool !== undefined && !TOOLS.includes(opts.tool as UpgradeTool))
    throw usage(`--tool must be one of ${TOOLS.join(', ')}, got ${JSON.stringify(opts.tool)}`);
  if (opts.output !== undefined && opts.output !== 'text' && opts.output !== 'json')
    throw usage(`--output must be text or json, got ${JSON.stringify(opts.output)}`);
  // The config is read at the release it names today (--from), which is what the cluster runs.
  const config = opts.config
    ? resolveCalicoEbpfDataplane({ ...(loadConfigFile(opts.config) as CalicoEbpfDataplaneProps), calicoVersion: opts.from })
    : undefined;
  const tool = (opts.tool as UpgradeTool | undefined) ?? config?.gitops.flavor ?? 'flux';
  const input = config ? imageInputOf(config) : undefined;
  const plan = upgradePlan(opts.from, opts.to, {
    tool,
    ...(config?.images.registry ? { registry: config.images.registry } : {}),
    ...(config ? { crdDelivery: config.crdDelivery } : {}),
    ...(input
      ? {
          images: {
            images: input.images,
            components: input.components,
            calicoIstio: input.calicoIstio,
            csi: input.csi,
            flexVolume: input.flexVolume,
            calicoCni: input.calicoCni,
          },
        }
      : {}),
  });
  return opts.output === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : formatUpgradePlan(plan);
}
