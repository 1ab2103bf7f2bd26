import { ApiObject } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import {
  duplicateFelixConfigurationError,
  renderFelixConfiguration,
  resolveFelixBpfTuning,
  type FelixBpfTuningProps,
  type KubeObject,
  type ResolvedFelixBpfTuning,
} from '../core';

/** FelixConfigurations claimed so far in each construct tree (keyed by its root), by name. */
const claims = new WeakMap<IConstruct, Map<string, string>>();

/** @internal Records that `owner` writes this FelixConfiguration; throws if another construct already does. */
export function claimFelixConfiguration(owner: IConstruct, tuning: ResolvedFelixBpfTuning): void {
  const root = owner.node.root;
  let byName = claims.get(root);
  if (!byName) {
    byName = new Map();
    claims.set(root, byName);
  }
  const key = tuning.resourceName;
  const first = byName.get(key);
  if (first !== undefined) throw duplicateFelixConfigurationError(tuning, first, owner.node.path);
  byName.set(key, owner.node.path);
}

/** @internal The ApiObject id convention: `Kind-name[-namespace]`. */
export function objectId(obj: KubeObject): string {
  return [obj.kind, obj.metadata.name, obj.metadata.namespace].filter((x) => x !== undefined).join('-');
}

/**
 * A FelixConfiguration with typed, validated BPF tuning: `default`, or `node.<nodeName>`.
 *
 * Use it on its own for per-node tuning; the cluster-wide `default` is usually tuned through
 * `CalicoEbpfDataplane`'s `felix` prop. Two tunings of the same FelixConfiguration are an error.
 * With `scale` (a profile name or a cluster description) every `bpfMapSize*` field is derived
 * from the cluster's size; `config.sizing` holds the needs, the kernel memory and the warnings.
 */
export class FelixBpfTuning extends Construct {
  /** The validated tuning. */
  public readonly config: ResolvedFelixBpfTuning;
  /** The rendered FelixConfiguration. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: FelixBpfTuningProps = {}) {
    super(scope, id);
    this.config = resolveFelixBpfTuning(props);
    claimFelixConfiguration(this, this.config);
    const obj = renderFelixConfiguration(this.config);
    this.apiObject = new ApiObject(this, 'Resource', obj);
  }
}
