/**
 * Calico releases as data: every known release renders with its own pins, 3.33-only props and
 * values are refused on 3.32 naming the version, and each line's differences show in the output.
 */
import {
  CALICO_RELEASES,
  LINE_FACTS,
  VERSION_GATES,
  imageInputOf,
  imagesToMirror,
  renderCalicoEbpfDataplane,
  resolveCalicoEbpfDataplane,
  resolveFelixBpfTuning,
  renderFelixConfiguration,
  type CalicoEbpfDataplaneProps,
} from '../../lib/core/internal';
import { CrdValidator } from '../support/crd-validator';
import { validationErrorOf } from '../support/errors';

const messages = (props: CalicoEbpfDataplaneProps): string[] =>
  validationErrorOf(() => resolveCalicoEbpfDataplane(props)).problems.map((p) => `[${p.code}] ${p.message}`);

describe('every known release renders with its own pins', () => {
  it.each(CALICO_RELEASES.map((r) => [r.version, r.operator, r.line] as const))('%s: chart %s, operator %s', (version, operator) => {
    const config = resolveCalicoEbpfDataplane({ calicoVersion: version });
    const rendered = renderCalicoEbpfDataplane(config);
    expect(config.operatorVersion).toBe(operator);
    expect(rendered.helmReleases[0]).toMatchObject({ chart: 'tigera-operator', version });
    expect((config.helmValues as { tigeraOperator: { version: string } }).tigeraOperator.version).toBe(operator);
  });

  it('knows the patch releases of both lines and defaults to v3.33.1', () => {
    expect(CALICO_RELEASES.map((r) => `${r.version}→${r.operator}`)).toEqual([
      'v3.32.0→v1.42.0',
      'v3.32.1→v1.42.3',
      'v3.32.2→v1.42.6',
      'v3.32.3→v1.42.7',
      'v3.32.4→v1.42.8',
      'v3.33.0→v1.44.0',
      'v3.33.1→v1.44.1',
    ]);
    expect(resolveCalicoEbpfDataplane().calicoVersion).toBe('v3.33.1');
  });

  it('warns to prefer v3.33.1 over v3.33.0', () => {
    expect(
      resolveCalicoEbpfDataplane({ calicoVersion: 'v3.33.0' })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).toMatch(/its operator \(v1\.44\.0\) can overwrite or remove FelixConfiguration settings .* use v3\.33\.1/);
    expect(
      resolveCalicoEbpfDataplane({ calicoVersion: 'v3.33.1' })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/v1\.44\.0/);
  });

  it('renders a later patch of a known line with the line facts when the operator is given, and says so', () => {
    const config = resolveCalicoEbpfDataplane({ calicoVersion: 'v3.33.2', operatorVersion: 'v1.44.2' });
    expect(config.calicoLine).toBe('v3.33');
    expect(config.warnings.map((w) => w.message).join('\n')).toMatch(
      /calicoVersion "v3\.33\.2" is not a release this library knows .* rendered with the facts of the v3\.33 line and operator v1\.44\.2/,
    );
  });
});

