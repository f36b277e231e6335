// SPDX-License-Identifier: Apache-2.0
// Saves the server's OpenAPI document to src/api/openapi.json (the source of the API types).
// TANDEM_URL names a running `tandem serve` (default http://127.0.0.1:18090).
import { writeFileSync } from 'node:fs';

const base = process.env.TANDEM_URL ?? 'http://127.0.0.1:18090';
const res = await fetch(`${base}/api/openapi.json`);
if (!res.ok) {
  console.error(`GET ${base}/api/openapi.json: ${res.status}`);
  process.exit(1);
}
const doc = await res.json();
writeFileSync(new URL('../src/api/openapi.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.log(`saved OpenAPI ${doc.info?.version ?? ''} with ${Object.keys(doc.paths ?? {}).length} paths`);
