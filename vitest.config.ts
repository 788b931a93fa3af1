import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report lets CI print one plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test/out/results.json' },
    // Two cores here: each e2e file starts its own local cloud, so run two files at a time.
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Bundled mode's `.mjs` files are what Lambda runs: Node loads them as they are, Vite never transforms them.
    server: { deps: { external: [/\/\.bundles\//] } },
  },
});
