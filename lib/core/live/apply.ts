/**
 * `preflight` (read-only) and `apply` (writes, server-side apply as field manager `calico-ebpf`).
 *
 * apply: refuses when preflight finds a blocker (unless forced); applies the bootstrap objects;
 * waits (bounded) only for what the next step needs — the Installation CRD established before the
 * custom resources; applies those; applies the monitors only when their CRDs exist. Never deletes.
 * A second run changes nothing and says so; a dry run asks the server what would change.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import { OPERATOR_RELEASE } from '../dataplane/render';
import { layerFolders, type GitOpsLayer } from '../gitops/layers';
import type { LiveCluster } from './cluster';
import { collectPreflightFacts } from './collect';
import { driftOf, objectRef } from './drift';
import { blocker, hasBlocker, ok, warning, type Finding, type LiveReport } from './findings';
import { applyPlan } from './objects';
import { preflightFindings } from './preflight';

export interface Progress {
  (line: string): void;
}

export async function runPreflight(
  cluster: LiveCluster,
  config: ResolvedCalicoEbpfDataplane,
): Promise<LiveReport<{ distribution: string; calicoVersion: string }>> {
  const facts = await collectPreflightFacts(cluster);
  const findings = preflightFindings(facts, config);
  return {
    command: 'preflight',
    ok: !hasBlocker(findings),
    cluster: { server: cluster.server, version: facts.kubernetesVersion },
    findings,
    details: { distribution: config.distribution, calicoVersion: config.calicoVersion },
  };
}

/** Polls until `check` gives a value or the deadline passes; a progress line every 10 s. */
export async function waitUntil<T>(what: string, timeoutMs: number, progress: Progress, check: () => Promise<T | undefined>): Promise<T | undefined> {
  const started = Date.now();
  let said = started;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) return undefined;
    if (Date.now() - said >= 10_000) {
      progress(`waiting for ${what} (${Math.round((Date.now() - started) / 1000)} s of ${Math.round(timeoutMs / 1000)} s)`);
      said = Date.now();
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export interface ApplyOptions {
  readonly dryRun?: boolean;
  readonly force?: boolean;
  readonly timeoutMs?: number;
  readonly progress?: Progress;
}

export interface ApplyDetails {
  readonly dryRun: boolean;
  /** `Kind/ns/name` → what happened: created, configured, unchanged, skipped (with why). */
  readonly objects: ReadonlyArray<{
    readonly object: string;
    readonly result: 'created' | 'configured' | 'unchanged' | 'skipped';
    readonly fields?: readonly string[];
    readonly reason?: string;
  }>;
}

const established = async (cluster: LiveCluster, crd: string): Promise<true | undefined> => {
  const live = await cluster.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', crd);
  const conditions = (live?.status?.conditions ?? []) as { type: string; status: string }[];
  return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
};

/**
 * The CRD that serves a custom resource: `<plural>.<group>`. Every custom kind this library writes
 * (Installation, APIServer, Goldmane, Whisker, Istio, FelixConfiguration, the Prometheus monitors)
 * has the plural of its lower-cased kind plus "s".
 */
const crdOf = (o: KubeObject): string | undefined => {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '';
  return group === '' || group === 'apps' ? undefined : `${o.kind.toLowerCase()}s.${group}`;
};

export async function runApply(
  cluster: LiveCluster,
  config: ResolvedCalicoEbpfDataplane,
  layers: readonly GitOpsLayer[],
  opts: ApplyOptions = {},
): Promise<LiveReport<ApplyDetails>> {
  const progress = opts.progress ?? (() => undefined);
  const dryRun = opts.dryRun === true;
  const findings: Finding[] = [];
  const version = await cluster.version();
  const report = (objects: ApplyDetails['objects']): LiveReport<ApplyDetails> => ({
    command: 'apply',
    ok: !hasBlocker(findings),
    cluster: { server: cluster.server, version },
    findings,
    details: { dryRun, objects },
  });

  const pre = await runPreflight(cluster, config);
  if (!pre.ok && !opts.force) {
    findings.push(...pre.findings.filter((f) => f.severity === 'blocker'));
    findings.push(blocker('apply', 'cluster', 'refused: preflight found blockers, nothing was applied', 'fix them, or pass --force to apply anyway'));
    return report([]);
  }
  const plan = applyPlan(config, layers);
  const results: Array<ApplyDetails['objects'][number]> = [];
  const applyAll = async (objects: readonly KubeObject[]): Promise<void> => {
    for (const o of objects) {
      const before = await cluster.get(o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace);
      const drift = driftOf(o, before);
      if (before && drift.length === 0) {
        results.push({ object: objectRef(o), result: 'unchanged' });
        continue;
      }
      progress(`${dryRun ? 'would apply' : 'applying'} ${objectRef(o)}`);
      await cluster.apply(o, { dryRun });
      results.push({ object: objectRef(o), result: before ? 'configured' : 'created', ...(before ? { fields: drift.map((d) => d.path) } : {}) });
    }
  };

  await applyAll(plan.bootstrap);
  const crd = 'installations.operator.tigera.io';
  if (
    !plan.helmController &&
    !(await cluster.get('apps/v1', 'Deployment', 'tigera-operator', config.namespace)) &&
    !(await established(cluster, crd))
  ) {
    // Nothing on this cluster would install the operator, so waiting for its CRDs cannot end well.
    findings.push(
      blocker(
        'operator',
        `${config.namespace}/tigera-operator`,
        'no tigera-operator Deployment, and nothing here installs it (no k3s/RKE2 helm-controller)',
        config.gitops.flavor === 'none'
          ? `install it with the values file synth --out writes: the helm command on top of ${layerFolders(config).helm}/${OPERATOR_RELEASE}.values.yaml (helm upgrade --install ${OPERATOR_RELEASE} … --version ${config.calicoVersion} --namespace ${config.namespace} -f it), then run apply again`
          : `helm install ${OPERATOR_RELEASE} tigera-operator --repo ${config.helmRepository} --version ${config.calicoVersion} --namespace ${config.namespace} -f values.yaml (values.yaml: spec.values of the HelmRelease synth writes, or spec.source.helm.valuesObject of the Argo CD Application; gitops.flavor "none" writes it as a file), then run apply again`,
      ),
    );
    for (const o of [...plan.resources, ...plan.monitoring])
      results.push({ object: objectRef(o), result: 'skipped', reason: 'the operator is not installed yet' });
    return report(results);
  }
  // The operator creates its own and Calico's CRDs one by one when it starts: wait for every kind
  // the resources layer holds, not just the first.
  const crds = [...new Set(plan.resources.map(crdOf).filter((c) => c !== undefined))];
  const allEstablished = async (): Promise<true | undefined> =>
    (await Promise.all(crds.map((c) => established(cluster, c)))).every(Boolean) ? true : undefined;
  const ready = dryRun
    ? await allEstablished()
    : await waitUntil(`the operator to create the CRDs (${crds.length} established)`, opts.timeoutMs ?? 300_000, progress, allEstablished);
  if (!ready) {
    for (const o of plan.resources) results.push({ object: objectRef(o), result: 'skipped', reason: `the CRDs do not exist yet (${crd})` });
    if (dryRun)
      findings.push(
        warning(
          'crds',
          crd,
          'not established yet: the custom resources would be applied once the operator has created the CRDs',
          'run apply without --dry-run; it waits for them',
        ),
      );
    else
      findings.push(
        blocker(
          'crds',
          crd,
          `not established within ${Math.round((opts.timeoutMs ?? 300_000) / 1000)} s: is the operator running?`,
          'check the operator (kubectl -n tigera-operator get deploy,pods; helm-install Job on k3s), then run apply again',
        ),
      );
    return report(results);
  }
  await applyAll(plan.resources);
  if (plan.monitoring.length > 0) {
    if (await established(cluster, 'podmonitors.monitoring.coreos.com')) await applyAll(plan.monitoring);
    else
      for (const o of plan.monitoring)
        results.push({ object: objectRef(o), result: 'skipped', reason: 'the Prometheus-operator CRDs are not installed' });
  }
  const changed = results.filter((r) => r.result === 'created' || r.result === 'configured').length;
  findings.push(
    ok(
      'apply',
      'cluster',
      changed === 0
        ? 'nothing to change: every object is as rendered'
        : `${dryRun ? 'would change' : 'changed'} ${changed} object${changed === 1 ? '' : 's'}`,
    ),
  );
  return report(results);
}
