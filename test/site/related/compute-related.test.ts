import { describe, expect, it } from 'vitest';
import { computeRelated, termVector, type RelatedItem, type RelatedOptions, type TermVector } from '../../../src/site/related/index.js';

interface Doc extends RelatedItem {
  terms: TermVector;
}

/** A bulletin as related articles see it: slug, date (Shanghai), title and body text, optional tags and agency. */
function doc(slug: string, date: string, title: string, body: string, extra: { tags?: string[]; agency?: string } = {}): Doc {
  return {
    slug,
    file: `content/${slug}.md`,
    date: { epochMs: Date.parse(`${date}T09:00:00+08:00`) },
    tags: extra.tags ?? [],
    agency: extra.agency ?? '明川市人民政府办公室',
    terms: termVector(title, body),
  };
}

const TEXT_ONLY: RelatedOptions = { count: 5, weights: { text: 1, tags: 0, agency: 0, date: 0 } };
const DEFAULTS: RelatedOptions = { count: 5, weights: { text: 1, tags: 0.5, agency: 0.1, date: 0.1 } };

/** Related lists as slugs, keyed by slug. */
function relate(docs: readonly Doc[], options: RelatedOptions, eligible = docs.map(() => true), pinned: number[][] = docs.map(() => [])): Record<string, string[]> {
  const lists = computeRelated(
    docs,
    docs.map((d) => d.terms),
    eligible,
    pinned,
    options,
  );
  return Object.fromEntries(docs.map((d, i) => [d.slug, lists[i]!.map((j) => docs[j]!.slug)]));
}

// Three stories: air pollution (three releases), school safety (two), a flood warning (one).
const CHINESE = [
  doc('air-plan', '2025-03-01', '明川市印发大气污染防治行动方案', '方案提出，到2027年细颗粒物浓度下降百分之十，重点治理工业废气和机动车尾气。'),
  doc('air-plan-explained', '2025-03-05', '图解：大气污染防治行动方案', '一图读懂大气污染防治行动方案：细颗粒物浓度下降，工业废气和机动车尾气治理。'),
  doc('air-quality-report', '2025-06-01', '上半年空气质量持续改善', '上半年细颗粒物平均浓度同比下降，优良天数比例提高，机动车尾气治理见效。'),
  doc('school-safety', '2025-02-20', '教育局部署春季学期校园安全工作', '各中小学要开展校园安全隐患排查，加强食堂食品安全和上下学交通安全管理。'),
  doc('school-safety-check', '2025-03-10', '校园安全专项检查启动', '教育局组织专项检查，覆盖全市中小学校园安全、食堂食品安全和消防设施。'),
  doc('flood-warning', '2025-07-01', '防汛抗旱指挥部发布暴雨蓝色预警', '预计未来二十四小时明溪河流域有暴雨，请群众远离河道。'),
];

