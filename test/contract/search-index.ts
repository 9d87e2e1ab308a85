import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/ports/catalog.js';

/**
 * The search contract every catalog engine passes (SQLite now; PostgreSQL later). `open` gives
 * an empty, migrated catalog whose `search` is set.
 */
export function describeSearchContract(engine: string, open: () => Promise<Catalog> | Catalog): void {
  async function seeded() {
    const c = await open();
    const add = (uid: string, unit: string, dossier: string, pages: string[], type?: string) => {
      const d = c.documents.createDocument({ uid, dossierCode: dossier, unitCode: unit, part: 'ho-so', name: `${uid}.pdf` }, []);
      c.search!.indexPages(d.id, pages.map((text, i) => ({ pageNo: i + 1, text })));
      c.search!.indexRecord(d.id, [`${uid}.pdf`, dossier, type ?? ''].join('\n'));
      return d.id;
    };
    add('exact', '29236', 'D-1', ['Phiếu tiếp nhận hồ sơ đăng ký đất đai của ông Nguyễn Văn An.'], 'phieu-tiep-nhan');
    add('other-marks', '29236', 'D-2', ['Con hổ sờ vào cây. Không liên quan đến đất.']);
    add('unmarked', '842', 'D-3', ['HO SO DANG KY (ban go khong dau)', 'Trang hai: ho so, ho so, ho so bo sung.']);
    add('don', '842', 'D-4', ['Đơn đề nghị cấp giấy chứng nhận quyền sử dụng đất'], 'don-de-nghi');
    add('noise', '29236', 'D-5', ['Biên bản họp tổ dân phố về vệ sinh môi trường.']);
    return c;
  }
  const uids = (hits: Array<{ uid: string }>) => hits.map((h) => h.uid);

  describe(`search contract: ${engine}`, () => {
    it('folds diacritics the Vietnamese way: "ho so" finds "hồ sơ", "don" finds "Đơn"', async () => {
      const c = await seeded();
      // Without diacritics every spelling matches, "hổ sờ" included.
      expect(uids(c.search!.search({ text: 'ho so' })).sort()).toEqual(['exact', 'other-marks', 'unmarked']);
      expect(uids(c.search!.search({ text: 'don de nghi' }))).toEqual(['don']);
      expect(uids(c.search!.search({ text: 'ĐƠN' }))).toEqual(['don']);
      expect(uids(c.search!.search({ text: 'dat dai' }))).toEqual(['exact']);
      c.close();
    });

    it('ranks the exact spelling first when the query has diacritics, and more matches higher without', async () => {
      const c = await seeded();
      const marked = c.search!.search({ text: 'hồ sơ' });
      expect(marked[0]).toMatchObject({ uid: 'exact', exact: true });
      expect(marked.slice(1).every((h) => !h.exact)).toBe(true);
      const plain = c.search!.search({ text: 'ho so' });
      expect(plain[0]!.uid).toBe('unmarked'); // four times on its page 2
      expect(plain[0]!.pageNo).toBe(2);
      expect(plain.every((h, i) => i === 0 || h.score <= plain[i - 1]!.score)).toBe(true);
      c.close();
    });

    it('returns one hit per document, with the matched words highlighted in a snippet', async () => {
      const c = await seeded();
      const hits = c.search!.search({ text: 'ho so' });
      expect(new Set(uids(hits)).size).toBe(hits.length);
      expect(hits.find((h) => h.uid === 'exact')!.snippet).toContain('«hồ» «sơ»');
      c.close();
    });

    it('filters by unit, type and dossier, and searches the record metadata', async () => {
      const c = await seeded();
      expect(uids(c.search!.search({ text: 'ho so', unit: '842' }))).toEqual(['unmarked']);
      expect(uids(c.search!.search({ text: 'dat', type: 'xx' }))).toEqual([]);
      expect(uids(c.search!.search({ text: 'dat', dossier: 'D-4' }))).toEqual(['don']);
      const byCode = c.search!.search({ text: 'D-5' });
      expect(byCode[0]).toMatchObject({ uid: 'noise', pageNo: null });
      expect(c.search!.search({ text: 'nothing-like-this' })).toEqual([]);
      expect(c.search!.search({ text: '  !!  ' })).toEqual([]);
      c.close();
    });

    it('replaces a document\'s pages when they are indexed again, and removes them', async () => {
      const c = await seeded();
      const id = c.documents.byUid('noise')!.id;
      c.search!.indexPages(id, [{ pageNo: 1, text: 'Quyết định khen thưởng' }]);
      expect(uids(c.search!.search({ text: 've sinh' }))).toEqual([]);
      expect(uids(c.search!.search({ text: 'khen thuong' }))).toEqual(['noise']);
      c.search!.removeDocument(id);
      expect(uids(c.search!.search({ text: 'khen thuong' }))).toEqual([]);
      c.close();
    });
  });
}
