/**
 * The ClusterRole each live command needs (`--print-rbac`): read-only commands get get/list/watch
 * only; `apply` and `migrate --apply` add patch/create on exactly the kinds they write.
 */
import { stringify } from 'yaml';

export const LIVE_COMMANDS = ['preflight', 'apply', 'status', 'diff', 'doctor', 'migrate'] as const;
export type LiveCommand = (typeof LIVE_COMMANDS)[number];

interface Rule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ['get', 'list', 'watch'];
const CALICO_KINDS = ['felixconfigurations', 'ippools', 'bgpconfigurations'];
const OPERATOR_KINDS = ['installations', 'tigerastatuses', 'apiservers', 'goldmanes', 'whiskers', 'istios'];

const preflight: Rule[] = [
  { apiGroups: [''], resources: ['nodes', 'configmaps'], verbs: READ },
  { apiGroups: ['apps'], resources: ['daemonsets'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['operator.tigera.io'], resources: ['installations'], verbs: READ },
];
const status: Rule[] = [
  ...preflight,
  { apiGroups: ['operator.tigera.io'], resources: OPERATOR_KINDS, verbs: READ },
  { apiGroups: ['crd.projectcalico.org', 'projectcalico.org'], resources: CALICO_KINDS, verbs: READ },
];
const written: Rule[] = [
  { apiGroups: [''], resources: ['namespaces', 'configmaps'], verbs: ['get', 'list', 'create', 'patch'] },
  { apiGroups: ['helm.cattle.io'], resources: ['helmcharts'], verbs: ['get', 'list', 'create', 'patch'] },
  {
    apiGroups: ['operator.tigera.io'],
    resources: ['installations', 'apiservers', 'goldmanes', 'whiskers', 'istios'],
    verbs: ['get', 'list', 'create', 'patch'],
  },
  { apiGroups: ['crd.projectcalico.org', 'projectcalico.org'], resources: ['felixconfigurations'], verbs: ['get', 'list', 'create', 'patch'] },
  {
    apiGroups: ['monitoring.coreos.com'],
    resources: ['podmonitors', 'servicemonitors', 'prometheusrules'],
    verbs: ['get', 'list', 'create', 'patch'],
  },
];
const diff: Rule[] = [
  ...status,
  { apiGroups: [''], resources: ['namespaces'], verbs: READ },
  { apiGroups: ['helm.cattle.io'], resources: ['helmcharts'], verbs: READ },
  { apiGroups: ['kustomize.toolkit.fluxcd.io'], resources: ['kustomizations'], verbs: READ },
  { apiGroups: ['helm.toolkit.fluxcd.io'], resources: ['helmreleases'], verbs: READ },
  { apiGroups: ['source.toolkit.fluxcd.io'], resources: ['helmrepositories', 'ocirepositories'], verbs: READ },
  { apiGroups: ['argoproj.io'], resources: ['applications'], verbs: READ },
  { apiGroups: ['monitoring.coreos.com'], resources: ['podmonitors', 'servicemonitors', 'prometheusrules'], verbs: READ },
];

const RULES: Readonly<Record<LiveCommand, readonly Rule[]>> = {
  preflight,
  status,
  diff,
  apply: [
    ...preflight,
    ...written,
    { apiGroups: ['apps'], resources: ['deployments'], verbs: READ },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: READ },
  ],
  doctor: [
    ...status,
    { apiGroups: [''], resources: ['pods', 'services', 'events'], verbs: READ },
    { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: READ },
    { apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'], verbs: ['create'] },
  ],
  // migrate --apply: the ConfigMap and FelixConfiguration, the Installation patch, kube-proxy's nodeSelector.
  migrate: [...status, ...written, { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['patch'] }],
};

/** The rules a command needs (API groups and resources as Kubernetes RBAC spells them). */
export function commandRules(command: LiveCommand): readonly Rule[] {
  return RULES[command];
}

/** A ClusterRole `calico-ebpf-<command>` with those rules, plus reading `/version`. */
export function clusterRoleYaml(command: LiveCommand): string {
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: `calico-ebpf-${command}` },
    rules: [
      ...RULES[command].map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
      { nonResourceURLs: ['/version'], verbs: ['get'] },
    ],
  };
  return stringify(role);
}
