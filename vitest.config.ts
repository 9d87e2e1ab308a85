import { defineConfig } from 'vitest/config';

// Two suites: `unit` needs only Node and npm packages; `interop` needs Debian tools
// (pdfsig, qpdf, softhsm2, awscli, chromium, openssl) and is run by `.ci/run`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/interop/**', 'node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          pool: 'forks',
        },
      },
    ],
  },
});
