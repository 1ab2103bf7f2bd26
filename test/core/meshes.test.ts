/** Service meshes as Calico v3.32.1 does them, and the field-ownership rules (meshes-and-ownership.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FELIX_FIELD_OWNERSHIP,
  lifecycleTable,
  ownershipMarkdown,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  resolveFelixBpfTuning,
  type CalicoEbpfDataplaneProps,
} from '../../lib/core/internal';
import { validationErrorOf } from '../support/errors';

const felixSpec = (props: CalicoEbpfDataplaneProps) =>
  renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane(props)).felixConfiguration.spec as Record<string, unknown>;
const messages = (props: CalicoEbpfDataplaneProps) =>
  validationErrorOf(() => resolveCalicoEbpfDataplane(props)).problems.map((p) => `[${p.code}] ${p.message}`);
const CALICO_ISTIO = { kind: 'istio', provider: 'calico', mode: 'ambient' } as const;

describe('Felix fields per mesh', () => {
  it.each([
    ['"istio" (unchanged for existing users)', 'istio', 'Disabled', 'Enabled'],
    ['"linkerd"', 'linkerd', 'Disabled', 'Enabled'],
    ['{ kind: linkerd }', { kind: 'linkerd' }, 'Disabled', 'Enabled'],
    ['upstream Istio ambient', { kind: 'istio', provider: 'upstream', mode: 'ambient' }, 'Disabled', 'Enabled'],
    ['upstream Istio mixed', { kind: 'istio', mode: 'mixed' }, 'Disabled', 'Enabled'],
    ["Calico's Istio ambient", CALICO_ISTIO, 'Disabled', 'Enabled'],
    ['"none": Felix defaults, written so leaving a mesh resets them', 'none', 'TCP', 'Enabled'],
    ['{ kind: none }', { kind: 'none' }, 'TCP', 'Enabled'],
  ] as const)('%s', (_name, serviceMesh, ctlb, hostNat) => {
    const spec = felixSpec({ serviceMesh: serviceMesh as CalicoEbpfDataplaneProps['serviceMesh'] });
    expect(spec).toMatchObject({ bpfConnectTimeLoadBalancing: ctlb, bpfHostNetworkedNATWithoutCTLB: hostNat });
    // The Istio controller's fields are never written, whoever installs Istio.
    expect(spec).not.toHaveProperty('istioAmbientMode');
    expect(spec).not.toHaveProperty('istioDSCPMark');
  });

  it('"istio" renders exactly what it rendered before the mesh union', () => {
    expect(felixSpec({ serviceMesh: 'istio' })).toEqual(felixSpec({}));
    expect(felixSpec({ serviceMesh: 'istio' })).toEqual(felixSpec({ serviceMesh: { kind: 'istio', provider: 'upstream', mode: 'sidecar' } }));
    expect(renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ serviceMesh: 'istio' })).istio).toBeUndefined();
  });

  it('honours host NAT Disabled with CTLB TCP (no silent rewrite), with a warning', () => {
    const config = resolveCalicoEbpfDataplane({ serviceMesh: 'none', hostNetworkedNATWithoutCTLB: 'Disabled' });
    expect(renderCalicoEbpfDataplane(config).felixConfiguration.spec).toMatchObject({
      bpfConnectTimeLoadBalancing: 'TCP',
      bpfHostNetworkedNATWithoutCTLB: 'Disabled',
    });
    expect(config.warnings.map((w) => w.message).join('\n')).toMatch(
      /hostNetworkedNATWithoutCTLB "Disabled" with connectTimeLoadBalancing "TCP": .*UDP services \(DNS among them\) may not work/,
    );
  });

  it('writes host NAT Disabled with CTLB Enabled, and refuses an explicit Enabled', () => {
    expect(felixSpec({ serviceMesh: 'none', connectTimeLoadBalancing: 'Enabled' })).toMatchObject({ bpfHostNetworkedNATWithoutCTLB: 'Disabled' });
    expect(messages({ serviceMesh: 'none', connectTimeLoadBalancing: 'Enabled', hostNetworkedNATWithoutCTLB: 'Enabled' })).toEqual([
      `[CONTRADICTORY_SETTINGS] 'hostNetworkedNATWithoutCTLB' "Enabled" has no effect with connectTimeLoadBalancing "Enabled" (Felix forces it off and warns at every start); remove it`,
    ]);
  });

  it('warns about the DSR underlay', () => {
    expect(
      resolveCalicoEbpfDataplane({ externalServiceMode: 'DSR' })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).toMatch(/externalServiceMode "DSR": .*source\/destination checks off .*one L2 segment or a routed return path/);
    expect(
      resolveCalicoEbpfDataplane({})
        .warnings.map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/DSR/);
  });
});

describe("Calico's Istio resource", () => {
  it('renders Istio default with dscpMark and the pod overrides under spec.<component>.spec.template.spec', () => {
    const rendered = renderCalicoEbpfDataplane(
      resolveCalicoEbpfDataplane({
        serviceMesh: {
          ...CALICO_ISTIO,
          dscpMark: 23,
          ztunnel: { resources: { requests: { cpu: '100m', memory: '128Mi' } }, tolerations: [{ operator: 'Exists' }] },
          istiod: { nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' } },
        },
      }),
    );
    expect(rendered.istio).toEqual({
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Istio',
      metadata: { name: 'default' },
      spec: {
        dscpMark: 23,
        istiod: { spec: { template: { spec: { nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' } } } } },
        ztunnel: {
          spec: { template: { spec: { resources: { requests: { cpu: '100m', memory: '128Mi' } }, tolerations: [{ operator: 'Exists' }] } } },
        },
      },
    });
  });

  it('k3s: follows the Installation in the resources file k3s applies', () => {
    const config = resolveCalicoEbpfDataplane({ serviceMesh: CALICO_ISTIO, gitops: { flavor: 'k3s' } });
    const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    const kinds = layers.find((l) => l.role === 'resources')!.objects.map((o) => o.kind);
    expect(kinds.indexOf('Istio')).toBeGreaterThan(kinds.indexOf('Installation'));
  });

  it('flux: its own Kustomization, which dependsOn the resources one', () => {
    const config = resolveCalicoEbpfDataplane({ serviceMesh: CALICO_ISTIO, gitops: { flavor: 'flux' } });
    const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    const rows = lifecycleTable(layers);
    const istio = rows.find((r) => r.object === 'Istio/default')!;
    expect(istio.layer).toBe('calico-istio');
    expect(istio.protections).toContain('flux prune disabled');
    expect(layers.find((l) => l.role === 'resources')!.objects.map((o) => o.kind)).not.toContain('Istio');
    const ks = layers.find((l) => l.role === 'flux')!.objects.find((o) => o.metadata.name === 'calico-istio')!;
    expect(ks.spec).toMatchObject({ path: './dist/calico-istio', dependsOn: [{ name: 'calico-resources' }] });
  });

  it('argocd: its own Application, a wave after the resources', () => {
    const config = resolveCalicoEbpfDataplane({
      serviceMesh: CALICO_ISTIO,
      gitops: { flavor: 'argocd', argocd: { repoURL: 'https://git.example.com/p.git' } },
    });
    const apps = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)).find((l) => l.role === 'argocd')!.objects;
    const wave = (name: string) => Number(apps.find((a) => a.metadata.name === name)!.metadata.annotations!['argocd.argoproj.io/sync-wave']);
    expect(wave('calico-istio')).toBeGreaterThan(wave('calico-resources'));
    expect((apps.find((a) => a.metadata.name === 'calico-istio')!.spec as any).source.path).toBe('dist/calico-istio');
  });

  it('warns: ambient on eBPF, the k3s host-network check, tech preview', () => {
    const warnings = resolveCalicoEbpfDataplane({ serviceMesh: CALICO_ISTIO })
      .warnings.map((w) => w.message)
      .join('\n');
    expect(warnings).toMatch(/Istio ambient on the eBPF dataplane: a policy change does not cut connections ztunnel has already established/);
    expect(warnings).toMatch(
      /kubectl run hostnet-check --rm -i --restart=Never --image=curlimages\/curl --overrides='\{"spec":\{"hostNetwork":true\}\}'/,
    );
    expect(warnings).toMatch(
      /tech preview; workloads join with the label istio\.io\/dataplane-mode=ambient; to remove it, drop those labels first, then the Istio resource/,
    );
    // No host-network hint off k3s, no tech-preview note for upstream Istio, no ambient note for sidecar.
    expect(
      resolveCalicoEbpfDataplane({
        distribution: 'kubeadm',
        podCidrs: ['10.10.0.0/16'],
        serviceMesh: { kind: 'istio', mode: 'ambient' },
      })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/hostnet-check|tech preview/);
    expect(
      resolveCalicoEbpfDataplane({ serviceMesh: 'istio' })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/ambient/);
  });

  it.each([
    [
      'a mode other than ambient',
      { kind: 'istio', provider: 'calico', mode: 'sidecar' },
      /\[CONTRADICTORY_SETTINGS\] 'serviceMesh\.mode' "sidecar" is not available with provider "calico": Calico's Istio installs the ambient profile only/,
    ],
    [
      'dscpMark 0',
      { ...CALICO_ISTIO, dscpMark: 0 },
      /\[OUT_OF_RANGE\] 'serviceMesh\.dscpMark' must be from 1 to 63, got 0 \(a DSCP value; 0 passes the CRD but the patched istio-cni then redirects nothing\)/,
    ],
    ['dscpMark 64', { ...CALICO_ISTIO, dscpMark: 64 }, /'serviceMesh\.dscpMark' must be from 1 to 63, got 64/],
    [
      'an unknown component key',
      { ...CALICO_ISTIO, ztunnel: { nodeSelectr: {} } },
      /\[UNKNOWN_FIELD\] 'serviceMesh\.ztunnel\.nodeSelectr' is not a known setting; did you mean 'nodeSelector'\?/,
    ],
    [
      'a bad toleration',
      { ...CALICO_ISTIO, istioCNI: { tolerations: [{ operator: 'Maybe' }] } },
      /'serviceMesh\.istioCNI\.tolerations\[0\]\.operator' must be one of "Exists", "Equal", got "Maybe"/,
    ],
    [
      'a non-string node selector',
      { ...CALICO_ISTIO, istiod: { nodeSelector: { zone: 1 } } },
      /'serviceMesh\.istiod\.nodeSelector' must map label keys to string values/,
    ],
    ['an unknown provider', { kind: 'istio', provider: 'tigera' }, /'serviceMesh\.provider' must be one of "upstream", "calico", got "tigera"/],
    ['an upstream-only key on calico', { ...CALICO_ISTIO, revision: 'x' }, /'serviceMesh\.revision' is not a known setting/],
  ])('refuses %s', (_name, serviceMesh, message) => {
    expect(messages({ serviceMesh: serviceMesh as never }).join('\n')).toMatch(message);
  });

  it('refuses CTLB TCP or Enabled and host NAT Disabled with every mesh', () => {
    for (const serviceMesh of ['istio', 'linkerd', CALICO_ISTIO, { kind: 'istio', mode: 'ambient' }] as const) {
      expect(messages({ serviceMesh, connectTimeLoadBalancing: 'Enabled' }).join('\n')).toMatch(
        /\[MESH_WITH_CTLB\] 'connectTimeLoadBalancing' "Enabled" cannot be used with/,
      );
      expect(messages({ serviceMesh, connectTimeLoadBalancing: 'TCP' }).join('\n')).toMatch(/\[MESH_WITH_CTLB\]/);
      expect(messages({ serviceMesh, hostNetworkedNATWithoutCTLB: 'Disabled' }).join('\n')).toMatch(
        /'hostNetworkedNATWithoutCTLB' "Disabled" cannot be used with .*host-networked pods \(istio-cni, node agents\) reach services only through host NAT/,
      );
    }
  });
});

describe('FelixConfiguration field ownership', () => {
  it('lets the user set the fields the operator only defaults, with range checks', () => {
    expect(resolveFelixBpfTuning({ vxlanPort: 4790, vxlanVNI: 4097, healthPort: 9199 }).spec).toMatchObject({
      vxlanPort: 4790,
      vxlanVNI: 4097,
      healthPort: 9199,
    });
    const problems = validationErrorOf(() => resolveFelixBpfTuning({ vxlanPort: 0, vxlanVNI: 16_777_216, healthPort: 65536 })).problems.map(
      (p) => p.message,
    );
    expect(problems).toEqual([
      "'vxlanPort' must be from 1 to 65535, got 0",
      "'vxlanVNI' must be from 1 to 16777215, got 16777216",
      "'healthPort' must be from 1 to 65535, got 65536",
    ]);
  });

  it('refuses programClusterRoutes only while clusterRoutingMode is set', () => {
    expect(messages({ clusterRoutingMode: 'Felix', felix: { additionalSpec: { programClusterRoutes: 'Enabled' } } })).toEqual([
      `[OPERATOR_OWNED_FIELD] 'felix.additionalSpec.programClusterRoutes' must not be set while 'clusterRoutingMode' is "Felix": the operator writes programClusterRoutes from it; change clusterRoutingMode instead`,
    ]);
    expect(felixSpec({ felix: { additionalSpec: { programClusterRoutes: 'Enabled' } } })).toMatchObject({ programClusterRoutes: 'Enabled' });
    expect(renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ clusterRoutingMode: 'Felix' })).installation.spec).toMatchObject({
      calicoNetwork: { clusterRoutingMode: 'Felix' },
    });
  });

  it('every field of the table is refused, typed or decided as its rule says', () => {
    for (const row of FELIX_FIELD_OWNERSHIP) {
      if (row.rule === 'refused with clusterRoutingMode') continue;
      if (row.rule === 'distribution preset') {
        // Passed through a standalone tuning and on other platforms; refused only against the preset's value.
        expect(resolveFelixBpfTuning({ additionalSpec: { [row.field]: '/x' } }).spec[row.field]).toBe('/x');
        expect(
          validationErrorOf(() =>
            resolveCalicoEbpfDataplane({ distribution: 'talos', felix: { additionalSpec: { [row.field]: '/x' } } }),
          ).problems.map((p) => p.code),
        ).toEqual(['PLATFORM_CONFLICT']);
        continue;
      }
      const problems = validationErrorOf(() => resolveFelixBpfTuning({ additionalSpec: { [row.field]: 'x' } })).problems;
      const expected = {
        never: 'OPERATOR_OWNED_FIELD',
        'typed prop (operator default)': 'ESCAPE_HATCH_CONFLICT',
        'dataplane prop': 'ESCAPE_HATCH_CONFLICT',
      }[row.rule];
      expect([row.field, problems.map((p) => p.code)]).toEqual([row.field, [expected]]);
    }
  });

  it("docs/meshes.md's ownership table is the core's table", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'meshes.md'), 'utf8');
    const start = readme.indexOf('<!-- felix-field-ownership:start -->');
    const end = readme.indexOf('<!-- felix-field-ownership:end -->');
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start, end).split('\n').slice(1).join('\n').trim()).toBe(ownershipMarkdown());
  });
});
