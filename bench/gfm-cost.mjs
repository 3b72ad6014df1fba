#!/usr/bin/env node
// What each GFM extension costs to parse, and whether dropping one changes any bulletin's HTML.
//   node bench/gfm-cost.mjs DIR [--limit N] [--rounds R]   (after npm run build:ts)   (DIR: a folder of bulletins, e.g. from gen-corpus.mjs)
// Parses every body with remark-parse plus each set of extensions, interleaving the variants in
// rounds so a noisy shared machine slows them all alike; prints median ms per bulletin and the
// ratio to remark-parse alone, then checks the chosen set renders byte-identical HTML to full GFM.
import fs from 'node:fs';
import path from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { remarkGfmLite } from '../lib/markdown/gfm-lite.js';

const dir = process.argv[2];
const flag = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const limit = flag('--limit', 1000);
const bodies = fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort().slice(0, limit)
  .map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, ''));

/** A remark plugin adding just the given micromark + mdast extensions. */
const only = (...pairs) => function () {
  const data = this.data();
  for (const [syntax, fromMarkdown] of pairs) {
    (data.micromarkExtensions ??= []).push(syntax);
    (data.fromMarkdownExtensions ??= []).push(fromMarkdown);
  }
};
const table = [gfmTable(), gfmTableFromMarkdown()];
const autolink = [gfmAutolinkLiteral(), gfmAutolinkLiteralFromMarkdown()];
const strike = [gfmStrikethrough(), gfmStrikethroughFromMarkdown()];
const variants = {
  'remark-parse alone': unified().use(remarkParse),
  'full remark-gfm': unified().use(remarkParse).use(remarkGfm),
  '+ table': unified().use(remarkParse).use(only(table)),
  '+ autolink literal': unified().use(remarkParse).use(only(autolink)),
  '+ strikethrough': unified().use(remarkParse).use(only(strike)),
  '+ table + autolink literal': unified().use(remarkParse).use(only(table, autolink)),
  // What bulletin uses (src/markdown/gfm-lite.ts): tables, and bare URLs found by a regex pass over
  // the text nodes that could hold one, instead of the micromark construct that inspects every character.
  'gfm-lite (table + bare URLs)': unified().use(remarkParse).use(remarkGfmLite),
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const rounds = flag('--rounds', 5);
for (let round = 0; round < rounds; round++) {
  for (const [name, p] of Object.entries(variants)) {
    const start = performance.now();
    for (const b of bodies) p.parse(b);
    times[name].push((performance.now() - start) / bodies.length);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['remark-parse alone']);
console.log(`${bodies.length} bulletins, median of ${rounds} interleaved rounds`);
for (const [name, xs] of Object.entries(times)) console.log(`${name.padEnd(28)} ${median(xs).toFixed(3)} ms/bulletin  ${(median(xs) / base).toFixed(2)}×`);

const html = (p) => p.use(remarkRehype).use(rehypeStringify);
const full = html(unified().use(remarkParse).use(remarkGfm));
const lite = html(unified().use(remarkParse).use(remarkGfmLite));
const differ = bodies.filter((b) => String(full.processSync(b)) !== String(lite.processSync(b)));
console.log(`gfm-lite vs full GFM: ${differ.length} of ${bodies.length} bulletins render differently`);
for (const b of differ.slice(0, 3)) console.log(`--- differs:\n${b.slice(0, 300)}`);
