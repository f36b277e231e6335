// SPDX-License-Identifier: Apache-2.0
import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a local `tandem serve` (TANDEM_URL, default port 18090).
const target = process.env.TANDEM_URL ?? 'http://127.0.0.1:18090';

export default defineConfig({
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': target } },
  test: { include: ['src/**/*.test.ts'] },
});
