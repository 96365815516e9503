// Opens a large interactive page in headless Chromium the way a reader does, and measures:
// how long until the graph is drawn (from navigation start), whether it opens fitted to the
// view (every element inside the visible area, above the minimum zoom), and whether a search
// brings the hit into view at a zoom where its name can be read. Prints one JSON object;
// tests/html_page.rs judges it.
//
// usage: node open_page.js PAGE.html SEARCH_TEXT [SCREENSHOT.png]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function main() {
  const [pagePath, text, shot] = process.argv.slice(2);
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'derek-chromium-'));
  const out = { errors: [] };
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 }, timeout: 60000,
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => out.errors.push(String(e)));
    // A first visit warms the browser (its process start and code caches are not the page's).
    await page.goto('about:blank');
    await page.goto('file://' + path.resolve(pagePath), { waitUntil: 'commit' });
    await page.waitForFunction(() => document.body.dataset.drawn, null, { timeout: 120000 });
    const view = () => page.evaluate(() => {
      const cy = derek.cy;
      const bb = cy.elements(':visible').boundingBox();
      const ex = cy.extent();
      return {
        drawn_ms: Number(document.body.dataset.drawn),
        zoom: cy.zoom(), min_zoom: cy.minZoom(),
        nodes: cy.nodes().length, edges: cy.edges().length,
        inside: bb.x1 >= ex.x1 - 1 && bb.x2 <= ex.x2 + 1 && bb.y1 >= ex.y1 - 1 && bb.y2 <= ex.y2 + 1,
        fills: (bb.w >= 0.6 * ex.w) || (bb.h >= 0.6 * ex.h),
      };
    });
    out.opened = await view();
    if (shot) await page.screenshot({ path: shot });
    await page.fill('#derek-search', text);
    await page.press('#derek-search', 'Enter');
    out.search = await page.evaluate(() => {
      const cy = derek.cy;
      const id = document.getElementById('derek-panel').dataset.selected;
      const n = cy.getElementById(id);
      const p = n.renderedPosition();
      const box = document.getElementById('derek-graph-view').getBoundingClientRect();
      return {
        selected: id, zoom: cy.zoom(),
        in_view: p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height,
        // The label's size on screen, in pixels.
        font_px: cy.zoom() * parseFloat(n.style('font-size')),
      };
    });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
