import { registerBench } from './register.js';
import { archiveBench } from './archive.js';
import { classifyBench } from './classify.js';
import { ocrBench } from './ocr.js';
import { signBench } from './sign.js';
import { startupBench } from './startup.js';
import { e2eBench } from './e2e.js';
import { reviewThresholdBench } from './review-threshold.js';
import { searchBench } from './search.js';
import { accuracyBench } from './accuracy.js';
import { scaleBench } from './scale.js';

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}

/** One line per benchmark module. */
export const benchmarks: Benchmark[] = [
  registerBench,
  archiveBench,
  classifyBench,
  ocrBench,
  signBench,
  startupBench,
  e2eBench,
  reviewThresholdBench,
  searchBench,
  accuracyBench,
  scaleBench,
];
