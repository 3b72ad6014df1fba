import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { build, type BuildOptions, type BuildResult } from '../../src/build.js';

/** A fixed "now" for reproducible builds: 2026-01-01 09:00 in Shanghai. */
export const FIXED_NOW = Date.parse('2026-01-01T09:00:00+08:00');

/**
 * Creates a throwaway site folder from a map of relative path → file text (or bytes). Removed by
 * `cleanupSites()` (call it in afterAll/afterEach).
 */
export function makeSite(files: Record<string, string | Uint8Array>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-test-'));
  created.push(root);
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

const created: string[] = [];
export function cleanupSites(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies a fixture folder (under test/fixtures/) into a fresh temp site. */
export function copyFixture(name: string): string {
  const root = makeSite({});
  fs.cpSync(path.join(import.meta.dirname, '..', 'fixtures', name), root, { recursive: true });
  return root;
}

/** Builds a site folder with the library API and a fixed clock. */
export function buildSite(root: string, options: Partial<BuildOptions> = {}): Promise<BuildResult> {
  return build({ root, now: FIXED_NOW, ...options });
}

/** A bulletin file's text from front-matter fields and a body. */
export function bulletin(fields: Record<string, unknown>, body = '正文。'): string {
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `---\n${lines.join('\n')}\n---\n\n${body}\n`;
}

/** Parses an output HTML file into a DOM document (linkedom). */
export function readHtml(root: string, rel: string, outDir = 'dist'): Document {
  const text = fs.readFileSync(path.join(root, outDir, rel), 'utf8');
  return parseHTML(text).document as unknown as Document;
}

/** Every file under a folder, relative, sorted, forward slashes. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push(path.relative(dir, abs).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** Snapshot of a folder: relative path → bytes (base64), for byte-for-byte comparisons. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, rel)).toString('base64')]));
}
