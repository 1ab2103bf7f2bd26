/**
 * `diff` (read-only): live against rendered for every object the library owns, field by field;
 * operator-owned fields and server defaults are not drift (drift.ts). A kind the cluster does not
 * serve (Flux or Argo CD not installed) is reported as not checked, not as drift.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { GitOpsLayer } from '../gitops/layers';
import type { LiveCluster } from './cluster';
import { driftOf, objectRef, type FieldDrift } from './drift';
import { blocker, ok, type Finding, type LiveReport } from './findings';
import { ownedObjects } from './objects';

export interface DiffDetails {
  readonly objects: ReadonlyArray<{
    readonly object: string;
    readonly state: 'in-sync' | 'drifted' | 'missing' | 'not-checked';
    readonly fields?: readonly FieldDrift[];
    readonly reason?: string;
  }>;
}

const show = (v: unknown): string => (v === undefined ? '(unset)' : JSON.stringify(v));

export async function runDiff(
  cluster: LiveCluster,
  config: ResolvedCalicoEbpfDataplane,
  layers: readonly GitOpsLayer[],
): Promise<LiveReport<DiffDetails>> {
  const version = await cluster.version();
  const served = new Map<string, boolean>();
  const isServed = async (apiVersion: string, kind: string): Promise<boolean> => {
    const key = `${apiVersion}/${kind}`;
    if (!served.has(key)) {
      // Core and apps kinds are always served; for the others, the CRD decides.
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
      const known =
        group === '' ||
        group === 'apps' ||
        (await cluster.list(apiVersion, kind).then(
          () => true,
          () => false,
        ));
      served.set(key, known);
    }
    return served.get(key)!;
  };
  const findings: Finding[] = [];
  const objects: Array<DiffDetails['objects'][number]> = [];
  for (const o of ownedObjects(config, layers)) {
    const ref = objectRef(o);
    const live = await cluster.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
    if (!live && !(await isServed(o.apiVersion, o.kind))) {
      objects.push({ object: ref, state: 'not-checked', reason: `${o.apiVersion} ${o.kind} is not served here` });
      continue;
    }
    const drift = driftOf(o, live);
    if (!live) {
      objects.push({ object: ref, state: 'missing' });
      findings.push(blocker('missing', ref, 'not on the cluster', 'apply it (calico-ebpf apply, or let your GitOps tool sync)'));
    } else if (drift.length > 0) {
      objects.push({ object: ref, state: 'drifted', fields: drift });
      for (const d of drift)
        findings.push(
          blocker(
            'drift',
            ref,
            `${d.path} is ${show(d.live)}, rendered ${show(d.want)}`,
            'apply again, or change the props to match if the cluster is right',
          ),
        );
    } else {
      objects.push({ object: ref, state: 'in-sync' });
    }
  }
  if (findings.length === 0)
    findings.push(
      ok(
        'diff',
        'cluster',
        `${objects.filter((o) => o.state === 'in-sync').length} objects as rendered${
          objects.some((o) => o.state === 'not-checked')
            ? `; not checked: ${objects
                .filter((o) => o.state === 'not-checked')
                .map((o) => o.object)
                .join(', ')}`
            : ''
        }`,
      ),
    );
  return {
    command: 'diff',
    ok: !findings.some((f) => f.severity === 'blocker'),
    cluster: { server: cluster.server, version },
    findings,
    details: { objects },
  };
}
