import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { duplicateFelixConfigurationError, type ResolvedFelixBpfTuning } from '../core/internal';

/**
 * FelixConfigurations declared so far in this program, per Kubernetes provider (one provider is one
 * cluster), by name: two components writing the same object would overwrite each other on every
 * `pulumi up`, so the second one fails like it does in cdk8s.
 */
const byProvider = new WeakMap<pulumi.ProviderResource, Map<string, string>>();
const defaultProvider = new Map<string, string>();

function kubernetesProvider(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
  if (opts?.provider) return opts.provider;
  const providers = opts?.providers;
  if (Array.isArray(providers)) return providers.find((p) => p instanceof k8s.Provider);
  return (providers as Record<string, pulumi.ProviderResource> | undefined)?.kubernetes;
}

/** @internal Throws the core's DUPLICATE_FELIX_CONFIGURATION error when the object is already declared for this cluster. */
export function claimFelixConfiguration(owner: string, tuning: ResolvedFelixBpfTuning, opts: pulumi.ComponentResourceOptions | undefined): void {
  const provider = kubernetesProvider(opts);
  let claims = provider ? byProvider.get(provider) : defaultProvider;
  if (!claims) {
    claims = new Map();
    byProvider.set(provider!, claims);
  }
  const first = claims.get(tuning.resourceName);
  if (first !== undefined) throw duplicateFelixConfigurationError(tuning, first, owner);
  claims.set(tuning.resourceName, owner);
}
