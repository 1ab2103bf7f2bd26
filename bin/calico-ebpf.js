#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (npm run build, or the published package).
require('../lib-js/cli/main.js').main(process.argv.slice(2));
