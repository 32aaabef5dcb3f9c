import { defineConfig } from 'vitest/config';

/** Tests that drive Debian tools (sipp, sipsak, baresip, sipvicious) against the local runtime. */
export default defineConfig({
  test: {
    include: ['test/interop/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
