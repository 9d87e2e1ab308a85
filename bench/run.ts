/**
 * `npm run bench [-- NAME...]`: runs the benchmarks and prints their figures. Each benchmark
 * measures sohoa and a baseline in the same run and reports ratios, because this machine is
 * shared and noisy: absolute times vary, ratios much less. Never a timed test.
 */
import { benchmarks } from './index.js';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? benchmarks.filter((b) => wanted.includes(b.name)) : benchmarks;
if (selected.length === 0) {
  console.error(`Unknown benchmark ${wanted.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(1);
}
for (const b of selected) {
  console.log(`\n## ${b.name}: ${b.description}`);
  const started = Date.now();
  await b.run();
  console.log(`(${b.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
