/** The same props give the same Installation, FelixConfiguration and ConfigMap through Pulumi and cdk8s. */
import { registered, resetRegistrations, settle } from '../support/pulumi-mocks';
import * as k8s from '@pulumi/kubernetes';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CalicoEbpfDataplane as Cdk8sDataplane } from '../../lib/cdk8s';
import { DISTRIBUTION_PRESETS, type CalicoEbpfDataplaneProps, type PresetName } from '../../lib/core/internal';
import { CalicoEbpfDataplane as PulumiDataplane } from '../../lib/pulumi';
import { MESHES, presetWithMode } from '../support/matrix';

const tunings: Array<CalicoEbpfDataplaneProps['felix']> = [
  undefined,
  { mapSizeConntrack: 131072, mapSizeNATBackend: 65536, logLevel: 'Debug', kubeProxyMinSyncPeriod: '2s', dataIfacePattern: '^(eth|ens)[0-9]+$' },
  { scale: { profile: 'small', nodes: 25 }, mapSizeConntrack: 262144 },
];
const observed = (i: number): Partial<CalicoEbpfDataplaneProps> => (i === 2 ? { observability: { selectorLabels: { release: 'prom' } } } : {});
const cases: Array<[string, CalicoEbpfDataplaneProps]> = [];
// Every preset × each kube-proxy mode it allows × every mesh; the tunings rotate.
let turn = 0;
for (const distribution of Object.keys(DISTRIBUTION_PRESETS) as PresetName[])
  for (const kubeProxy of DISTRIBUTION_PRESETS[distribution].kubeProxyModes)
    for (const mesh of MESHES) {
      const i = turn++ % tunings.length;
      const felix = tunings[i];
      cases.push([
        `${distribution}/${kubeProxy}/${mesh.name}/tuning${i}`,
        { ...presetWithMode(distribution, kubeProxy), serviceMesh: mesh.spec, ...(felix ? { felix } : {}), ...observed(i) },
      ]);
    }

/** Flux's prune protection is a GitOps annotation Pulumi has no use for (it retains on delete instead). */
function withoutFluxAnnotations<T extends { metadata: { annotations?: Record<string, string> } }>(obj: T | undefined): T | undefined {
  if (!obj?.metadata.annotations) return obj;
  const annotations = Object.fromEntries(Object.entries(obj.metadata.annotations).filter(([k]) => !k.startsWith('kustomize.toolkit.fluxcd.io/')));
  const { annotations: _all, ...metadata } = obj.metadata;
  return { ...obj, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
}

beforeEach(resetRegistrations);

describe('Pulumi ↔ cdk8s parity', () => {
  it.each(cases)('%s', async (name, props) => {
    // GIVEN the cdk8s output (k3s flavor where helm-controller runs, else Flux without its annotations)
    const app = Testing.app();
    const helmController = DISTRIBUTION_PRESETS[props.distribution as PresetName].manifestsDir !== undefined;
    const cdk8s = new Cdk8sDataplane(app, 'calico', { ...props, gitops: { flavor: helmController ? 'k3s' : 'flux' } });
    const synthesized = (
      cdk8s.layers.flatMap((c) => Testing.synth(c)) as Array<{
        kind: string;
        apiVersion: string;
        metadata: { name: string; annotations?: Record<string, string> };
      }>
    ).map((o) => withoutFluxAnnotations(o)!);
    const pick = (kind: string) => synthesized.find((o) => o.kind === kind);

    // WHEN the Pulumi component is created from the same props
    const id = name.replace(/\//g, '-');
    const { apiServer, ...rest } = props;
    const provider = new k8s.Provider(`k8s-${id}`, { kubeconfig: 'dummy' });
    const dp = new PulumiDataplane(
      id,
      { ...rest, ...(apiServer ? { apiServer: apiServer as { host: string; port: number } } : {}) },
      { providers: { kubernetes: provider } },
    );
    await settle([
      dp,
      dp.installation,
      dp.felixConfiguration,
      dp.operatorRelease,
      ...dp.components,
      ...(dp.istio ? [dp.istio] : []),
      ...(dp.servicesEndpoint ? [dp.servicesEndpoint] : []),
    ]);
    const reg = (suffix: string) => registered.find((r) => r.name === `${id}-${suffix}`);

    // THEN the objects are equal field for field; the Installation and the component CRs also tell
    // pulumi-kubernetes to delete them with background propagation (an annotation only that engine
    // reads: see install-plan.ts)
    const background = (obj: (typeof synthesized)[number]) => ({
      ...obj,
      metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, 'pulumi.com/deletionPropagationPolicy': 'background' } },
    });
    expect(reg('installation')!.inputs).toEqual(background(pick('Installation')!));
    expect(reg('felix-configuration')!.inputs).toEqual(pick('FelixConfiguration'));
    for (const kind of ['APIServer', 'Goldmane', 'Whisker', 'Istio']) {
      const obj = pick(kind);
      if (obj) expect(reg(kind.toLowerCase())!.inputs).toEqual(background(obj));
      else expect(reg(kind.toLowerCase())).toBeUndefined();
    }
    const cm = synthesized.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kubernetes-services-endpoint');
    if (cm) {
      expect({ apiVersion: 'v1', kind: 'ConfigMap', ...reg('services-endpoint')!.inputs }).toEqual(cm);
    } else {
      expect(reg('services-endpoint')).toBeUndefined();
    }
    // the monitoring objects too
    for (const obj of synthesized.filter((o) => ['PodMonitor', 'ServiceMonitor', 'PrometheusRule'].includes(o.kind))) {
      const id2 = obj.kind === 'ConfigMap' ? 'dashboard' : obj.kind.toLowerCase();
      expect(reg(id2)!.inputs).toEqual(obj);
    }
    const dashboard = synthesized.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'calico-ebpf-dashboard');
    if (dashboard) expect({ apiVersion: 'v1', kind: 'ConfigMap', ...reg('dashboard')!.inputs }).toEqual(dashboard);
    // and the chart values are the core's, the same the k3s HelmChart carries
    expect(reg('operator')!.inputs.values).toEqual(cdk8s.config.helmValues);
    const chart = pick('HelmChart') as unknown as { spec: { valuesContent: string } } | undefined;
    const release = pick('HelmRelease') as unknown as { spec: { values: unknown } } | undefined;
    expect(chart ? parse(chart.spec.valuesContent) : release!.spec.values).toEqual(cdk8s.config.helmValues);
  });
});
