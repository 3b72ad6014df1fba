// The peers bulletin is compared with, each building the same corpus as a minimal equivalent site:
// article pages, a home list paginated by 10, and one archive page per year. Installed on demand
// (Eleventy with npm into a temporary folder, Hugo with apt-get); a peer that cannot be installed is
// skipped with the reason, so the benchmark still runs offline.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ELEVENTY_VERSION = '3.1.2';

/** Eleventy 3 (markdown-it) in a temporary folder; returns its CLI path or a reason it is unavailable. */
export function installEleventy(tools) {
  const dir = path.join(tools, `eleventy-${ELEVENTY_VERSION}`);
  const bin = path.join(dir, 'node_modules/@11ty/eleventy/cmd.cjs');
  if (fs.existsSync(bin)) return { bin };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  const run = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--silent', `@11ty/eleventy@${ELEVENTY_VERSION}`], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  return fs.existsSync(bin) ? { bin } : { reason: `npm could not install Eleventy (${(run.stderr || run.error?.message || '').trim().split('\n')[0]})` };
}

/** Hugo from PATH, else `apt-get install -y hugo` when running as root. */
export function installHugo() {
  const found = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  if (found.status === 0) return { bin: 'hugo', version: found.stdout.trim().split(' ')[1] };
  if (process.getuid?.() !== 0) return { reason: 'hugo is not installed and apt-get needs root' };
  spawnSync('apt-get', ['install', '-y', '-q', 'hugo'], { encoding: 'utf8', timeout: 600_000 });
  const again = spawnSync('hugo', ['version'], { encoding: 'utf8' });
  return again.status === 0 ? { bin: 'hugo', version: again.stdout.trim().split(' ')[1] } : { reason: 'apt-get could not install hugo' };
}

/** An Eleventy site over `content` (symlinked): returns the folder; `npx eleventy` runs inside it. */
export function eleventySite(dir, content) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src/_includes'), { recursive: true });
  fs.symlinkSync(content, path.join(dir, 'src/articles'));
  const files = {
    'eleventy.config.mjs': `export default function (config) {
  config.addCollection('articles', (api) => api.getFilteredByGlob('src/articles/*.md').sort((a, b) => b.date - a.date));
  config.addCollection('years', (api) => {
    const years = new Map();
    for (const item of api.getFilteredByGlob('src/articles/*.md').sort((a, b) => b.date - a.date)) {
      const y = item.date.getFullYear();
      if (!years.has(y)) years.set(y, []);
      years.get(y).push(item);
    }
    return [...years].map(([year, items]) => ({ year, items }));
  });
  return { dir: { input: 'src', output: '_site' }, markdownTemplateEngine: false };
}
`,
    'src/_includes/article.njk': '<!doctype html><html><head><meta charset="utf-8"><title>{{ title }}</title></head><body><article><h1>{{ title }}</h1><time>{{ page.date.toISOString() }}</time>{{ content | safe }}</article></body></html>\n',
    'src/index.njk': `---
pagination:
  data: collections.articles
  size: 10
permalink: "{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}index.html"
---
<!doctype html><html><head><meta charset="utf-8"><title>Home</title></head><body><ul>
{%- for item in pagination.items %}<li><a href="{{ item.url }}">{{ item.data.title }}</a> {{ item.data.summary }}</li>{% endfor -%}
</ul>{% if pagination.href.next %}<a href="{{ pagination.href.next }}">Next</a>{% endif %}</body></html>
`,
    'src/years.njk': `---
pagination:
  data: collections.years
  size: 1
  alias: entry
permalink: "archive/{{ entry.year }}/index.html"
---
<!doctype html><html><head><meta charset="utf-8"><title>{{ entry.year }}</title></head><body><ul>
{%- for item in entry.items %}<li><a href="{{ item.url }}">{{ item.data.title }}</a></li>{% endfor -%}
</ul></body></html>
`,
  };
  for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), text);
  fs.mkdirSync(path.join(dir, 'src/_data'), { recursive: true });
  // Every article uses the article layout and a permalink of its own (directory data cannot be put in the corpus).
  fs.writeFileSync(
    path.join(dir, 'src/_data/eleventyComputed.js'),
    "export default { layout: (d) => (d.page.inputPath.includes('/articles/') ? 'article.njk' : d.layout), permalink: (d) => (d.page.inputPath.includes('/articles/') ? `/articles/${d.page.fileSlug}/` : d.permalink) };\n",
  );
  return dir;
}

/** A Hugo site over `content` (symlinked as content/posts), with one archive page per year. */
export function hugoSite(dir, content, years) {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const d of ['content/archive', 'layouts/_default', 'layouts/archive']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  fs.symlinkSync(content, path.join(dir, 'content/posts'));
  fs.writeFileSync(
    path.join(dir, 'config.toml'),
    'baseURL = "https://example.org/"\ntitle = "Bench"\npaginate = 10\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n[markup.goldmark.renderer]\nunsafe = false\n',
  );
  fs.writeFileSync(path.join(dir, 'layouts/_default/single.html'), '<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}</time>{{ .Content }}</article></body></html>\n');
  fs.writeFileSync(path.join(dir, 'layouts/_default/list.html'), '<!doctype html><html><body>{{ .Title }}</body></html>\n');
  fs.writeFileSync(
    path.join(dir, 'layouts/index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Home</title></head><body><ul>{{ $p := .Paginate (where .Site.RegularPages "Section" "posts") }}{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ with $p.Next }}<a href="{{ .URL }}">Next</a>{{ end }}</body></html>\n',
  );
  fs.writeFileSync(
    path.join(dir, 'layouts/archive/single.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ul>{{ $y := .Params.year }}{{ range where .Site.RegularPages "Section" "posts" }}{{ if eq .Date.Year $y }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul></body></html>\n',
  );
  for (const y of years) fs.writeFileSync(path.join(dir, `content/archive/${y}.md`), `---\ntitle: "${y}"\nyear: ${y}\n---\n`);
  return dir;
}

/** Years present in a corpus folder (file names start with the date). */
export function corpusYears(content) {
  return [...new Set(fs.readdirSync(content).filter((f) => f.endsWith('.md')).map((f) => Number(f.slice(0, 4))))].sort();
}

export function toolsDir() {
  return path.join(os.tmpdir(), 'bulletin-bench-tools');
}

