import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import { ROOT, requireTool, runCli, tempDir } from '../helpers/cli.js';

const hasTools = requireTool('chromium') && requireTool('pdftotext') && requireTool('pdfinfo');

/** The text of one PDF page, spaces folded. */
function pageText(pdf: string, n: number): string {
  return execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

describe.skipIf(!hasTools)('the HTML report printed on A4 by headless Chromium', () => {
  let dir: string;
  let html: string;
  let pdf: string;
  let pages: string[];
  let communes: string[];
  /** Each chart's caption and the unit labels drawn in it, read from the page. */
  let charts: Array<{ caption: string; units: string[] }>;

  beforeAll(async () => {
    dir = tempDir();
    const ws = ['--workspace', path.join(dir, 'ws')];
    for (const args of [
      ['units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')],
      ['register', 'import', path.join(ROOT, 'fixtures/register/tra-vinh-2022.csv')],
    ]) {
      const r = await runCli([...ws, ...args]);
      expect(r.code, r.stderr).toBe(0);
    }
    html = path.join(dir, 'report.html');
    const r = await runCli([...ws, '--lang', 'vi', 'report', '--from', '2022-01-01', '--to', '2022-12-31', '--by', 'quarter', '--format', 'html', '--out', html]);
    expect(r.code, r.stderr).toBe(0);
    const list = await runCli([...ws, 'units', 'list', '--level', 'commune', '--json']);
    communes = (JSON.parse(list.stdout) as Array<{ name: string }>).map((u) => u.name);
    expect(communes).toHaveLength(104);

    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      charts = await page.locator('figure.chart:not(.small)').evaluateAll((figs) =>
        figs.map((f) => ({
          caption: f.querySelector('figcaption')?.textContent ?? '',
          units: [...f.querySelectorAll('text.unit')].map((t) => [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')),
        })),
      );
      pdf = path.join(dir, 'report.pdf');
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    } finally {
      await browser.close();
    }
    const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    pages = Array.from({ length: count }, (_, i) => pageText(pdf, i + 1));
  });

  it('is A4 landscape, on a bounded number of pages, with the summary, laggards and trend on page 1', () => {
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
    expect(Math.round(Number(w))).toBe(842); // 297 mm
    expect(Math.round(Number(h))).toBe(595); // 210 mm
    // first page, the province, the districts, 5 commune charts and the commune table
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.length).toBeLessThanOrEqual(16);
    expect(pages[0]).toContain('Tổng hợp theo cấp');
    expect(pages[0]).toContain('Toàn địa bàn');
    expect(pages[0]).toContain('Ba đơn vị còn xa chỉ tiêu nhất');
    expect(pages[0]).toContain('Diễn biến theo thời gian');
    expect(pages[0]).toMatch(/Lập lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(giờ Việt Nam\)/);
  });

  it('names every commune, and never cuts a chart: each chart is whole on one page', () => {
    const all = pages.join(' ');
    for (const name of communes) expect(all, name).toContain(name);
    expect(charts.map((c) => c.caption)).toEqual(['Cấp tỉnh (1/1)', 'Cấp huyện (1/1)', ...[1, 2, 3, 4, 5].map((k) => `Cấp xã (${k}/5)`)]);
    expect(charts.reduce((n, c) => n + c.units.length, 0)).toBe(1 + 9 + 104);
    for (const chart of charts) {
      const on = pages.map((t, i) => (t.includes(chart.caption + ' ') ? i : -1)).filter((i) => i >= 0);
      expect(on, chart.caption).toHaveLength(1);
      // every bar's label is on the caption's page: a chart cut by a page break would put its
      // last units on the next page
      const text = pages[on[0]!]!;
      for (const unit of chart.units) expect(text, `${chart.caption}: ${unit}`).toContain(unit);
      expect(text).toMatch(/0% .*100%/);
    }
  });
});
