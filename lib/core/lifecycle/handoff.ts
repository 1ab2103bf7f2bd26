/**
 * The steps a person runs for the configured flavor: bring the cluster up, verify it, hand it to
 * Flux or Argo CD, upgrade, tear down. Printed by `calico-ebpf synth --out` and documented in the
 * README; the facts behind each step are in ../shared/docs/lifecycle.md.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import { OPERATOR_RELEASE, SERVICES_ENDPOINT_CONFIGMAP } from '../dataplane/render';
import { GitOpsFlavor } from '../dataplane/values';
import { hasK3sBootstrap, k3sManifests, layerFolders, layerNames, type GitOpsLayer } from '../gitops/layers';
import { objectFileName } from '../gitops/yaml-output';
import { defaultK3dConfigPath } from '../gitops/k3d-config-file';
import { clusterSetup } from '../distributions/cluster-setup';
import { DISTRIBUTION_PRESETS } from '../distributions/presets';
import { imageInputOf, imagesToMirror } from '../releases/images';

export interface StepSection {
  readonly title: string;
  readonly steps: readonly string[];
}

/**
 * Argo CD has no health assessment for Application resources since 1.8: a parent treats a child
 * Application as healthy once it exists, so sync waves between children order their creation,
 * not their sync. The check below (Argo CD's documented Lua) makes each wave wait.
 */
const ARGO_APPLICATION_HEALTH =
  'required for the waves to wait: add the Application health check to argocd-cm (resource.customizations.health.argoproj.io_Application: the Lua from the Argo CD docs, "App of Apps" → "Application health"); without it Argo CD (since 1.8) counts a child Application healthy as soon as it exists, so the resources Application syncs before the operator runs and converges only through its retries';

/** The CRD chart's release name (dataplane/render.ts renderHelmReleases). */
const CRD_RELEASE = 'calico-crds';
const CALICO_CRDS = `kubectl get crd -o name | grep -E '\\.(projectcalico\\.org|tigera\\.io)$' | xargs kubectl delete`;

/**
 * `configFile`: the props file these layers came from (the CLI knows it). With it, the bring-up and
 * verification steps are the live commands (`calico-ebpf preflight | apply | status`); without it
 * (props in code), the same steps with kubectl and helm.
 */
