import { describe, expect, it } from 'vitest';
import { reviewReasons } from '../../src/domain/review-gate.js';
import { configSchema } from '../../src/config/schema.js';

const t = { typeBelow: 0.6, ocrBelow: 0.6 };
const page = (pageNo: number, confidence: number, blank = false) => ({ pageNo, confidence, blank });

describe('reviewReasons', () => {
  it('lets a confident, well-read document through', () => {
    expect(reviewReasons({ typeConfidence: 0.9, pages: [page(1, 88), page(2, 0, true)] }, t)).toEqual([]);
  });
  it('names every reason at once', () => {
    expect(reviewReasons({ typeConfidence: 0.17, pages: [page(1, 23), page(2, 75)] }, t)).toEqual([
      'type-confidence 0.17 < 0.6',
      'ocr-confidence page 1: 0.23 < 0.6',
    ]);
  });
  it('holds a document whose every page is blank, but not for the blank pages of a read one', () => {
    expect(reviewReasons({ typeConfidence: 0.9, pages: [page(1, 0, true), page(2, 0, true)] }, t)).toEqual(['all-pages-blank']);
  });
  it("accepts the classifier's own reasons (unreadable metadata fields) without repeating them", () => {
    expect(reviewReasons({ typeConfidence: 0.95, needsReview: true, reviewReasons: ['IssuedDate unreadable', 'IssuedDate unreadable'], pages: [page(1, 90)] }, t)).toEqual([
      'IssuedDate unreadable',
    ]);
    expect(reviewReasons({ typeConfidence: 0.95, needsReview: true, pages: [page(1, 90)] }, t)).toEqual(['classifier-needs-review']);
  });
  it("judges type confidence against its own threshold, not the classifier's flag", () => {
    const g = { typeConfidence: 0.55, needsReview: true, reviewReasons: ['type:low-confidence'], pages: [page(1, 90)] };
    expect(reviewReasons(g, t)).toEqual(['type-confidence 0.55 < 0.6']);
    expect(reviewReasons(g, { ...t, typeBelow: 0.5 })).toEqual([]);
  });
});

describe('the review thresholds', () => {
  it('default to the measured 0.6 (type) and 0.85 (OCR); the old name minConfidence still sets the type one', () => {
    expect(configSchema.parse({}).classify).toMatchObject({ reviewBelow: 0.6, minConfidence: 0.6 });
    expect(configSchema.parse({ classify: { minConfidence: 0.4 } }).classify.reviewBelow).toBe(0.4);
    expect(configSchema.parse({ classify: { minConfidence: 0.4, reviewBelow: 0.7 } }).classify.reviewBelow).toBe(0.7);
    expect(configSchema.parse({}).ocr.reviewBelow).toBe(0.85);
  });
});