describe('computeRelated', () => {
  it('relates Chinese bulletins by the words they share, with no tags at all', () => {
    expect(relate(CHINESE, { ...TEXT_ONLY, count: 2 })).toEqual({
      'air-plan': ['air-plan-explained', 'air-quality-report'],
      'air-plan-explained': ['air-plan', 'air-quality-report'],
      // The explainer repeats the report's words (细颗粒物浓度下降, 机动车尾气治理) more closely than the plan.
      'air-quality-report': ['air-plan-explained', 'air-plan'],
      'school-safety': ['school-safety-check'],
      'school-safety-check': ['school-safety'],
      'flood-warning': [],
    });
  });

  it('relates English bulletins by content words, never by shared stop words', () => {
    const docs = [
      doc('bus-fares', '2024-05-01', 'Bus fares frozen for 2024', 'The transport bureau said bus fares will stay the same for the whole year.'),
      doc('bus-routes', '2024-05-09', 'New bus routes for the eastern districts', 'Twelve bus routes will serve the eastern districts, the transport bureau said.'),
      doc('library', '2024-05-03', 'The city library opens on Sundays', 'From June the library will be open on Sundays and it will lend e-books.'),
    ];
    expect(relate(docs, TEXT_ONLY)).toEqual({
      'bus-fares': ['bus-routes'],
      'bus-routes': ['bus-fares'],
      // "the", "will", "for", "on" and "said" are all it shares with the others; only "said" is not a stop word.
      library: [],
    });
  });

  it('counts a word in the title more than the same word in the body', () => {
    const docs = [
      doc('query', '2024-01-10', '垃圾分类新规实施', '新规自一月起实施。'),
      doc('in-title', '2024-01-01', '垃圾分类宣传周', '社区开展宣传活动。'),
      doc('in-body', '2024-01-02', '社区宣传周', '社区开展垃圾分类宣传活动。'),
    ];
    expect(relate(docs, TEXT_ONLY).query).toEqual(['in-title', 'in-body']);
  });

  it('relates a Chinese and an English version of the same news through the names and numbers they share', () => {
    const docs = [
      doc('expo-zh', '2024-09-01', '2024 MCEXPO博览会开幕', '第12届MCEXPO博览会今日开幕，参展企业860家。'),
      doc('expo-en', '2024-09-01', 'MCEXPO 2024 opens', 'The 12th MCEXPO opened today with 860 exhibitors.'),
      doc('rain-en', '2024-09-02', 'Heavy rain expected', 'Residents should stay away from rivers.'),
    ];
    expect(relate(docs, TEXT_ONLY)).toEqual({ 'expo-zh': ['expo-en'], 'expo-en': ['expo-zh'], 'rain-en': [] });
  });

  it('never lists a bulletin that may not appear in related lists, but still gives it a list of its own', () => {
    // As if air-plan-explained were a draft and school-safety withdrawn.
    const eligible = CHINESE.map((d) => d.slug !== 'air-plan-explained' && d.slug !== 'school-safety');
    const lists = relate(CHINESE, { ...TEXT_ONLY, count: 5 }, eligible);
    for (const list of Object.values(lists)) expect(list).not.toContain('air-plan-explained');
    for (const list of Object.values(lists)) expect(list).not.toContain('school-safety');
    expect(lists['air-plan-explained']).toEqual(['air-plan', 'air-quality-report']);
    expect(lists['school-safety']).toEqual(['school-safety-check']);
  });

  it('puts pinned bulletins first, in the order given, and does not repeat them', () => {
    const at = (slug: string) => CHINESE.findIndex((d) => d.slug === slug);
    const pinned = CHINESE.map((d) => (d.slug === 'air-plan' ? [at('flood-warning'), at('air-quality-report'), at('flood-warning')] : []));
    expect(relate(CHINESE, { ...TEXT_ONLY, count: 3 }, undefined, pinned)['air-plan']).toEqual(['flood-warning', 'air-quality-report', 'air-plan-explained']);
    // More pins than the count: all pins are kept, nothing else is added.
    expect(relate(CHINESE, { ...TEXT_ONLY, count: 1 }, undefined, pinned)['air-plan']).toEqual(['flood-warning', 'air-quality-report']);
  });

  it('gives the same lists whatever order the bulletins come in', () => {
    const expected = relate(CHINESE, DEFAULTS);
    const reversed = [...CHINESE].reverse();
    const rotated = [...CHINESE.slice(2), ...CHINESE.slice(0, 2)];
    const interleaved = [...CHINESE.filter((_, i) => i % 2 === 1), ...CHINESE.filter((_, i) => i % 2 === 0)];
    for (const order of [reversed, rotated, interleaved]) expect(relate(order, DEFAULTS)).toEqual(expected);
  });

  it('breaks ties on date, newest first, then on slug', () => {
    const same = (slug: string, date: string) => doc(slug, date, '人才公寓配租公告', '人才公寓第三批配租。');
    const docs = [same('b-older', '2024-01-01'), same('query', '2024-02-01'), same('c-newer', '2024-03-01'), same('a-newer', '2024-03-01')];
    expect(relate(docs, TEXT_ONLY).query).toEqual(['a-newer', 'c-newer', 'b-older']);
  });

  it('relates untagged bulletins with no words in common by agency, nearest in date first', () => {
    const docs = [
      doc('q', '2024-06-01', '甲', '乙', { agency: '明川市水务局' }),
      doc('same-agency-near', '2024-06-03', '丙', '丁', { agency: '明川市水务局' }),
      doc('same-agency-far', '2023-01-01', '戊', '己', { agency: '明川市水务局' }),
      doc('other-agency', '2024-06-01', '庚', '辛', { agency: '明川市教育局' }),
    ];
    expect(relate(docs, DEFAULTS).q).toEqual(['same-agency-near', 'same-agency-far']);
    expect(relate(docs, TEXT_ONLY).q).toEqual([]);
  });

  it('lets shared tags outweigh agency and date with the default weights', () => {
    const docs = [
      doc('q', '2024-06-01', '甲', '乙', { tags: ['Water', '防汛'] }),
      doc('tagged', '2022-06-01', '丙', '丁', { tags: ['water '], agency: '明川市水务局' }),
      doc('same-agency-same-day', '2024-06-01', '戊', '己'),
    ];
    expect(relate(docs, DEFAULTS).q).toEqual(['tagged', 'same-agency-same-day']);
    expect(relate(docs, { count: 5, weights: { text: 1, tags: 0, agency: 0.1, date: 0.1 } }).q).toEqual(['same-agency-same-day']);
  });

  it('handles bulletins without term vectors and an empty site', () => {
    expect(computeRelated([], [], [], [], DEFAULTS)).toEqual([]);
    const docs = CHINESE.slice(0, 2);
    expect(computeRelated(docs, [undefined, undefined], [true, true], [[], []], TEXT_ONLY)).toEqual([[], []]);
  });
});
