/**
 * The images a cluster pulls for a configuration, as references under its registry — the list to
 * mirror before an air-gapped install or an upgrade. What the operator renders per release line:
 * - 3.32 (operator v1.42, `pkg/components/calico.go`): one image per component.
 * - 3.33 (operator release-v1.44): typha, kube-controllers, apiserver, CSI and its registrar,
 *   goldmane, whisker-backend, webhooks and the install-cni/flexvol init containers run from the
 *   combined `calico/calico`; calico-node (and ebpf-bootstrap) stay `calico/node`, the whisker UI
 *   `calico/whisker`, and the new cni-plugins init container uses `calico/third-party-cni-plugins`.
 * Images are `<registry>/<imagePath or calico>/<name>:<calicoVersion>`, the operator
 * `<registry>/<imagePath or tigera>/operator:<operatorVersion>` (as the chart values render it).
 */
import { trimTrailingSlashes } from '../validation/names';
import { lineFacts } from './calico-releases';

export interface ImageInput {
  readonly calicoVersion: string;
  readonly operatorVersion: string;
  readonly images: { readonly registry?: string; readonly imagePath?: string };
  readonly components: { readonly apiServer: boolean; readonly goldmane: boolean; readonly whisker: boolean };
  /** Calico's own Istio (ambient) is installed. */
  readonly calicoIstio: boolean;
  /** `kubeletVolumePluginPath: None` turns the CSI driver off. */
  readonly csi: boolean;
  /** `flexVolumePath: None` turns the flexvol init container off. */
  readonly flexVolume: boolean;
  /** Calico CNI (not AmazonVPC/AzureVNET): the CNI plugins are installed. */
  readonly calicoCni: boolean;
}

const ISTIO = ['istio-pilot', 'istio-install-cni', 'istio-ztunnel', 'istio-proxyv2'];

/** Calico image names (without registry and tag) the configuration runs. */
export function calicoImageNames(input: ImageInput): string[] {
  const c = input.components;
  if (lineFacts(input.calicoVersion).images === 'combined') {
    return [
      'calico',
      'node',
      ...(input.calicoCni ? ['third-party-cni-plugins'] : []),
      ...(c.whisker ? ['whisker'] : []),
      ...(input.calicoIstio ? ISTIO : []),
    ];
  }
  return [
    'node',
    'typha',
    'kube-controllers',
    ...(input.calicoCni ? ['cni'] : []),
    ...(input.flexVolume ? ['pod2daemon-flexvol'] : []),
    ...(input.csi ? ['csi', 'node-driver-registrar'] : []),
    ...(c.apiServer ? ['apiserver'] : []),
    ...(c.goldmane ? ['goldmane'] : []),
    ...(c.whisker ? ['whisker', 'whisker-backend'] : []),
    ...(input.calicoIstio ? ISTIO : []),
  ];
}

/** Full references of every image to mirror: the operator's first, then Calico's. */
export function imagesToMirror(input: ImageInput): string[] {
  const registry = input.images.registry ? trimTrailingSlashes(input.images.registry) : 'quay.io';
  const calicoPath = input.images.imagePath ?? 'calico';
  const operatorPath = input.images.imagePath ?? 'tigera';
  return [
    `${registry}/${operatorPath}/operator:${input.operatorVersion}`,
    ...calicoImageNames(input).map((name) => `${registry}/${calicoPath}/${name}:${input.calicoVersion}`),
  ];
}

/** The image input of a resolved configuration. */
export function imageInputOf(config: {
  readonly calicoVersion: string;
  readonly operatorVersion: string;
  readonly images: ImageInput['images'];
  readonly components: ImageInput['components'];
  readonly mesh: { readonly kind: string; readonly provider?: string };
  readonly cniType: string;
  readonly installation: { readonly kubeletVolumePluginPath?: string; readonly flexVolumePath?: string };
}): ImageInput {
  return {
    calicoVersion: config.calicoVersion,
    operatorVersion: config.operatorVersion,
    images: config.images,
    components: config.components,
    calicoIstio: config.mesh.kind === 'istio' && config.mesh.provider === 'calico',
    csi: config.installation.kubeletVolumePluginPath !== 'None',
    flexVolume: config.installation.flexVolumePath !== 'None',
    calicoCni: config.cniType === 'Calico',
  };
}
