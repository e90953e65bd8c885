/**
 * Draws Cadence's two Teams icons and writes them beside the manifest:
 * - color.png, 192×192: a white "C" with a beat (a dot) in its opening, on the accent colour;
 * - outline.png, 32×32: the same mark in white on transparent, as Teams requires.
 * The PNGs are committed; run this again only to change them:
 *
 *   npx tsx infra/teams-app/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { crc32 } from './package.ts';

/** The manifest's accentColor, #1F5C7A. */
export const ACCENT: [number, number, number] = [0x1f, 0x5c, 0x7a];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG of `width`×`height` from its pixels, row by row, four bytes (r, g, b, a) each. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(
      rows,
      y * (width * 4 + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * How much of the unit-square pixel at (x, y) the mark covers, 0–1, for an
 * image `size` wide: a ring open on the right (a "C") and a dot in the
 * opening. Supersampled 5×5 for smooth edges.
 */
function markCoverage(x: number, y: number, size: number, scale: number): number {
  const c = size / 2;
  const outer = 0.36 * size * scale;
  const inner = outer * 0.62;
  const gap = (50 * Math.PI) / 180; // half the opening, either side of the right-hand axis
  const dotR = (outer - inner) * 0.62;
  const dotX = c + (outer + inner) / 2;
  let hits = 0;
  const n = 5;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const px = x + (i + 0.5) / n - c;
      const py = y + (j + 0.5) / n - c;
      const r = Math.hypot(px, py);
      const angle = Math.abs(Math.atan2(py, px));
      const inRing = r >= inner && r <= outer && angle >= gap;
      const inDot = Math.hypot(x + (i + 0.5) / n - dotX, py) <= dotR;
      if (inRing || inDot) hits++;
    }
  }
  return hits / (n * n);
}

/** The full-colour icon: the mark in white on the accent colour, edge to edge. */
export function colorIcon(size = 192): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const k = markCoverage(x, y, size, 1);
      const o = (y * size + x) * 4;
      for (let ch = 0; ch < 3; ch++) rgba[o + ch] = Math.round(ACCENT[ch]! * (1 - k) + 255 * k);
      rgba[o + 3] = 255;
    }
  }
  return encodePng(size, size, rgba);
}

/** The outline icon: the mark in white, everything else transparent. */
export function outlineIcon(size = 32): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      rgba[o] = rgba[o + 1] = rgba[o + 2] = 255;
      rgba[o + 3] = Math.round(255 * markCoverage(x, y, size, 1.3));
    }
  }
  return encodePng(size, size, rgba);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const here = dirname(fileURLToPath(import.meta.url));
  writeFileSync(join(here, 'color.png'), colorIcon());
  writeFileSync(join(here, 'outline.png'), outlineIcon());
  process.stdout.write(
    `wrote ${join(here, 'color.png')} (192×192) and ${join(here, 'outline.png')} (32×32)\n`,
  );
}
