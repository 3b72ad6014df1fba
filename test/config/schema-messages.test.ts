import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { validateBulletin } from '../../src/content/validate.js';
import { formatDiagnostic } from '../../src/diagnostics.js';

// The schemas moved from zod 3 to zod 4. Each expected list is what the zod 3 build printed; with zod 4's
// own .int(), .min(), .default() and required unknown() keys, five of these eight fail (an extra message,
// a lost one, a missing key, or a group without its defaults).
const config = (text: string) => parseConfigText(text, 'bulletin.config.yaml');
const configProblems = (text: string) => config(text).diagnostics.map(formatDiagnostic);

describe('config messages as zod 3 gave them', () => {
  it('a fraction where a whole number belongs, below the range too: both said', () => {
    expect(configProblems('pageSize: 0.5\n')).toEqual([
      'bulletin.config.yaml:1:11 pageSize: should be a whole number, not 0.5.',
      'bulletin.config.yaml:1:11 pageSize: should be at least 1, not 0.5.',
    ]);
  });

  it("numbers past 2^53 are held to the setting's own limits, and Infinity is a number", () => {
    expect(configProblems('pageSize: 1e20\nmaxFileSize: 1e20\n')).toEqual(['bulletin.config.yaml:1:11 pageSize: should be at most 1000, not 100000000000000000000.']);
    expect(configProblems('pageSize: .inf\nrelated: { weights: { text: .inf } }\n')).toEqual([
      'bulletin.config.yaml:1:11 pageSize: should be a whole number, not null.',
      'bulletin.config.yaml:1:11 pageSize: should be at most 1000, not null.',
    ]);
  });

  it('a list where text belongs is one message, not a length as well; length counts UTF-16 units', () => {
    expect(configProblems('title: []\nlang: [a]\n')).toEqual([
      'bulletin.config.yaml:1:8 title: should be text (put it in quotes if it looks like a number), not a list.',
      'bulletin.config.yaml:2:7 lang: should be text (put it in quotes if it looks like a number), not a list.',
    ]);
    expect(configProblems('lang: 😀\n')).toEqual([]);
  });

  it('agencies given as a list are named a group of settings', () => {
    expect(configProblems('agencies: [a]\n')).toEqual([
      'bulletin.config.yaml:1:11 agencies: should be a group of settings, one "name: value" per line, indented under this one, not a list.',
    ]);
  });

  it('a group given in part gets the defaults of the rest', () => {
    expect(config('related: { count: 3 }\n').parsed?.related).toEqual({ count: 3, weights: { text: 1, tags: 0.5, agency: 0.1, date: 0.1 } });
    expect(config('').parsed?.feed).toEqual({ items: 20 });
  });
});

describe('front matter messages as zod 3 gave them', () => {
  const site = { timezone: 'Asia/Shanghai', lang: 'zh-CN', defaultAgency: undefined, agencies: {}, now: Date.parse('2026-11-01T00:00:00Z'), title: 'T' };
  const source = { file: 'content/2024-05-14-a.md', contentPath: '2024-05-14-a.md' } as Parameters<typeof validateBulletin>[0];
  const problems = (front: string) => validateBulletin(source, parseFrontMatter(`---\n${front}\n---\n\nx\n`, source.file), site).diagnostics.map(formatDiagnostic);

  it('empty text in a list is named; an empty text given for a list is the wrong kind of value', () => {
    expect(problems('title: T\ntags: ["", x]')).toEqual(['content/2024-05-14-a.md:3:8 tags.0: must not be empty.']);
    expect(problems('title: T\ntags: ""')).toEqual(['content/2024-05-14-a.md:3:7 tags: should be a list, e.g. tags: [科技创新, 资金扶持], not "".']);
    expect(problems('title: T\nattachments: [{ href: "" }, a.pdf]')).toEqual(['content/2024-05-14-a.md:3:15 attachments.0.href: must not be empty.']);
  });

  it('a list for the title is one message', () => {
    expect(problems('title: []')).toEqual(['content/2024-05-14-a.md:2:8 title: should be text, not a list.']);
  });

  it('an update or withdrawal without a date is reported by the date check, not as a missing key', () => {
    expect(problems('title: T\nupdates:\n  - note: 更正\nwithdrawn: { reason: 废止 }')).toEqual([
      'content/2024-05-14-a.md:4:5 updates: The date is empty. Use 2020-05-14, 2020-05-14 09:30 or 2020-05-14T09:30:00+08:00.',
      'content/2024-05-14-a.md:5:12 withdrawn: The date is empty. Use 2020-05-14, 2020-05-14 09:30 or 2020-05-14T09:30:00+08:00.',
    ]);
  });
});
