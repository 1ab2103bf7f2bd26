import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  formatSteps,
  helmValuesFiles,
  k3sManifests,
  lifecycleSteps,
  objectToYaml,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  clusterSummary,
  checkK3dConfigTarget,
  defaultK3dConfigPath,
  warningReport,
  writeK3dConfig,
  writeLayerFolders,
  type CalicoEbpfDataplaneProps,
  type WriteResult,
} from '../core/internal';
import { trimTrailingSlashes } from '../core/validation/names';
import { loadConfigFile, withAcknowledged } from './load-config';

export const SYNTH_HELP = `Usage: calico-ebpf synth --config <file.json|file.yaml> [--out <dir>] [--k3d-config <file>] [--ack <CODE>]

Renders a Calico eBPF dataplane from a props file (the CalicoEbpfDataplaneProps of the
library, as JSON or YAML).

Options:
  --config <file>  props file (required)
  --out <dir>      write one folder per GitOps layer, one file per object and a kustomization,
                   the same layout as the cdk8s example (<dir>/<layer>/<Kind>.<name>.k8s.yaml),
                   and on k3s/RKE2 <dir>/<prefix>-k3s-manifests/ with one file per layer k3s
                   applies (<layer>.yaml: copy them into the server's manifests folder);
                   the folders it wrote before are replaced, the ones this configuration no
                   longer has are removed (tracked in <dir>/.calico-ebpf-synth.json), nothing
                   else in <dir> is touched; then prints the steps: prepare the cluster (the
                   distribution's own flags: no CNI of its own, the pod and service ranges,
                   kube-proxy), bring it up, verify, hand over to Flux/Argo CD, upgrade, tear down. Without --out, all
                   objects go to stdout as one YAML stream.
  --k3d-config <file>
                   with a k3d prop: where the k3d cluster config goes (default: k3d-<name>.yaml
                   beside <dir>; never inside it, it is not a Kubernetes object); it reads the
                   k3s manifests from <dir>, so keep the two together
  --ack <CODE>     acknowledge a warning you have handled (repeatable, or CODE,CODE): it is
                   left out of what is printed; the same as the acknowledgeWarnings prop.
                   Warnings print as "warning <CODE> (<severity>): …", highest severity first,
                   then one summary line
  -h, --help       show this help

Exit status: 0 on success, 1 when the props are invalid (every problem is listed), 2 on usage errors.
`;

export interface SynthOptions {
  readonly config: string;
  readonly out?: string;
  /** `--k3d-config`: where the k3d cluster config goes (default: beside `out`). */
  readonly k3dConfig?: string;
  /** `--ack`: warning codes to acknowledge, comma-separated. */
  readonly ack?: string;
  /** Builds the error for a wrong option (the CLI's usage error). */
  readonly usage?: (message: string) => Error;
}

/** Returns the text to print on stdout; writes files when `out` is given. Throws CalicoValidationError on bad props. */
export function runSynth(opts: SynthOptions): { stdout: string; stderr: string } {
  const props = withAcknowledged(loadConfigFile(opts.config), opts.ack, opts.usage ?? ((m) => new Error(m))) as CalicoEbpfDataplaneProps;
  const config = resolveCalicoEbpfDataplane(props);
  const rendered = renderCalicoEbpfDataplane(config);
  const layers = renderGitOpsLayers(config, rendered);
  const report = warningReport([config])
    .map((line) => `${line}\n`)
    .join('');
  if (opts.out === undefined) {
    // The k3d config reads the k3s manifests from files, so it needs --out.
    const stderr =
      report + (config.k3d ? `calico-ebpf: the k3d cluster config is written with --out (it reads the k3s manifests written there)\n` : '');
    const docs = layers.flatMap((layer) =>
      layer.objects.map((obj, i) => (i === 0 ? `# layer: ${layer.name} (${layer.purpose})\n` : '') + objectToYaml(obj)),
    );
    return { stdout: docs.join('---\n'), stderr };
  }
  const stderr = report;
  const k3s = k3sManifests(config, layers);
  const values = helmValuesFiles(config, rendered);
  const outDir = opts.out;
  const k3dFile = config.k3d ? (opts.k3dConfig ?? defaultK3dConfigPath(outDir, config.k3d.name)) : undefined;
  // Checked before anything is written: the k3d config must lie outside the GitOps tree, and never replace a file we did not write.
  if (k3dFile && opts.k3dConfig !== undefined && !isOutside(outDir, k3dFile)) {
    throw (opts.usage ?? ((m: string) => new Error(m)))(
      `--k3d-config ${k3dFile} is inside --out ${outDir}, the folder a GitOps tool reads; the k3d config is not a Kubernetes object: give --k3d-config a file outside it`,
    );
  }
  if (k3dFile) checkK3dConfigTarget(k3dFile, outDir, config.k3d!.name);
  const { removed, kept } = writeTo(opts.out, () => writeLayerFolders(opts.out!, layers, [...(k3s ? [k3s] : []), ...(values ? [values] : [])]));
  if (k3dFile) writeK3dConfig(k3dFile, outDir, config, k3s!);
  const written =
    layers.map((l) => `  ${join(outDir, l.name)}/ (${l.objects.length} objects): ${l.purpose}\n`).join('') +
    (k3s
      ? `  ${join(outDir, k3s.folder)}/ (${k3s.files.map((f) => f.path).join(', ')}): the files k3s applies from its manifests folder, one Addon each\n`
      : '') +
    (values
      ? `  ${join(outDir, values.folder)}/ (${values.files.map((f) => f.path).join(', ')}): the chart values for helm install -f (the command is on top of each file)\n`
      : '') +
    (k3dFile
      ? `  ${k3dFile} (outside ${outDir}: not a Kubernetes object): the k3d cluster config, reading the k3s manifests from ${join(outDir, k3s!.folder)}/\n`
      : '');
  const gone =
    removed.length > 0
      ? `removed ${removed.map((r) => `${join(outDir, r)}/`).join(', ')} (written by an earlier run, no longer part of this configuration)\n`
      : '';
  const left = kept.length > 0 ? `kept ${kept.map((k) => join(outDir, k)).join(', ')} (not written by calico-ebpf; left as they are)\n` : '';
  const steps = formatSteps(lifecycleSteps(config, layers, trimTrailingSlashes(outDir), opts.config, k3dFile));
  // One line on what this output is (the same line a cdk8s fleet prints per cluster), then the details.
  return { stdout: `${clusterSummary(config, layers)}\nwrote ${layers.length} layers, in apply order:\n${written}${gone}${left}\n${steps}`, stderr };
}

/** True when `file` lies outside the folder `out`. */
function isOutside(out: string, file: string): boolean {
  const rel = relative(resolve(out), resolve(file));
  return rel.startsWith('..') || isAbsolute(rel);
}

/** The writer's messages start with the folder; on the command line that folder is `--out`'s. */
function writeTo(out: string, write: () => WriteResult): WriteResult {
  try {
    return write();
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message.startsWith(out) ? `--out ${message}` : message, { cause: e });
  }
}