export function lifecycleSteps(
  config: ResolvedCalicoEbpfDataplane,
  layers: readonly GitOpsLayer[],
  outDir: string,
  configFile?: string,
  k3dConfigFile?: string,
): StepSection[] {
  // Paths: each layer's folder (inside gitops.folder when set).
  const names = layerFolders(config);
  const preset = DISTRIBUTION_PRESETS[config.distribution];
  // Flavor k3s is only accepted where helm-controller runs, so a bootstrap always has a folder.
  const manifestsDir = preset.manifestsDir ?? DISTRIBUTION_PRESETS.k3s.manifestsDir!;
  const server = preset.name === 'rke2' ? 'RKE2' : 'k3s';
  const ns = config.namespace;
  const hcNs = config.gitops.k3s.namespace;
  // Only a k3s/RKE2 bootstrap puts files into the auto-deploy folder.
  const k3s = k3sManifests(config, layers);
  const files = (k3s?.files ?? []).map((f) => `${manifestsDir}/${f.path}`);
  const sections: StepSection[] = [];
  const k3dFile = config.k3d ? (k3dConfigFile ?? defaultK3dConfigPath(outDir, config.k3d.name)) : undefined;

  const mirror = config.images.registry ? imagesToMirror(imageInputOf(config)) : [];
  if (mirror.length > 0)
    sections.push({
      title: `Mirror the images (Calico ${config.calicoVersion} pulls from ${config.images.registry})`,
      steps: [`copy into your registry before anything starts: ${mirror.join(' ')}`],
    });
  if (!k3dFile) sections.push({ title: `Prepare the cluster (${preset.title})`, steps: clusterSetup(config) });
  const cli = (command: string): string => `calico-ebpf ${command} --config ${configFile}`;
  // A k3d cluster does not exist before its create command; every other cluster can be checked first.
  if (configFile !== undefined && !k3dFile)
    sections.push({
      title: 'Check the cluster',
      steps: [`${cli('preflight')}   # kernels, kube-proxy, another CNI, pod CIDRs and the distribution against this config; exit 1 on a blocker`],
    });
  if (hasK3sBootstrap(config)) {
    const bring: string[] = [];
    if (k3dFile) {
      bring.push(
        `k3d cluster create --config ${k3dFile}   # k3s without flannel, Calico from the k3s manifests in ${outDir}/${k3s!.folder}/${config.k3d!.subnet ? ` (network ${config.k3d!.subnet}, server-0 at its third address)` : ''}`,
      );
    } else {
      bring.push(
        `copy the files of ${outDir}/${k3s!.folder}/ (${k3s!.files.map((f) => f.path).join(', ')}) into ${manifestsDir}/ on every server (the same files on all of them); ${server} applies each file as its own Addon in sorted order and retries the custom resources every 15 s until the operator has created their CRDs`,
      );
      if (configFile !== undefined)
        bring.push(
          `or, instead of copying files, through the API: ${cli('apply')}   # the same objects by server-side apply, in order, waiting for the operator's CRDs (k3s then does not re-apply them at restart)`,
        );
    }
    sections.push({ title: `Bring the cluster up (${server} bootstrap: needs no CNI)`, steps: bring });
  } else if (config.gitops.flavor !== GitOpsFlavor.K3S) {
    // Flux, Argo CD (to be handed over afterwards) and none: a cluster without a CNI runs neither tool.
    // The operator layer's namespace and ConfigMap, applied before the hand-made helm install.
    const early = (layers.find((l) => l.role === 'operator')?.objects ?? []).filter(
      (o) => o.kind === 'Namespace' || (o.kind === 'ConfigMap' && o.metadata.name === SERVICES_ENDPOINT_CONFIGMAP),
    );
    // With flavor none, the values files synth writes (gitops/layers.ts helmValuesFiles, first lines: the same
    // command); with Flux or Argo CD the values are those of the release objects, which stay the one source.
    const none = config.gitops.flavor === GitOpsFlavor.NONE;
    const install = (release: string, chart: string): string => {
      const location = config.helmRepository.startsWith('oci://')
        ? `${config.helmRepository.replace(/\/+$/, '')}/${chart}`
        : `${chart} --repo ${config.helmRepository}`;
      const values = none
        ? `${outDir}/${names.helm}/${release}.values.yaml`
        : `values.yaml (values.yaml = spec.values of the HelmRelease ${release}, or spec.source.helm.valuesObject of its Application)`;
      return `helm upgrade --install ${release} ${location} --version ${config.calicoVersion} --namespace ${ns} -f ${values}`;
    };
    const crds = config.crdDelivery === 'helm-release';
    const helmInstall = [...(crds ? [install(CRD_RELEASE, config.crdChart)] : []), install(OPERATOR_RELEASE, 'tigera-operator')].join(', then ');
    if (configFile !== undefined) {
      sections.push({
        title: bringUpTitle(config),
        steps: [
          `${cli('apply')}   # the namespace with its Pod Security${Object.keys(preset.namespaceLabels).length > 0 ? ' and platform' : ''} labels${early.length > 1 ? ' and the ConfigMap the operator reads when it starts' : ''}; then it stops: nothing installs the operator here`,
          `install the operator once by hand with the values of the release: ${helmInstall}`,
          `${cli('apply')}   # again: waits for the operator's CRDs, then applies the custom resources`,
        ],
      });
    } else {
      sections.push({
        title: bringUpTitle(config),
        steps: [
          `kubectl apply ${early.map((o) => `-f ${outDir}/${names.operator}/${objectFileName(o)}`).join(' ')}   # the namespace with its Pod Security${Object.keys(preset.namespaceLabels).length > 0 ? ' and platform' : ''} labels${early.length > 1 ? ', and the ConfigMap the operator reads when it starts' : ''} (helm does not create them)`,
          `install the operator once by hand with the values of the release: ${helmInstall}`,
          `kubectl apply --server-side -f ${outDir}/${names.resources}/   # retry until the operator has created the CRDs`,
        ],
      });
    }
  }
  sections.push({
    title: 'Verify',
    steps: [
      configFile !== undefined
        ? `${cli('status')} --wait --timeout 10m   # TigeraStatus, calico-node rolled out for BPF, bpfEnabled set by the operator; exit 1 until ready`
        : 'kubectl get tigerastatus   # calico Available=True',
      `kubectl -n calico-system logs ds/calico-node -c calico-node | grep -i bpf   # "BPF enabled, starting BPF endpoint manager"`,
      ...(configFile !== undefined
        ? [`later, on a schedule or in CI: ${cli('diff')}   # exit 1 names each field that drifted from this config`]
        : []),
    ],
  });

  const skip =
    files.length > 0
      ? [
          `on every server, stop k3s from re-applying the bootstrap files at restart (it would revert the GitOps tool's changes): ${files.map((f) => `touch ${f}.skip`).join('; ')}`,
        ]
      : [];
  if (config.gitops.flavor === GitOpsFlavor.FLUX) {
    sections.push({
      title: 'Hand over to Flux',
      steps: [
        'install Flux (flux install / flux bootstrap); its pods start once Calico is ready',
        ...skip,
        ...(hasK3sBootstrap(config)
          ? [
              `neutralise the k3s HelmChart without running its uninstall Job: kubectl -n ${hcNs} annotate helmchart ${OPERATOR_RELEASE} helmcharts.helm.cattle.io/unmanaged=true && kubectl -n ${hcNs} delete helmchart ${OPERATOR_RELEASE} --wait=false && kubectl -n ${hcNs} patch helmchart ${OPERATOR_RELEASE} --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'`,
              `check: no Job helm-delete-${OPERATOR_RELEASE} ran (kubectl -n ${hcNs} get jobs) and the release is intact (kubectl -n ${ns} get secret -l owner=helm,name=${OPERATOR_RELEASE})`,
            ]
          : []),
        `commit ${outDir}/ at ${config.gitops.flux.path} and reference only ${config.gitops.flux.path}/${names.flux} from your cluster Kustomization; Flux adopts release ${OPERATOR_RELEASE} in ${ns} (same name and namespaces: an in-place upgrade, no reinstall)`,
        `check: flux get helmreleases -n ${ns}; kubectl get tigerastatus`,
      ],
    });
  } else if (config.gitops.flavor === GitOpsFlavor.ARGOCD) {
    const argo = config.gitops.argocd;
    const steps =
      argo.operatorSource === 'helmchart'
        ? [
            'install Argo CD; its pods start once Calico is ready',
            ...skip,
            `commit ${outDir}/ at ${argo.path} in ${argo.repoURL}, then apply the one parent Application: kubectl apply -f ${outDir}/${names['argocd-root']}/; Argo CD adopts the same objects by server-side apply and k3s helm-controller keeps running Helm (no HelmChart to delete, no hook Argo CD could run)`,
            ARGO_APPLICATION_HEALTH,
          ]
        : [
            'install Argo CD once the cluster has a network',
            ARGO_APPLICATION_HEALTH,
            `commit ${outDir}/ at ${argo.path} in ${argo.repoURL}, then apply the one parent Application: kubectl apply -f ${outDir}/${names['argocd-root']}/`,
            `after the first sync, delete the Helm release records so no Helm tool can uninstall what Argo CD now owns: kubectl -n ${ns} delete secret -l owner=helm,name=${OPERATOR_RELEASE}`,
          ];
    sections.push({ title: 'Hand over to Argo CD', steps });
  }

  const upgradeTool: Record<string, string> = {
    [GitOpsFlavor.K3S]: `copy the new ${outDir}/${names['k3s-manifests']}/${layerNames(config)['k3s-operator']}.yaml into ${manifestsDir}/ first, then the other files once the new operator runs`,
    [GitOpsFlavor.FLUX]: `commit; the resources Kustomization waits for the operator Kustomization (dependsOn, same source revision)`,
    [GitOpsFlavor.ARGOCD]:
      'commit; the operator Application syncs in an earlier wave than the resources (waiting for it only with the Application health check above)',
    [GitOpsFlavor.NONE]: `helm upgrade with the new ${outDir}/${names.helm}/ values (the command is on top of each file), then kubectl apply --server-side -f ${outDir}/${names.resources}/ once the new operator runs`,
  };
  sections.push({
    title: 'Upgrade (calicoVersion)',
    steps: [
      `run calico-ebpf upgrade --from <current> --to <new> for the ordered plan (images, kernels, CRDs, operator, new settings); then change calicoVersion, synth again and ${upgradeTool[config.gitops.flavor]}`,
      config.crdDelivery === 'operator'
        ? 'the new operator only creates missing CRDs when it starts; it replaces the existing ones with its own version in its next Installation reconcile (manageCRDs: true), so a resource that uses a field new in the release is accepted once that reconcile has run (kubectl get crd installations.operator.tigera.io -o yaml shows the new field)'
        : 'the CRD release is upgraded before the operator release (Flux dependsOn, an earlier Argo CD wave, Pulumi dependsOn; on k3s listed first in the same file, whose two install Jobs run independently: the operator retries until the CRDs are there)',
    ],
  });

  // A GitOps tool that still manages the Installation puts it back (Flux on its interval, Argo CD
  // by self-heal), so it stops first; then the Installation goes while the operator runs, then the
  // operator, then the tool's own objects, then the CRDs.
  const teardown: string[] = [];
  const namesIn = (role: string): string[] => layers.filter((l) => l.role === role).flatMap((l) => l.objects.map((o) => o.metadata.name));
  const fluxNs = config.gitops.flux.namespace;
  const argoNs = config.gitops.argocd.namespace;
  if (config.gitops.flavor === GitOpsFlavor.FLUX)
    teardown.push(`stop Flux first, or it re-applies what you delete: flux suspend kustomization ${namesIn('flux').join(' ')} -n ${fluxNs}`);
  else if (config.gitops.flavor === GitOpsFlavor.ARGOCD) {
    const apps = [...namesIn('argocd-root'), ...namesIn('argocd')];
    teardown.push(
      `stop Argo CD first, or self-heal re-creates what you delete: ${apps.map((a) => `kubectl -n ${argoNs} patch application ${a} --type merge -p '{"spec":{"syncPolicy":null}}'`).join('; ')}`,
    );
  }
  teardown.push(
    `kubectl delete installation default --wait   # while the operator still runs: it removes calico-system and clears the finalizers${config.components.apiServer || config.components.goldmane || config.components.whisker ? ' (also: kubectl delete apiserver,goldmane,whisker default)' : ''}`,
  );
  if (config.gitops.flavor === GitOpsFlavor.FLUX)
    teardown.push(
      `kubectl -n ${ns} delete helmrelease ${OPERATOR_RELEASE}   # the operator goes (the hook finds nothing left to delete); then remove ${config.gitops.flux.path}/${names.flux} from your cluster Kustomization`,
    );
  else if (config.gitops.flavor === GitOpsFlavor.ARGOCD) {
    const apps = [...namesIn('argocd-root'), ...namesIn('argocd')];
    teardown.push(
      `kubectl -n ${argoNs} delete application ${apps.join(' ')}   # the parent first; ${config.teardown === 'retain' ? 'without the cascade finalizer their objects stay' : 'with the cascade finalizer their remaining objects go'}`,
    );
    if (config.gitops.argocd.operatorSource === 'helm-source')
      teardown.push(
        `the operator (no Helm release records left after the hand-over): kubectl delete namespace ${ns}; kubectl delete clusterrolebinding tigera-operator; kubectl delete clusterrole tigera-operator tigera-operator-secrets`,
      );
  } else if (config.gitops.flavor === GitOpsFlavor.NONE) {
    teardown.push(`helm uninstall ${OPERATOR_RELEASE} --namespace ${ns}   # the hook finds nothing left to delete`);
    if (config.crdDelivery === 'helm-release')
      teardown.push(`helm uninstall ${CRD_RELEASE} --namespace ${ns}   # deletes the CRDs of the release, and with them every Calico object`);
  }
  if (hasK3sBootstrap(config))
    teardown.push(
      `kubectl -n ${hcNs} delete helmchart ${OPERATOR_RELEASE} (if it still exists) and remove ${files.map((f) => f.slice(manifestsDir.length + 1)).join(', ')} from ${manifestsDir}/ on every server (removing a file deletes nothing: k3s only stops applying it)`,
    );
  teardown.push(`${CALICO_CRDS}   # last: deleting a CRD deletes every object of its kind`);
  // The operator also creates CRDs outside its own groups (tigera/operator v1.42.3 pkg/imports/crds):
  // other software may define or use them, so they are named, not swept.
  const shared = [
    'clusternetworkpolicies.policy.networking.k8s.io (the operator installs it)',
    ...(config.mesh.provider === 'calico'
      ? [
          "Istio's CRDs (kubectl get crd -o name | grep '\\.istio\\.io$'; Calico's Istio installed them)",
          // The operator's Istio controller creates the Gateway API CRDs create-only (v1.42.3 pkg/render/gatewayapi).
          "the Gateway API CRDs (kubectl get crd -o name | grep -E '\\.gateway\\.networking\\.(x-)?k8s\\.io$'; created with Calico's Istio)",
        ]
      : []),
  ];
  teardown.push(`only if nothing else in the cluster uses them, also delete ${shared.join(' and ')}`);
  sections.push({
    title: `Tear down on purpose (teardown "${config.teardown}": removing files, releases or apps ${config.teardown === 'retain' ? 'deletes nothing' : 'deletes Calico'})`,
    steps: teardown,
  });
  return sections;
}

/** The sections as plain text, numbered. */
export function formatSteps(sections: readonly StepSection[]): string {
  return sections.map((s) => `${s.title}:\n${s.steps.map((step, i) => `  ${i + 1}. ${step}`).join('\n')}\n`).join('\n');
}

function bringUpTitle(config: Pick<ResolvedCalicoEbpfDataplane, 'gitops'>): string {
  return config.gitops.flavor === GitOpsFlavor.NONE
    ? 'Bring the cluster up (no GitOps tool: these steps are the install)'
    : 'Bring the cluster up (a cluster without a CNI cannot run Flux or Argo CD)';
}
