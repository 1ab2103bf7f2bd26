/** The few fields of live objects the engine scenarios read, typed; `kubectl get -o json` with managed fields. */
import { kubectl } from '../cluster/kubectl';

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly lastTransitionTime: string;
  readonly message?: string;
}

export interface LiveObject {
  readonly metadata: {
    readonly uid: string;
    readonly name: string;
    /** Set while finalizers hold an object that is being deleted: such an object is not "kept". */
    readonly deletionTimestamp?: string;
    readonly annotations?: Record<string, string>;
    readonly managedFields?: readonly { readonly manager: string; readonly operation: string; readonly time?: string }[];
  };
  readonly spec?: {
    readonly bpfEnabled?: boolean;
    readonly bpfMapSizeConntrack?: number;
    readonly calicoNetwork?: { readonly linuxDataplane?: string };
    /** A DaemonSet's pod template. */
    readonly template?: { readonly spec?: { readonly volumes?: readonly { readonly name: string }[] } };
  };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: readonly Condition[];
    readonly lastAppliedRevision?: string;
    readonly inventory?: unknown;
  };
}

/** The object, or undefined when it does not exist. */
export function getObject(kubeconfig: string, args: readonly string[]): LiveObject | undefined {
  try {
    return JSON.parse(kubectl(kubeconfig, ['get', ...args, '-o', 'json', '--show-managed-fields'])) as LiveObject;
  } catch (e) {
    if (/NotFound|not found/.test((e as Error).message)) return undefined;
    throw e;
  }
}

/** The object's uid when it exists and is not being deleted: what "still there, the same object" means. */
export function liveUid(kubeconfig: string, args: readonly string[]): string | undefined {
  const o = getObject(kubeconfig, args);
  return o && !o.metadata.deletionTimestamp ? o.metadata.uid : undefined;
}

export const readyCondition = (o: LiveObject | undefined): Condition | undefined => o?.status?.conditions?.find((c) => c.type === 'Ready');

/** Field managers of an object, each once, in order. */
export const managers = (o: LiveObject | undefined): string[] => [...new Set((o?.metadata.managedFields ?? []).map((f) => f.manager))];

interface Listed {
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly deletionTimestamp?: string;
    readonly finalizers?: readonly string[];
    readonly ownerReferences?: readonly { readonly kind: string; readonly name: string; readonly blockOwnerDeletion?: boolean }[];
  };
  readonly spec?: { readonly nodeName?: string };
}

/**
 * What holds a deletion up, one line per object being deleted: its finalizers and owners. A
 * foreground delete waits on every dependent that blocks its owner, so the dependents of an object
 * being deleted are listed too. Evidence for a failed teardown; never throws (it is read after one).
 */
export function stuckDeletions(kubeconfig: string, namespaces: readonly string[]): string[] {
  const list = (args: readonly string[]): Listed[] => {
    try {
      return (JSON.parse(kubectl(kubeconfig, ['get', ...args, '-o', 'json'])) as { items: Listed[] }).items;
    } catch (e) {
      return [{ kind: `(kubectl get ${args.join(' ')} failed: ${(e as Error).message.split('\n')[0]})`, metadata: { name: '' } }];
    }
  };
  const objects = [
    ...list(['installation,apiserver,goldmane,whisker,felixconfiguration']),
    ...namespaces.flatMap((ns) => list(['-n', ns, 'deployment,replicaset,daemonset,pod,serviceaccount,service,secret,configmap'])),
  ];
  const deleting = new Set(objects.filter((o) => o.metadata.deletionTimestamp).map((o) => `${o.kind}/${o.metadata.name}`));
  const describe = (o: Listed): string => {
    const m = o.metadata;
    const owners = (m.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}${r.blockOwnerDeletion ? ' (blocks)' : ''}`);
    return [
      `${o.kind}/${m.namespace ? `${m.namespace}/` : ''}${m.name}`,
      m.deletionTimestamp ? `deleting since ${m.deletionTimestamp}` : 'not deleting',
      `finalizers [${(m.finalizers ?? []).join(', ')}]`,
      ...(owners.length ? [`owners [${owners.join(', ')}]`] : []),
      ...(o.spec?.nodeName ? [`node ${o.spec.nodeName}`] : []),
    ].join(', ');
  };
  const relevant = objects.filter(
    (o) => o.metadata.deletionTimestamp || (o.metadata.ownerReferences ?? []).some((r) => deleting.has(`${r.kind}/${r.name}`)) || !o.metadata.name,
  );
  return relevant.length ? relevant.map(describe) : ['nothing is being deleted'];
}
