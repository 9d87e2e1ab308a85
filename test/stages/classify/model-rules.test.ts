import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { createClassifier, loadClassifier } from '../../../src/stages/classify/classifier.js';
import { loadModel, saveModel, trainModel } from '../../../src/stages/classify/model.js';
import { defaultRulesPath, loadRules } from '../../../src/stages/classify/rules.js';
import { BUILTIN_TYPES } from '../../../src/stages/classify/taxonomy.js';
import { createTextOf } from '../../../src/stages/classify/text-of.js';
import { readTrainingDir } from '../../../src/stages/classify/training-data.js';
import { ROOT, tempDir } from '../../helpers/cli.js';
import { FIXTURES, loadSplit } from './helpers.js';

describe('the naive Bayes model', () => {
  it('saves and loads to the same predictions', async () => {
    const train = loadSplit('train');
    const model = trainModel(train.map((d) => ({ type: d.type, text: d.text })));
    const file = path.join(tempDir(), 'model.json');
    await saveModel(model, file);
    const loaded = loadModel(file);
    const sample = loadSplit('heldout').slice(0, 10);
    for (const d of sample) expect([...loaded.predict(d.text)]).toEqual([...model.predict(d.text)]);
    expect(loaded.classes).toEqual([...new Set(train.map((d) => d.type))].sort());
    expect(loaded.classes.every((c) => BUILTIN_TYPES.some((t) => t.id === c))).toBe(true);
  });

  it('learns a type from examples alone (no rule for it)', () => {
    const examples = [
      ...['Giấy báo tử số 1 của ông A', 'GIẤY BÁO TỬ\nNgười chết: B, ngày chết 01/02/2022', 'Giấy báo tử — nguyên nhân chết: bệnh'].map((text) => ({ type: 'giay-bao-tu', text })),
      ...loadSplit('train').filter((d) => d.type === 'quyet-dinh' || d.type === 'cong-van'),
    ];
    const model = trainModel(examples);
    const classifier = createClassifier(loadRules(), model, 0.6);
    const c = classifier.classify('GIẤY BÁO TỬ\nHọ tên người chết: C\nNgày chết: 03/04/2022\nNguyên nhân chết: tai nạn');
    expect(c.alternatives.map((a) => a.type)).toContain('giay-bao-tu');
  });

  it('rejects a file that is not a model, and training on a single type', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'bad.json'), '{"format":"other"}');
    expect(() => loadModel(path.join(dir, 'bad.json'))).toThrow(ConfigError);
    expect(() => loadModel(path.join(dir, 'missing.json'))).toThrow(/Cannot read classification model/);
    expect(() => trainModel([{ type: 'quyet-dinh', text: 'QUYẾT ĐỊNH' }])).toThrow(/at least 2 document types/);
  });

  it('reads a training folder by type id, skipping what it cannot read', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'quyet-dinh'));
    mkdirSync(path.join(dir, 'Not A Type'));
    writeFileSync(path.join(dir, 'quyet-dinh', 'a.txt'), 'QUYẾT ĐỊNH\nĐiều 1.');
    writeFileSync(path.join(dir, 'quyet-dinh', 'empty.txt'), '');
    writeFileSync(path.join(dir, 'quyet-dinh', 'scan.png'), 'not really');
    const set = await readTrainingDir(dir, createTextOf());
    expect(set.examples).toEqual([{ type: 'quyet-dinh', text: 'QUYẾT ĐỊNH\nĐiều 1.', pageTexts: ['QUYẾT ĐỊNH\nĐiều 1.'] }]);
    expect(set.skipped.map((s) => path.basename(s.file)).sort()).toEqual(['Not A Type', 'empty.txt', 'scan.png']);
    await expect(readTrainingDir(path.join(FIXTURES, 'nope'), createTextOf())).rejects.toThrow(ConfigError);
  });
});

