import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { LAYOUT, columnLeft, rowTop } from '../../../../scripts/terminal-svg.mjs';

/** The system's Chromium; CHROMIUM_PATH names another build (a Chrome, or Chromium elsewhere). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the pictures are served from: a made-up origin that the test answers itself, no network. */
const ORIGIN = 'http://readme.test';
/** Pixels per SVG unit when the picture is rasterised, as on a high-density screen. */
const SCALE = 2;

/**
 * Starts headless Chromium (playwright gives it a fresh profile, removed on close). Its absence
 * is an error that says how to install it, never a skip: this is the check of how the README's
 * pictures look.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is needed to render the README's pictures and was not found at ${CHROMIUM_PATH}. ` +
        'Install it (Debian/Ubuntu: apt-get install -y chromium fonts-dejavu-core) or set CHROMIUM_PATH ' +
        'to a Chromium or Chrome executable.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A glyph as Chromium laid it out, read from the SVG opened as a document. */
export interface LaidOutGlyph {
  text: string;
  /** Pen position before and after the glyph, in SVG units. */
  startX: number;
  endX: number;
  baseline: number;
}

/** A browser context that serves `files` (path → SVG text) at ORIGIN, and nothing else. */
async function servingContext(browser: Browser, files: Map<string, string>): Promise<BrowserContext> {
  const context = await browser.newContext({
    deviceScaleFactor: SCALE,
    viewport: { width: 1000, height: 700 },
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const body = url.origin === ORIGIN ? files.get(url.pathname) : undefined;
    if (body === undefined) await route.fulfill({ status: 404, body: 'not found' });
    else {
      const contentType = url.pathname.endsWith('.svg') ? 'image/svg+xml' : 'text/html; charset=utf-8';
      await route.fulfill({ status: 200, contentType, body });
    }
  });
  return context;
}

/**
 * Opens `svg` directly (as a browser shows a link to it) and reads where each glyph went, with the
 * SVG text DOM: one entry per grapheme, in document order. `css` is added to the document first
 * (to force another font, say). Fails if the file is not well-formed XML.
 */
export async function layOutDocument(browser: Browser, svg: string, css?: string): Promise<LaidOutGlyph[]> {
  const context = await servingContext(browser, new Map([['/picture.svg', svg]]));
  try {
    const page = await context.newPage();
    const response = await page.goto(`${ORIGIN}/picture.svg`);
    if (!response?.ok()) throw new Error(`the picture did not load: ${String(response?.status())}`);
    return await page.evaluate((extraCss) => {
      const root = document.documentElement;
      if (root.localName !== 'svg') {
        throw new Error(`Chromium did not parse the picture as SVG: ${root.textContent.slice(0, 300)}`);
      }
      if (extraCss) {
        const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
        style.textContent = extraCss;
        root.append(style);
      }
      const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
      const glyphs: { text: string; startX: number; endX: number; baseline: number }[] = [];
      for (const text of document.querySelectorAll('text')) {
        for (const { segment, index } of segmenter.segment(text.textContent)) {
          const start = text.getStartPositionOfChar(index);
          const end = text.getEndPositionOfChar(index);
          glyphs.push({ text: segment, startX: start.x, endX: end.x, baseline: start.y });
        }
      }
      return glyphs;
    }, css);
  } finally {
    await context.close();
  }
}

/** Ink of each cell of a picture, by row and column, counted over two areas of the cell. */
export interface CellInk {
  /** In the whole cell: where a character is, its ink must be. */
  whole: number[][];
  /** In the middle half of the cell, across: an empty cell has none, even beside a glyph. */
  middle: number[][];
}

/**
 * Shows `svg` as an `<img>` of a page, as a README does, and measures the ink of each cell of the
 * grid: pixels that differ from the same picture drawn without its text.
 */
export async function inkPerCell(
  browser: Browser,
  svg: string,
  size: { columns: number; rows: number },
): Promise<CellInk> {
  // The background of every cell, drawn alone: the picture less its <text> elements.
  const bare = svg.replace(/<text\b[\s\S]*?<\/text>/gu, '');
  const page = `<!doctype html><body style="margin:0;background:#fff"><img id="picture" src="/picture.svg"><img id="bare" src="/bare.svg"></body>`;
  const context = await servingContext(
    browser,
    new Map([
      ['/', page],
      ['/picture.svg', svg],
      ['/bare.svg', bare],
    ]),
  );
  try {
    const tab = await context.newPage();
    await tab.goto(`${ORIGIN}/`);
    const areas = [];
    for (let row = 0; row < size.rows; row += 1) {
      for (let column = 0; column < size.columns; column += 1) {
        const top = (rowTop(row) + 1) * SCALE;
        const bottom = (rowTop(row) + LAYOUT.lineHeight - 1) * SCALE;
        const left = columnLeft(column);
        areas.push(
          { left: left * SCALE, right: (left + LAYOUT.cellWidth) * SCALE, top, bottom },
          {
            left: (left + LAYOUT.cellWidth * 0.25) * SCALE,
            right: (left + LAYOUT.cellWidth * 0.75) * SCALE,
            top,
            bottom,
          },
        );
      }
    }
    const counts = await tab.evaluate(
      async ({ areas, scale }) => {
        const pixels = async (id: string) => {
          const image = document.getElementById(id) as HTMLImageElement;
          await image.decode();
          if (image.naturalWidth === 0) throw new Error(`the <img> ${id} did not render`);
          const canvas = document.createElement('canvas');
          canvas.width = image.naturalWidth * scale;
          canvas.height = image.naturalHeight * scale;
          const context2d = canvas.getContext('2d');
          if (!context2d) throw new Error('no 2D canvas');
          context2d.drawImage(image, 0, 0, canvas.width, canvas.height);
          return {
            data: context2d.getImageData(0, 0, canvas.width, canvas.height).data,
            width: canvas.width,
          };
        };
        const picture = await pixels('picture');
        const bare = await pixels('bare');
        return areas.map(({ left, right, top, bottom }) => {
          let ink = 0;
          for (let y = Math.round(top); y < Math.round(bottom); y += 1) {
            for (let x = Math.round(left); x < Math.round(right); x += 1) {
              const at = (y * picture.width + x) * 4;
              let difference = 0;
              for (let channel = 0; channel < 3; channel += 1) {
                difference = Math.max(
                  difference,
                  Math.abs((picture.data[at + channel] ?? 0) - (bare.data[at + channel] ?? 0)),
                );
              }
              if (difference > 40) ink += 1;
            }
          }
          return ink;
        });
      },
      { areas, scale: SCALE },
    );
    const grid = (offset: number) =>
      Array.from({ length: size.rows }, (_, row) =>
        Array.from(
          { length: size.columns },
          (_, column) => counts[(row * size.columns + column) * 2 + offset] ?? 0,
        ),
      );
    return { whole: grid(0), middle: grid(1) };
  } finally {
    await context.close();
  }
}
