/** How the synthesized output reaches the cluster: Flux, Argo CD or k3s/RKE2 helm-controller wiring. */
import type { GitOpsFlavor, ArgoOperatorSource } from '../dataplane/values';

/** Flux wiring of the GitOps output. */
export interface FluxProps {
  /**
   * Namespace of Flux's Kustomizations and of the Git source they read.
   * @default "flux-system"
   */
  readonly namespace?: string;
  /**
   * The Git source (a Flux `GitRepository` or `OCIRepository`) holding the synthesized output.
   * @default - GitRepository "flux-system", the one `flux bootstrap` creates
   */
  readonly sourceRef?: { readonly kind: 'GitRepository' | 'OCIRepository' | 'Bucket'; readonly name: string; readonly namespace?: string };
  /**
   * Path inside that source where the synthesized folders (one per layer) are committed.
   * @default "./dist"
   */
  readonly path?: string;
  /**
   * Reconcile interval of the Kustomizations and HelmReleases, e.g. `10m`.
   * @default "10m"
   */
  readonly interval?: string;
}

/** Argo CD wiring of the GitOps output. */
export interface ArgoCdProps {
  /**
   * Git repository holding the synthesized output; the generated Applications read their
   * manifests from it (directory sources). Required with flavor `argocd`.
   * @default - none: an error with flavor "argocd"
   */
  readonly repoURL?: string;
  /**
   * Revision of `repoURL` the Applications follow.
   * @default "HEAD"
   */
  readonly targetRevision?: string;
  /**
   * Folder inside `repoURL` where the synthesized layer folders are committed.
   * @default "dist"
   */
  readonly path?: string;
  /**
   * How Argo CD installs the tigera-operator chart. `helmchart` (k3s/RKE2): Argo CD applies the
   * k3s `HelmChart` object and k3s's helm-controller runs Helm, so Argo CD never sees the chart's
   * `pre-delete` hook (Argo CD ≥ 3.3 runs that hook — which deletes `Installation default` —
   * whenever an Application with a Helm source is deleted, even without cascade). `helm-source`:
   * an Application with a Helm source; only for clusters without helm-controller, and only when
   * you accept that deleting that Application removes the pod network.
   * @default "helmchart"
   */
  readonly operatorSource?: ArgoOperatorSource;
  /**
   * Namespace Argo CD watches for Applications.
   * @default "argocd"
   */
  readonly namespace?: string;
  /**
   * Argo CD project of the generated Applications.
   * @default "default"
   */
  readonly project?: string;
  /**
   * Cluster API URL the Applications deploy to.
   * @default "https://kubernetes.default.svc"
   */
  readonly destinationServer?: string;
}

/** k3s helm-controller wiring of the GitOps output. */
export interface K3sHelmProps {
  /**
   * Namespace of the HelmChart objects. k3s's embedded controller watches every namespace;
   * `kube-system` is the convention of its bundled charts.
   * @default "kube-system"
   */
  readonly namespace?: string;
}

/** How the Helm releases and their ordering are expressed in the synthesized output. */
export interface GitOpsProps {
  /**
   * GitOps tool that installs the charts.
   * @default "flux"
   */
  readonly flavor?: GitOpsFlavor;
  /**
   * Prefix of the layer names (one output folder/file per layer: `<prefix>-operator`, `<prefix>-resources`, …)
   * and of the GitOps object names (Kustomizations, Applications).
   * @default - `<clusterName>-calico`, or "calico" without a clusterName
   */
  readonly layerPrefix?: string;
  /**
   * Folder, inside the output (and inside `flux.path` / `argocd.path` in Git), that holds this
   * cluster's layer folders and k3s manifests, e.g. `clusters/dev`: a fleet then writes
   * `clusters/<name>/<prefix>-<layer>/…` instead of every cluster's folders side by side. Lowercase
   * path segments (DNS labels) separated by `/`; object names are unaffected (`layerPrefix`).
   * @default - none: the layer folders sit at the top of the output
   */
  readonly folder?: string;
  /**
   * Flux settings (used when flavor is `flux`).
   * @default - the defaults of `FluxProps`
   */
  readonly flux?: FluxProps;
  /**
   * Argo CD settings (used when flavor is `argocd`).
   * @default - the defaults of `ArgoCdProps` (`repoURL` is required with flavor `argocd`)
   */
  readonly argocd?: ArgoCdProps;
  /**
   * k3s settings (used when flavor is `k3s`).
   * @default - the defaults of `K3sHelmProps`
   */
  readonly k3s?: K3sHelmProps;
}