describe('rules', () => {
  it('ships a rule set naming every type of the taxonomy', () => {
    const ids = loadRules().map((t) => t.id);
    for (const t of BUILTIN_TYPES) expect(ids).toContain(t.id);
  });

  it('finds the shipped rules from the built dist/ too', async () => {
    const distRules = path.join(ROOT, 'dist', 'stages', 'classify', 'rules.js');
    const mod = (await import(distRules)) as { defaultRulesPath(): string };
    expect(mod.defaultRulesPath()).toBe(defaultRulesPath());
  });

  it('lets users add their own types and phrases through a rules file', () => {
    const file = path.join(tempDir(), 'my-rules.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        types: [
          { id: 'giay-bao-tu', name: 'Giấy báo tử', phrases: [{ text: 'giấy báo tử', weight: 4, zone: 'title' }] },
          { id: 'quyet-dinh', phrases: [{ text: 'quyết nghị', weight: 3, zone: 'title' }] },
        ],
      }),
    );
    const classifier = loadClassifier({ minConfidence: 0.6, rules: file });
    const c = classifier.classify('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nGIẤY BÁO TỬ\nHọ tên người chết: A');
    expect(c.type).toBe('giay-bao-tu');
    expect(c.typeName).toBe('Giấy báo tử');
    expect(classifier.classify('QUYẾT NGHỊ\nĐiều 1.').type).toBe('quyet-dinh');
    expect(classifier.types.find((t) => t.id === 'quyet-dinh')?.name).toBe('Quyết định');
  });

  it('reports a bad rules file naming the file and the key', () => {
    const file = path.join(tempDir(), 'bad-rules.json');
    writeFileSync(file, JSON.stringify({ version: 1, types: [{ id: 'Bad Id', phrases: [] }] }));
    expect(() => loadRules(file)).toThrow(/bad-rules\.json.*types\.0\.id/);
    writeFileSync(file, '{ not json');
    expect(() => loadRules(file)).toThrow(ConfigError);
    writeFileSync(file, JSON.stringify({ version: 1, types: [{ id: 'to-khai', patterns: [{ regex: 'TỜ (KHAI', weight: 2 }] }] }));
    expect(() => loadRules(file)).toThrow(expect.objectContaining({ key: 'classify.badRegex', params: expect.objectContaining({ type: 'to-khai', regex: 'TỜ (KHAI' }) }));
  });

  it('does not mistake a heading for a near-miss of another type ("HỢP ĐỒNG" is not "hóa đơn")', () => {
    const classifier = createClassifier(loadRules(), undefined, 0.6);
    expect(classifier.classify('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHỢP ĐỒNG THUÊ NHÀ\nBên cho thuê: A\nBên thuê: B').type).toBe('hop-dong');
    // E-invoices are their own type (hóa đơn) since the Decree 30 taxonomy; receipts stay biên lai.
    expect(classifier.classify('HÓA ĐƠN GIÁ TRỊ GIA TĂNG\nĐơn vị bán hàng: Công ty A\nThuế suất: 10%').type).toBe('hoa-don');
    expect(classifier.classify('HỘI ĐỒNG NHÂN DÂN\nHUYỆN CÀNG LONG\nSố: 12/NQ-HĐND\nNGHỊ QUYẾT\nĐiều 1. Thông qua kế hoạch.').type).toBe('nghi-quyet');
  });

  it('reads a heading that OCR turned into "QUYẾT LỊNH" or stripped of diacritics', () => {
    const classifier = createClassifier(loadRules(), undefined, 0.6);
    for (const h of ['QUYẾT LỊNH', 'QUYET DINH', 'QUY ẾT ĐlNH']) {
      expect(classifier.classify(`ỦY BAN NHÂN DÂN\nSố: 1/QĐ-UBND\n${h}\nVề việc thu hồi đất\nĐiều 1. Thu hồi đất.`).type, h).toBe('quyet-dinh');
    }
  });
});
