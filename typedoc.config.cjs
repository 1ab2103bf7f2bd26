// TypeDoc configuration (npm run docs; built in CI with warnings as errors). A .cjs file rather
// than typedoc.json so the JSON Schema keywords the props carry for the config schema
// (@asType, @minimum, @maximum, read by ts-json-schema-generator) extend TypeDoc's known tags.
const { OptionDefaults } = require('typedoc');

module.exports = {
  ...{
    name: 'calico-ebpf-constructs',
    entryPoints: ['lib/core/index.ts', 'lib/cdk8s/index.ts', 'lib/pulumi/index.ts'],
    entryPointStrategy: 'resolve',
    tsconfig: 'tsconfig.build.json',
    out: 'docs/api',
    readme: 'none',
    excludeInternal: true,
    excludePrivate: true,
    validation: {
      notExported: false,
      invalidLink: true,
      notDocumented: false,
    },
    disableSources: true,
    externalSymbolLinkMappings: {
      '@pulumi/pulumi': {
        CustomResource: 'https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/classes/CustomResource.html',
      },
    },
    treatWarningsAsErrors: true,
  },
  blockTags: [...OptionDefaults.blockTags, '@asType', '@minimum', '@maximum'],
};
