/**
 * One line per cluster of what its output is: in a fleet of hundreds, what each folder holds
 * without opening it (printed by the fleet writers, returned by `writeLayers`).
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { GitOpsLayer } from './layer-model';
import { layerFolders } from './layer-model';

export function clusterSummary(
  config: Pick<ResolvedCalicoEbpfDataplane, 'clusterName' | 'calicoVersion' | 'distribution' | 'kubeProxy' | 'serviceMesh' | 'gitops' | 'warnings'>,
  layers: readonly Pick<GitOpsLayer, 'objects'>[],
  name: string = config.clusterName ?? config.gitops.layerPrefix,
): string {
  const objects = layers.reduce((n, l) => n + l.objects.length, 0);
  const high = config.warnings.filter((w) => w.severity === 'high').length;
  const where = config.gitops.folder !== undefined ? `${config.gitops.folder}/` : `${layerFolders(config).resources.replace(/-resources$/, '-*')}/`;
  const warned =
    config.warnings.length === 0 ? 'no warnings' : `${config.warnings.length} warning${config.warnings.length === 1 ? '' : 's'} (${high} high)`;
  return `${name}: Calico ${config.calicoVersion} on ${config.distribution}, kubeProxy ${config.kubeProxy}, mesh ${config.serviceMesh}, ${config.gitops.flavor} → ${where} (${layers.length} layers, ${objects} objects); ${warned}`;
}