describe('3.33-only props and values on 3.32 are refused with the version that has them', () => {
  const felixProp = { attachType: 'Netkit', ipFragmentReassemblyEnabled: false, ipFragTimeout: '10s', overlayHostSourceIP: 'HostAddress' } as const;
  const dataplaneProp = {
    linuxPodInterfaceType: 'Netkit',
    imagePullPolicy: 'Always',
    cniSpecVersion: '0.3.1',
    typhaPodDisruptionBudget: { maxUnavailable: 1 },
    clusterRoutingMode: 'FelixIPIPOnly',
  } as const;

  it.each(Object.entries(felixProp))('felix.%s', (prop, value) => {
    expect(messages({ calicoVersion: 'v3.32.4', felix: { [prop]: value } })).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[UNSUPPORTED_VERSION\\] 'felix\\.${prop}'.* needs Calico v3\\.33\\.0 or later \\(it writes FelixConfiguration .*\\), but calicoVersion is "v3\\.32\\.4"; set calicoVersion to v3\\.33\\.0 or later, or remove it$`,
        ),
      ),
    ]);
    // …and is written on 3.33.
    const field = VERSION_GATES.find((g) => g.prop === prop)!.writes.replace('FelixConfiguration ', '');
    expect(resolveCalicoEbpfDataplane({ felix: { [prop]: value } }).felix.spec[field]).toEqual(value);
  });

  it.each(Object.entries(dataplaneProp))('%s', (prop, value) => {
    expect(messages({ calicoVersion: 'v3.32.4', [prop]: value } as CalicoEbpfDataplaneProps)).toEqual([
      expect.stringMatching(new RegExp(`^\\[UNSUPPORTED_VERSION\\] '${prop}'.* needs Calico v3\\.33\\.0 or later`)),
    ]);
  });

  it('every gate is exercised above', () => {
    expect(VERSION_GATES.map((g) => g.prop).sort()).toEqual([...Object.keys(felixProp), ...Object.keys(dataplaneProp)].sort());
  });

  it('attachType TC and TCX exist on both lines; only Netkit is new', () => {
    expect(resolveCalicoEbpfDataplane({ calicoVersion: 'v3.32.1', felix: { attachType: 'TCX' } }).felix.spec).toMatchObject({ bpfAttachType: 'TCX' });
  });

  it('an escape-hatch field of 3.33 on 3.32 names the release that has it', () => {
    expect(
      validationErrorOf(() => resolveFelixBpfTuning({ calicoVersion: 'v3.32.4', additionalSpec: { localSubnetL2Reachability: 'Disabled' } })).message,
    ).toMatch(
      /'additionalSpec\.localSubnetL2Reachability' is not a FelixConfiguration field in Calico v3\.32\.4; it exists from v3\.33\.0: set calicoVersion to v3\.33\.0 or later, or remove it/,
    );
  });

  it('FIPS mode is refused on 3.33 and passes on 3.32', () => {
    expect(messages({ installationOverrides: { fipsMode: 'Enabled' } })).toEqual([
      `[UNSUPPORTED_VERSION] 'installationOverrides.fipsMode' "Enabled" is not available in Calico v3.33.1: FIPS mode was removed in 3.33 (no -fips images; the operator marks the Installation Degraded); remove it, or stay on the 3.32 line`,
    ]);
    expect(
      (
        renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ calicoVersion: 'v3.32.4', installationOverrides: { fipsMode: 'Enabled' } }))
          .installation.spec as { fipsMode: string }
      ).fipsMode,
    ).toBe('Enabled');
  });
});

describe('typed Felix props are checked against the CRD of each line', () => {
  const all = {
    attachType: 'TCX',
    conntrackMode: 'BPFProgram',
    maglevMaxServices: 3000,
    maglevMaxEndpointsPerService: 1,
    redirectToPeer: 'Disabled',
    jitHardening: 'Strict',
    hostConntrackBypass: true,
    policyDebugEnabled: false,
    xdpEnabled: false,
  } as const;

  it.each([
    ['v3.32.4', 'v3.32', {}],
    ['v3.33.1', 'v3.33', { attachType: 'Netkit', ipFragmentReassemblyEnabled: true, ipFragTimeout: '30s', overlayHostSourceIP: 'TunnelAddress' }],
  ] as const)('%s: the FelixConfiguration with every typed prop validates against the %s CRD', (calicoVersion, line, extra) => {
    const tuning = resolveFelixBpfTuning({ calicoVersion, ...all, ...extra });
    const felix = renderFelixConfiguration(tuning);
    expect(CrdValidator.fromGenerated(line).errors(felix)).toEqual([]);
    expect(felix.spec).toMatchObject({ bpfConntrackMode: 'BPFProgram', bpfMaglevMaxServices: 3000, bpfJITHardening: 'Strict', xdpEnabled: false });
  });

  it.each([
    [{ attachType: 'tcx' }, `'attachType' must be one of "TC", "TCX", "Netkit", got "tcx"; did you mean "TCX"?`],
    [{ maglevMaxServices: 5000 }, `'maglevMaxServices' must be from 1 to 3000, got 5000`],
    [{ xdpEnabled: 'yes' }, `'xdpEnabled' must be true or false, got "yes"`],
    [{ overlayHostSourceIP: 'Node' }, `'overlayHostSourceIP' must be one of "TunnelAddress", "HostAddress", got "Node"`],
  ] as const)('%j is refused with what is allowed', (props, message) => {
    expect(validationErrorOf(() => resolveFelixBpfTuning(props as never)).problems.map((p) => p.message)).toEqual([message]);
  });

  it('a typed prop takes its field out of the escape hatch', () => {
    expect(validationErrorOf(() => resolveFelixBpfTuning({ additionalSpec: { bpfAttachType: 'TC' } })).message).toMatch(
      /'additionalSpec\.bpfAttachType' has a typed prop; set 'attachType' instead/,
    );
  });
});

describe('FelixBpfTuning for a group of nodes (name + nodeSelector)', () => {
  it('renders a named FelixConfiguration with the selector', () => {
    const tuning = resolveFelixBpfTuning({ name: 'workers', nodeSelector: "node-role.kubernetes.io/worker == 'true'", logLevel: 'Debug' });
    expect(renderFelixConfiguration(tuning)).toEqual({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'FelixConfiguration',
      metadata: { name: 'workers' },
      spec: { bpfLogLevel: 'Debug', nodeSelector: "node-role.kubernetes.io/worker == 'true'" },
    });
  });

  it.each([
    [
      { name: 'default', nodeSelector: 'all()' },
      `'name' "default" is reserved (the CRD forbids a nodeSelector on "default" and "node.*"); pick another name, or use nodeName for one node`,
    ],
    [
      { name: 'node.x', nodeSelector: 'all()' },
      `'name' "node.x" is reserved (the CRD forbids a nodeSelector on "default" and "node.*"); pick another name, or use nodeName for one node`,
    ],
    [{ name: 'workers' }, `'nodeSelector' is required with 'name': a node-group FelixConfiguration needs both a name and the selector of its nodes`],
    [
      { name: 'workers', nodeSelector: 'all()', nodeName: 'n1' },
      `'name'/'nodeSelector' and 'nodeName' are two ways to pick nodes; use nodeName for one node, or name and nodeSelector for a group`,
    ],
  ] as const)('%j is refused', (props, message) => {
    expect(validationErrorOf(() => resolveFelixBpfTuning(props as never)).problems.map((p) => p.message)).toContain(message);
  });

  it('is refused inside the dataplane, which always writes default', () => {
    expect(messages({ felix: { name: 'workers', nodeSelector: 'all()' } as never }).join('\n')).toMatch(/'felix\.name' cannot be set here/);
  });
});

describe('WireGuard', () => {
  it('writes the three fields, false as well, so turning it off reaches the cluster', () => {
    const on = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ wireguard: { ipv4: true } })).felixConfiguration.spec;
    expect(on).toMatchObject({ wireguardEnabled: true, wireguardEnabledV6: false, wireguardHostEncryptionEnabled: false });
    const off = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ wireguard: {} })).felixConfiguration.spec;
    expect(off).toMatchObject({ wireguardEnabled: false });
    expect(renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane()).felixConfiguration.spec).not.toHaveProperty('wireguardEnabled');
  });

  it('refuses IPv6 without an IPv6 pool and host encryption alone; warns about an explicit MTU', () => {
    expect(messages({ wireguard: { ipv6: true, hostEncryption: true } })).toEqual([
      `[CONTRADICTORY_SETTINGS] 'wireguard.ipv6' encrypts IPv6 pod traffic, but there is no IPv6 pool; add one to 'ipPools' or remove it`,
    ]);
    expect(messages({ wireguard: { hostEncryption: true } })).toEqual([
      `[CONTRADICTORY_SETTINGS] 'wireguard.hostEncryption' needs WireGuard on for a family; set wireguard.ipv4 (or ipv6) true, or remove it`,
    ]);
    expect(
      resolveCalicoEbpfDataplane({ wireguard: { ipv4: true }, mtu: 1450 })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).toMatch(/wireguard with mtu 1450: WireGuard adds 60 bytes .* at most the hosts' MTU − 60 \(1440 on a 1500-byte network\)/);
  });

  it("its fields are the dataplane's, not the escape hatch's", () => {
    expect(messages({ felix: { additionalSpec: { wireguardEnabled: true } } })).toEqual([
      `[ESCAPE_HATCH_CONFLICT] 'felix.additionalSpec.wireguardEnabled' is decided by CalicoEbpfDataplane; use its prop wireguard.ipv4 instead`,
    ]);
  });
});

describe('3.33 Installation settings', () => {
  it('writes linuxPodInterfaceType, imagePullPolicy (also for the operator), cni.specVersion and the Typha budget, valid against the 3.33 CRD', () => {
    const config = resolveCalicoEbpfDataplane({
      linuxPodInterfaceType: 'Netkit',
      imagePullPolicy: 'Never',
      cniSpecVersion: '0.3.1',
      typhaPodDisruptionBudget: { minAvailable: 1 },
    });
    const installation = renderCalicoEbpfDataplane(config).installation;
    expect(installation.spec).toMatchObject({
      calicoNetwork: { linuxPodInterfaceType: 'Netkit' },
      imagePullPolicy: 'Never',
      cni: { type: 'Calico', ipam: { type: 'Calico' }, specVersion: '0.3.1' },
      typhaPodDisruptionBudget: { spec: { minAvailable: 1 } },
    });
    expect((config.helmValues as { tigeraOperator: { imagePullPolicy: string } }).tigeraOperator.imagePullPolicy).toBe('Never');
    expect(CrdValidator.fromGenerated('v3.33').errors(installation)).toEqual([]);
    expect(config.warnings.map((w) => w.message).join('\n')).toMatch(
      /linuxPodInterfaceType "Netkit": pods get netkit devices on Linux 6\.7 or later/,
    );
  });

  it('refuses netkit pods with a cloud CNI and a budget with both bounds', () => {
    expect(
      messages({ distribution: 'eks', cni: 'AmazonVPC', apiServer: { host: 'x.eks.amazonaws.com' }, linuxPodInterfaceType: 'Netkit' }),
    ).toContain(
      `[CONTRADICTORY_SETTINGS] 'linuxPodInterfaceType' needs Calico CNI (the operator refuses it with cni "AmazonVPC": "supported only for Calico CNI"); remove it`,
    );
    expect(messages({ typhaPodDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } })).toEqual([
      `[CONTRADICTORY_SETTINGS] 'typhaPodDisruptionBudget' may set minAvailable or maxUnavailable, not both (the CRD: "minAvailable and maxUnavailable are mutually exclusive")`,
    ]);
  });

  it('warns about 3.33 kernels: BTF everywhere, and fragment reassembly on exactly 5.10', () => {
    const warnings = resolveCalicoEbpfDataplane()
      .warnings.map((w) => w.message)
      .join('\n');
    expect(warnings).toMatch(
      /Calico v3\.33\.1 loads only CO-RE BPF programs: every node needs Linux 5\.10 or later with BTF .*; IP fragment reassembly \(on by default\) needs a kernel newer than 5\.10 — on 5\.10 nodes set felix\.ipFragmentReassemblyEnabled false/,
    );
    expect(
      resolveCalicoEbpfDataplane({ felix: { ipFragmentReassemblyEnabled: false } })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/fragment reassembly/);
    expect(
      resolveCalicoEbpfDataplane({ calicoVersion: 'v3.32.4' })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/CO-RE/);
  });
});

describe('images to mirror follow the release', () => {
  const mirror = (calicoVersion: string) =>
    imagesToMirror(
      imageInputOf(resolveCalicoEbpfDataplane({ calicoVersion, registry: 'registry.example.com', kubeletVolumePluginPath: '/var/lib/kubelet' })),
    );

  it('3.32: one image per component', () => {
    expect(mirror('v3.32.4')).toEqual([
      'registry.example.com/tigera/operator:v1.42.8',
      ...[
        'node',
        'typha',
        'kube-controllers',
        'cni',
        'pod2daemon-flexvol',
        'csi',
        'node-driver-registrar',
        'apiserver',
        'goldmane',
        'whisker',
        'whisker-backend',
      ].map((n) => `registry.example.com/calico/${n}:v3.32.4`),
    ]);
  });

  it('3.33: the combined calico/calico beside calico/node, the CNI plugins and the whisker UI', () => {
    expect(mirror('v3.33.1')).toEqual([
      'registry.example.com/tigera/operator:v1.44.1',
      ...['calico', 'node', 'third-party-cni-plugins', 'whisker'].map((n) => `registry.example.com/calico/${n}:v3.33.1`),
    ]);
    expect(LINE_FACTS['v3.33'].images).toBe('combined');
  });
});
