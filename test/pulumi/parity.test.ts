/** The same props give the same Installation, FelixConfiguration and ConfigMap through Pulumi and cdk8s. */
import { registered, resetRegistrations, settle } from '../support/pulumi-mocks';
import * as k8s from '@pulumi/kubernetes';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CalicoEbpfDataplane as Cdk8sDataplane } from '../../lib/cdk8s';
import type { CalicoEbpfDataplaneProps } from '../../lib/core';
import { CalicoEbpfDataplane as PulumiDataplane } from '../../lib/pulumi';
import { MESHES } from '../support/matrix';

const tunings: Array<CalicoEbpfDataplaneProps['felix']> = [
  undefined,
  { mapSizeConntrack: 131072, mapSizeNATBackend: 65536, logLevel: 'Debug', kubeProxyMinSyncPeriod: '2s', dataIfacePattern: '^(eth|ens)[0-9]+$' },
  { scale: { profile: 'small', nodes: 25 }, mapSizeConntrack: 262144 },
];
const observed = (i: number): Partial<CalicoEbpfDataplaneProps> => (i === 2 ? { observability: { selectorLabels: { release: 'prom' } } } : {});
const cases: Array<[string, CalicoEbpfDataplaneProps]> = [];
for (const distribution of ['k3s', 'generic'] as const)
  for (const kubeProxy of ['coexist', 'replace'] as const)
    for (const mesh of MESHES)
      tunings.forEach((felix, i) =>
        cases.push([
          `${distribution}/${kubeProxy}/${mesh.name}/tuning${i}`,
          { distribution, kubeProxy, serviceMesh: mesh.spec, ...(felix ? { felix } : {}), ...observed(i), ...(kubeProxy === 'replace' ? { apiServer: { host: '172.18.0.2', port: 6443 } } : {}) },
        ]),
      );

beforeEach(resetRegistrations);

describe('Pulumi ↔ cdk8s parity', () => {
  it.each(cases)('%s', async (name, props) => {
    // GIVEN the cdk8s output (k3s flavor: the objects carry no GitOps-tool annotations, which Pulumi has no use for)
    const app = Testing.app();
    const cdk8s = new Cdk8sDataplane(app, 'calico', { ...props, gitops: { flavor: 'k3s' } });
    const synthesized = cdk8s.layers.flatMap((c) => Testing.synth(c)) as Array<{ kind: string; apiVersion: string; metadata: { name: string } }>;
    const pick = (kind: string) => synthesized.find((o) => o.kind === kind);

    // WHEN the Pulumi component is created from the same props
    const id = name.replace(/\//g, '-');
    const { apiServer, ...rest } = props;
    const provider = new k8s.Provider(`k8s-${id}`, { kubeconfig: 'dummy' });
    const dp = new PulumiDataplane(id, { ...rest, ...(apiServer ? { apiServer: apiServer as { host: string; port: number } } : {}) }, { providers: { kubernetes: provider } });
    await settle([dp, dp.installation, dp.felixConfiguration, dp.operatorRelease, ...dp.components, ...(dp.istio ? [dp.istio] : []), ...(dp.servicesEndpoint ? [dp.servicesEndpoint] : [])]);
    const reg = (suffix: string) => registered.find((r) => r.name === `${id}-${suffix}`);

    // THEN the objects are equal field for field
    expect(reg('installation')!.inputs).toEqual(pick('Installation'));
    expect(reg('felix-configuration')!.inputs).toEqual(pick('FelixConfiguration'));
    for (const kind of ['APIServer', 'Goldmane', 'Whisker', 'Istio']) {
      if (pick(kind)) expect(reg(kind.toLowerCase())!.inputs).toEqual(pick(kind));
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
    const chart = pick('HelmChart') as unknown as { spec: { valuesContent: string } };
    expect(parse(chart.spec.valuesContent)).toEqual(cdk8s.config.helmValues);
  });
});
