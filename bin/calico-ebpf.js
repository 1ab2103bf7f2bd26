#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (the published package, or after `npm run build`); in a source checkout
// without a build it runs the TypeScript sources through tsx (a dev dependency).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'lib-js', 'cli', 'main.js');
if (existsSync(compiled)) {
  require(compiled).main(process.argv.slice(2));
} else {
  require('tsx/cjs');
  require(join(__dirname, '..', 'lib', 'cli', 'main.ts')).main(process.argv.slice(2));
}
