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
