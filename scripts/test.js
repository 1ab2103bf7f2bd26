#!/usr/bin/env node
// Runs jest with the given arguments and closes with the line CI reads: "N passed, N failed[, N skipped]".
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const results = join(__dirname, '..', '.jest-results.json');
rmSync(results, { force: true });
const jest = require.resolve('jest/bin/jest');
const run = spawnSync(process.execPath, [jest, '--ci', '--json', `--outputFile=${results}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let summary;
try {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  // A suite that failed to load counts as a failure even though none of its tests ran.
  const brokenSuites = r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  summary = `${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : '');
} catch {
  summary = '0 passed, 1 failed';
}
console.log(summary);
process.exit(run.status === 0 ? 0 : 1);
