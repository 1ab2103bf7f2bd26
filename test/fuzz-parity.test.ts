/** Fuzzed props give the same objects through Pulumi (under mocks) and cdk8s. */
import { registered, resetRegistrations, settle } from './support/pulumi-mocks';
import * as k8s from '@pulumi/kubernetes';
import fc from 'fast-check';
import { Testing } from 'cdk8s';
import { CalicoEbpfDataplane as Cdk8sDataplane } from '../lib/cdk8s';
import { CalicoValidationError, type CalicoEbpfDataplaneProps } from '../lib/core/internal';
import { CalicoEbpfDataplane as PulumiDataplane } from '../lib/pulumi';
import { PULUMI_DELETE_PROPAGATION } from '../lib/pulumi/calico-ebpf-dataplane';
import { validProps } from './support/arbitraries';

const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 100), 1000);
let n = 0;

describe(`fuzzed props: cdk8s and Pulumi agree (${RUNS} runs)`, () => {
  it('every object Pulumi registers equals the one cdk8s synthesizes (k3s flavor: no GitOps annotations)', async () => {
    await fc.assert(
      fc.asyncProperty(validProps, async (generated) => {
        const props = { ...(generated as CalicoEbpfDataplaneProps), gitops: { flavor: 'k3s' as const } };
        let synthesized: Array<{ kind: string; metadata: { name: string; namespace?: string } }>;
        try {
          synthesized = new Cdk8sDataplane(Testing.app(), 'calico', props).layers.flatMap((c) => Testing.synth(c)) as never;
        } catch (e) {
          if (CalicoValidationError.isCalicoValidationError(e)) return;
          throw e;
        }
        resetRegistrations();
        const id = `fz${n++}`;
        const { k3d: _k3d, gitops: _gitops, ...args } = props;
        const dp = new PulumiDataplane(id, args as never, { providers: { kubernetes: new k8s.Provider(`k8s-${id}`, { kubeconfig: 'dummy' }) } });
        await settle([
          dp,
          dp.installation,
          dp.felixConfiguration,
          dp.operatorRelease,
          ...dp.components,
          ...(dp.istio ? [dp.istio] : []),
          ...(dp.servicesEndpoint ? [dp.servicesEndpoint] : []),
        ]);
        for (const plan of dp.plan.filter((p) => p.type !== 'kubernetes:helm.sh/v3:Release')) {
          const reg = registered.find((r) => r.name === plan.name)!;
          const registeredInputs = plan.type.startsWith('kubernetes:core/v1:')
            ? { apiVersion: 'v1', kind: plan.type.split(':').pop(), ...reg.inputs }
            : reg.inputs;
          // The one Pulumi-only field: the delete propagation of the CRs the operator reconciles (see lib/core/lifecycle/install-plan.ts).
          const { [PULUMI_DELETE_PROPAGATION]: propagation, ...annotations } = registeredInputs.metadata.annotations ?? {};
          const reconciled = registeredInputs.apiVersion === 'operator.tigera.io/v1';
          expect([plan.name, propagation]).toEqual([plan.name, reconciled ? 'background' : undefined]);
          const { annotations: _all, ...metadata } = registeredInputs.metadata;
          const inputs = { ...registeredInputs, metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata };
          const match = synthesized.find(
            (o) =>
              o.kind === inputs.kind &&
              o.metadata.name === inputs.metadata.name &&
              (o.metadata.namespace ?? '') === (inputs.metadata.namespace ?? ''),
          );
          expect([plan.name, inputs]).toEqual([plan.name, match]);
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
