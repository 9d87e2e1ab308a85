import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { ROOT, requireTool, runCli, tempDir } from '../helpers/cli.js';

const hasChromium = requireTool('chromium');

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  let html: string;
  let dir: string;
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
    const r = await runCli([...ws, '--lang', 'vi', 'report', '--format', 'html', '--out', html]); // the users' language
    expect(r.code, r.stderr).toBe(0);
  });

  it('loads with no console errors or requests, and renders a non-blank chart', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]); // self-contained: no network
      // one bar pair per unit, charts of at most 24 units, a target line in each chart
      expect(await page.locator('svg rect.bar.components').count()).toBe(1 + 9 + 104);
      expect(await page.locator('svg rect.bar.results').count()).toBe(1 + 9 + 104);
      expect(await page.locator('figure.chart').count()).toBe(1 + 1 + 5);
      expect(await page.locator('svg line.target').count()).toBe(7);
      expect(await page.locator('p.legend').count()).toBe(3);
      expect(await page.locator('h1').innerText()).toContain('số hóa');
      const png = path.join(dir, 'report.png');
      await page.screenshot({ path: png, fullPage: false });
      // Not blank: the screenshot has many distinct colours and dark text pixels.
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const colours = new Set<number>();
      let dark = 0;
      for (let i = 0; i < data.length; i += info.channels) {
        colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        if (data[i]! + data[i + 1]! + data[i + 2]! < 200) dark++;
      }
      expect(colours.size).toBeGreaterThan(20);
      expect(dark).toBeGreaterThan(1000);
      expect(readFileSync(png).length).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });
});
