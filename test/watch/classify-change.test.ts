import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChange, isEditorTemporary, isWatched, type WatchedLayout } from '../../src/watch/classify-change.js';

const root = path.resolve('/site');
const layout: WatchedLayout = { root, contentDir: path.join(root, 'content'), templatesDir: path.join(root, 'templates') };
const at = (rel: string) => path.join(root, ...rel.split('/'));

describe('classifyChange', () => {
  it('calls Markdown files under content/ content, in any folder, in either extension', () => {
    expect(classifyChange(at('content/2024/2024-05-01-budget.md'), layout)).toBe('content');
    expect(classifyChange(at('content/notice.MARKDOWN'), layout)).toBe('content');
  });

  it('calls other files under content/ assets (attachments), including year folders themselves', () => {
    expect(classifyChange(at('content/2024/budget.pdf'), layout)).toBe('asset');
    expect(classifyChange(at('content/2024'), layout)).toBe('asset');
  });

  it('calls layouts, partials and strings templates, and templates/assets/ assets', () => {
    expect(classifyChange(at('templates/article.liquid'), layout)).toBe('template');
    expect(classifyChange(at('templates/partials/footer.liquid'), layout)).toBe('template');
    expect(classifyChange(at('templates/strings.yaml'), layout)).toBe('template');
    expect(classifyChange(at('templates/assets/style.css'), layout)).toBe('asset');
  });

  it('calls every config file name in the site folder config, and nowhere else', () => {
    for (const name of ['bulletin.config.yaml', 'bulletin.config.yml', 'bulletin.config.json']) {
      expect(classifyChange(at(name), layout)).toBe('config');
    }
    expect(classifyChange(at('content/bulletin.config.yaml'), layout)).toBe('asset');
    expect(classifyChange(at('other/bulletin.config.yaml'), layout)).toBe('ignored');
  });

  it('ignores editor swap, backup and lock files wherever they appear', () => {
    for (const name of ['.budget.md.swp', '.budget.md.swo', 'budget.md~', '.#budget.md', '#budget.md#', '4913', '5036', 'budget.md___jb_tmp___', 'budget.md___jb_old___', '~$report.docx', 'budget.md.tmp', '.DS_Store']) {
      expect(classifyChange(at(`content/2024/${name}`), layout), name).toBe('ignored');
      expect(classifyChange(at(`templates/${name}`), layout), name).toBe('ignored');
    }
  });

  it('ignores everything inside hidden folders under content/ and templates/', () => {
    expect(classifyChange(at('content/.git/HEAD'), layout)).toBe('ignored');
    expect(classifyChange(at('templates/.cache/x.liquid'), layout)).toBe('ignored');
  });

  it('ignores the outputs, the caches and everything else in the site folder', () => {
    for (const rel of ['dist/index.html', '.bulletin-dev/index.html', '.bulletin-cache/x.json', 'node_modules/a/b.js', 'README.md', 'bulletin.config.yaml.bak']) {
      expect(classifyChange(at(rel), layout), rel).toBe('ignored');
    }
  });

  it('follows a content folder that lies outside the site folder', () => {
    const outside = { ...layout, contentDir: path.resolve('/elsewhere/bulletins') };
    expect(classifyChange(path.resolve('/elsewhere/bulletins/a.md'), outside)).toBe('content');
    expect(classifyChange(at('content/a.md'), outside)).toBe('ignored');
  });
});

describe('isEditorTemporary', () => {
  it('matches only the vim probe sequence among numeric names, so year folders are never skipped', () => {
    expect(['4913', '5036', '5159'].map(isEditorTemporary)).toEqual([true, true, true]);
    expect(['2024', '4914', '12'].map(isEditorTemporary)).toEqual([false, false, false]);
  });
});

describe('isWatched', () => {
  it('walks the site folder and the folders that lead to content/, and nothing else', () => {
    const nested = { ...layout, contentDir: at('src/content') };
    expect(isWatched(root, nested)).toBe(true);
    expect(isWatched(at('src'), nested)).toBe(true);
    expect(isWatched(at('src/content/a.md'), nested)).toBe(true);
    expect(isWatched(at('src/other'), nested)).toBe(false);
    expect(isWatched(at('dist'), nested)).toBe(false);
    expect(isWatched(at('node_modules'), nested)).toBe(false);
    expect(isWatched(at('.bulletin-dev'), nested)).toBe(false);
  });

  it('watches templates/ before it exists, so creating it switches to the site templates', () => {
    expect(isWatched(at('templates'), layout)).toBe(true);
    expect(isWatched(at('templates/article.liquid'), layout)).toBe(true);
  });
});
