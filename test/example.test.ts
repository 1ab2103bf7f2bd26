/** The README's main job: the example synthesizes the seed's cluster. */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildApp } from '../examples/cdk8s/main';
import { CalicoEbpfDataplane } from '../lib/cdk8s';

describe('examples/cdk8s', () => {
  const dist = mkdtempSync(join(tmpdir(), 'example-'));
  const out = join(dist, 'calico');
  beforeAll(() => CalicoEbpfDataplane.writeLayers(buildApp(), out));
  const read = (f: string): Record<string, any> => parse(readFileSync(join(out, f), 'utf8'));

  it('matches the committed snapshot', () => {
    expect(buildApp(dist).synthYaml()).toMatchSnapshot();
  });

  it('pins the Flux HelmRelease to v3.33.1 from the Calico HelmRepository, and has no CRD release', () => {
    expect(read('calico-operator/HelmRepository.projectcalico.k8s.yaml').spec.url).toBe('https://docs.tigera.io/calico/charts');
    expect(read('calico-operator/HelmRelease.tigera-operator.k8s.yaml').spec.chart.spec).toMatchObject({
      chart: 'tigera-operator',
      version: 'v3.33.1',
    });
    expect(existsSync(join(out, 'calico-operator/HelmRelease.calico-crds.k8s.yaml'))).toBe(false);
  });

  it('writes the k3s bootstrap, and beside the GitOps folder a k3d config that reads it', () => {
    const chart = read('calico-k3s-1-operator/HelmChart.tigera-operator.k8s.yaml');
    expect(chart.spec).toMatchObject({ bootstrap: true, failurePolicy: 'abort', targetNamespace: 'tigera-operator', version: 'v3.33.1' });
    expect(readdirSync(dist)).toEqual(['calico', 'k3d-dev.yaml']);
    const k3d = parse(readFileSync(join(dist, 'k3d-dev.yaml'), 'utf8'));
    expect(k3d.options.k3s.extraArgs.map((a: { arg: string }) => a.arg)).toEqual([
      '--flannel-backend=none',
      '--disable-network-policy',
      '--cluster-cidr=10.42.0.0/16',
      '--service-cidr=10.43.0.0/16',
    ]);
    // One file per layer, named so that k3s tracks each with its own Addon; the k3d config reads those files.
    expect(readdirSync(join(out, 'calico-k3s-manifests')).sort()).toEqual([
      'calico-k3s-0-namespace.yaml',
      'calico-k3s-1-operator.yaml',
      'calico-resources.yaml',
    ]);
    const operator = k3d.files.find((f: { destination: string }) => f.destination === 'k3s-manifests/calico-k3s-1-operator.yaml');
    // Relative to the config file, as k3d resolves it.
    expect(operator.source).toBe('calico/calico-k3s-manifests/calico-k3s-1-operator.yaml');
    expect(readFileSync(join(dist, operator.source), 'utf8')).toContain(
      readFileSync(join(out, 'calico-k3s-1-operator/HelmChart.tigera-operator.k8s.yaml'), 'utf8'),
    );
    // Nothing in the GitOps folder is the k3d config.
    expect(readdirSync(out).filter((f) => f.includes('k3d'))).toEqual([]);
  });

  it('renders Installation default with BPF and the k3s pool', () => {
    const inst = read('calico-resources/Installation.default.k8s.yaml');
    expect(inst.spec.calicoNetwork.linuxDataplane).toBe('BPF');
    expect(inst.spec.calicoNetwork.ipPools).toEqual([expect.objectContaining({ cidr: '10.42.0.0/16', encapsulation: 'VXLANCrossSubnet' })]);
  });

  it('renders FelixConfiguration default for kube-proxy coexistence and Istio, without operator-owned fields', () => {
    const felix = read('calico-resources/FelixConfiguration.default.k8s.yaml');
    expect(felix.spec).toMatchObject({
      bpfConnectTimeLoadBalancing: 'Disabled',
      bpfHostNetworkedNATWithoutCTLB: 'Enabled',
      bpfExternalServiceMode: 'Tunnel',
      bpfKubeProxyIptablesCleanupEnabled: false,
      bpfKubeProxyHealthzPort: 0,
    });
    expect(felix.spec).not.toHaveProperty('bpfEnabled');
  });

  it('sizes the BPF maps for k3d-dev (the conntrack map at 45,056 entries instead of 512,000)', () => {
    const felix = read('calico-resources/FelixConfiguration.default.k8s.yaml');
    expect(felix.spec).toMatchObject({
      bpfMapSizeConntrack: 45_056,
      bpfMapSizeNATBackend: 1_024,
      bpfMapSizeNATAffinity: 1_024,
      bpfMapSizeIPSets: 1_048_576,
    });
  });
});
