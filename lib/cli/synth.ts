import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatSteps,
  lifecycleSteps,
  objectFileName,
  objectToYaml,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
} from '../core';
import { loadConfigFile } from './load-config';

export const SYNTH_HELP = `Usage: calico-ebpf synth --config <file.json|file.yaml> [--out <dir>]

Renders a Calico eBPF dataplane from a props file (the CalicoEbpfDataplaneProps of the
library, as JSON or YAML).

Options:
  --config <file>  props file (required)
  --out <dir>      write one folder per GitOps layer, one file per object, the same layout
                   as the cdk8s example (<dir>/<layer>/<Kind>.<name>.k8s.yaml); the folders
                   are replaced; then prints the steps for the flavor: bring the cluster up,
                   verify, hand over to Flux/Argo CD, upgrade, tear down. Without --out, all
                   objects go to stdout as one YAML stream.
  -h, --help       show this help

Exit status: 0 on success, 1 when the props are invalid (every problem is listed), 2 on usage errors.
`;

export interface SynthOptions {
  readonly config: string;
  readonly out?: string;
}

/** Returns the text to print on stdout; writes files when `out` is given. Throws CalicoValidationError on bad props. */
export function runSynth(opts: SynthOptions): { stdout: string; stderr: string } {
  const props = loadConfigFile(opts.config) as CalicoEbpfDataplaneProps;
  const config = resolveCalicoEbpfDataplane(props);
  const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
  const stderr = config.warnings.map((w) => `warning: ${w}\n`).join('');
  if (opts.out === undefined) {
    const docs = layers.flatMap((layer) => layer.objects.map((obj, i) => (i === 0 ? `# layer: ${layer.name} (${layer.purpose})\n` : '') + objectToYaml(obj)));
    return { stdout: docs.join('---\n'), stderr };
  }
  for (const layer of layers) {
    const dir = join(opts.out, layer.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const obj of layer.objects) writeFileSync(join(dir, objectFileName(obj)), objectToYaml(obj));
  }
  const outDir = opts.out;
  const written = layers.map((l) => `  ${join(outDir, l.name)}/ (${l.objects.length} objects): ${l.purpose}\n`).join('');
  const steps = formatSteps(lifecycleSteps(config, layers, outDir.replace(/\/+$/, '')));
  return { stdout: `wrote ${layers.length} layers, in apply order:\n${written}\n${steps}`, stderr };
}
