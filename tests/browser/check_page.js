// Drives derek's interactive page in headless Chromium the way a reader would: searches for an
// entity, clicks it on the canvas, reads the relations listed, clicks one of its edges on the
// canvas and reads the evidence, and keeps a screenshot. Prints one JSON object on stdout;
// tests/html_page.rs judges it.
//
// usage: node check_page.js PAGE.html SCREENSHOT.png ENTITY_TEXT
// CHROMIUM overrides the browser (default /usr/bin/chromium, Debian's package).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Where a node (its centre) or an edge (its midpoint) is on the screen.
async function canvasPoint(page, id) {
  return page.evaluate((id) => {
    const ele = derek.cy.getElementById(id);
    if (ele.empty()) throw new Error('no element ' + id);
    const box = document.getElementById('derek-graph-view').getBoundingClientRect();
    const p = ele.isNode() ? ele.renderedPosition() : ele.renderedMidpoint();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

async function main() {
  const [pagePath, shot, entity] = process.argv.slice(2);
  if (!pagePath || !shot || !entity) throw new Error('usage: node check_page.js PAGE.html SCREENSHOT.png ENTITY_TEXT');
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'derek-chromium-'));
  const out = { requests: [], errors: [] };
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 }, timeout: 60000,
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('request', (r) => out.requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') out.errors.push(m.text()); });
    page.on('pageerror', (e) => out.errors.push(String(e)));
    const url = 'file://' + path.resolve(pagePath);
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });

    // 1. The search box: type the name, press Enter.
    await page.fill('#derek-search', entity);
    await page.press('#derek-search', 'Enter');
    out.search = await page.evaluate(() => ({
      status: document.getElementById('derek-status').textContent,
      selected: document.getElementById('derek-panel').dataset.selected || null,
    }));

    // 2. On a fresh page, click the entity's node on the canvas.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30000 });
    const target = out.search.selected;
    if (!target) throw new Error('the search selected nothing');
    const p = await canvasPoint(page, target);
    await page.mouse.click(p.x, p.y);
    await page.waitForSelector('#derek-node-relations', { timeout: 10000 });
    out.clicked = await page.evaluate(() => document.getElementById('derek-panel').dataset.selected || null);
    out.heading = await page.textContent('#derek-panel h2');
    out.relations = await page.$$eval('#derek-node-relations li.rel', (lis) =>
      lis.map((li) => ({ edge: li.dataset.edge, text: li.textContent })));

    // 3. Click one of those relations' edges on the canvas: the evidence, the quote marked.
    // Prefer a speech edge, whose quote is marked.
    const edgeId = await page.evaluate((ids) => {
      const g = derek.graph();
      const speech = ids.find((id) => g.edges.some((e) => e.id === id && e.quote));
      return speech || ids[0];
    }, out.relations.map((r) => r.edge));
    const q = await canvasPoint(page, edgeId);
    await page.mouse.click(q.x, q.y);
    await page.waitForSelector('#derek-evidence', { timeout: 10000 });
    out.edge = {
      wanted: edgeId,
      selected: await page.evaluate(() => document.getElementById('derek-panel').dataset.selected || null),
      evidence: await page.textContent('#derek-evidence'),
      mark: await page.evaluate(() => {
        const m = document.querySelector('#derek-evidence mark');
        return m ? m.textContent : null;
      }),
      details: await page.textContent('#derek-panel dl'),
    };
    await page.screenshot({ path: shot });
    out.screenshot = shot;
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write('check_page.js: ' + (e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
