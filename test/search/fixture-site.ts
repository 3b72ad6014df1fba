import { bulletin } from '../helpers/site.js';

/**
 * A small Chinese and English site for search tests, and the queries with the exact hits a reader
 * must get (titles). The Node engine test and the Chromium test both run this table.
 */
export const T = {
  A: '阳泉市科技局召开2020年科技创新工作会议',
  B: '重点实验室建设取得新进展',
  C: '优化营商环境十条措施发布',
  D: '2021年大气污染防治工作成效显著',
  E: '河湖长制工作推进会召开',
  F: '高校毕业生就业服务月启动',
  G: '科技成果转化交易会成功举办',
  H: '阳泉市2023年重点工作安排',
  I: 'Yangquan Opens Innovation Centre for Small Firms',
  J: 'Air Quality Improved in 2021',
  K: 'Graduate Employment Fair Draws 5,000 Visitors',
  L: 'New Key Laboratories Approved',
};

const KJ = '阳泉市科技局';
const HB = '阳泉市生态环境局';
const STB = 'Yangquan Science and Technology Bureau';

export function searchFixtureFiles(): Record<string, string> {
  const zh = (file: string, title: string, date: string, agency: string, tags: string[], body: string) => [
    `content/${file}.md`,
    bulletin({ title, date, agency, tags }, body),
  ];
  const en = (file: string, title: string, date: string, agency: string, tags: string[], body: string) => [
    `content/${file}.md`,
    bulletin({ title, date, agency, tags, lang: 'en' }, body),
  ];
  return Object.fromEntries([
    ['bulletin.config.yaml', 'title: 阳泉市政府信息发布\nurl: https://www.example.gov.cn/news/\nlang: zh-CN\n'],
    zh('2020/03/kj-meeting', T.A, '2020-03-15 09:00', KJ, ['科技创新'], '3月15日，阳泉市科技局召开2020年科技创新工作会议。局长王建国总结了2019年工作，部署全年重点任务。'),
    zh('2021/06/kj-labs', T.B, '2021-06-01 10:00', KJ, ['实验室'], '全市新建重点实验室5家，研发投入同比增长12%。创新平台建设稳步推进。'),
    // Full-width digits, as pasted from word processors: NFKC folds them, so `2020年` finds this.
    zh('2020/08/fgw-business', T.C, '2020-08-10 15:00', '阳泉市发展和改革委员会', ['营商环境'], '２０２０年８月，市发展改革委发布优化营商环境十条措施，涉及企业开办、融资服务等方面。'),
    zh('2021/11/hb-air', T.D, '2021-11-20 11:00', HB, ['大气治理'], '全年空气质量优良天数达到300天，细颗粒物浓度下降8%。'),
    zh('2022/04/hb-rivers', T.E, '2022-04-22 16:00', HB, ['水环境'], '会议要求持续推进水环境治理和生态修复。副市长王建国出席会议并讲话。'),
    zh('2022/07/rs-graduates', T.F, '2022-07-05 09:30', '阳泉市人力资源和社会保障局', ['就业'], '今年全市高校毕业生达1.2万人，人社部门将提供就业岗位3000个。'),
    zh('2022/09/kj-fair', T.G, '2022-09-09 14:00', KJ, ['成果转化'], '交易会签约技术合同56项，成交额达2.3亿元。'),
    // 科技 and 技术创新 but never 科技创新: the query 科技创新 must not find it (no 技创 bigram).
    zh('2023/01/zf-plan', T.H, '2023-01-10 08:30', '阳泉市人民政府办公室', ['政策文件'], '坚持创新驱动发展，推动科技与产业深度融合，技术创新体系更加完善。营商环境持续优化。'),
    // Three more so that 阳泉 has more than one page of hits (ten are shown at a time).
    ...[1, 2, 3].map((n) => zh(`2019/07/flood-${n}`, `汛期安全提示第${'一二三'[n - 1]}期`, `2019-07-0${n} 09:00`, '阳泉市防汛抗旱指挥部', ['防汛'], '阳泉市防汛抗旱指挥部提醒市民注意汛期安全。')),
    en('2020/05/en-innovation', T.I, '2020-05-18 10:00', STB, ['Innovation'], 'The Science and Technology Bureau opened an innovation centre offering laboratories and funding advice to small firms in 2020.'),
    en('2021/09/en-air', T.J, '2021-09-30 10:00', 'Yangquan Ecology and Environment Bureau', ['Air Quality'], 'Air pollution control measures cut fine particulate levels by 8 percent. Officials said the river clean-up continues.'),
    en('2022/03/en-jobs', T.K, '2022-03-12 10:00', 'Yangquan Human Resources Bureau', ['Employment'], 'Employers offered 3,000 jobs to university graduates at the spring fair.'),
    en('2023/02/en-labs', T.L, '2023-02-20 10:00', STB, ['Laboratories', 'Innovation'], 'Five key laboratories will receive funding to strengthen innovation in materials science.'),
  ]);
}

export interface SearchCase {
  name: string;
  request: { q?: string; agency?: string; tag?: string; year?: string; sort?: 'relevance' | 'newest' };
  /** Titles in the order shown; `anyOrder` when relevance ties are not the point of the case. */
  hits: string[];
  anyOrder?: boolean;
}

export const CASES: SearchCase[] = [
  { name: 'a single word', request: { q: '创新' }, hits: [T.A, T.B, T.H], anyOrder: true },
  { name: 'a phrase without spaces spanning two words', request: { q: '科技创新' }, hits: [T.A] },
  { name: 'two words with a space (all must match)', request: { q: '阳泉 科技局' }, hits: [T.A, T.B, T.G], anyOrder: true },
  { name: 'a name', request: { q: '王建国' }, hits: [T.A, T.E], anyOrder: true },
  { name: 'a year with 年, in half- and full-width digits', request: { q: '2020年' }, hits: [T.A, T.C], anyOrder: true },
  { name: 'a number with a unit', request: { q: '300天' }, hits: [T.D] },
  { name: 'a title phrase ranks the title hit first', request: { q: '营商环境' }, hits: [T.C, T.H] },
  { name: 'a long phrase', request: { q: '高校毕业生就业' }, hits: [T.F] },
  { name: 'a phrase that other texts only half share', request: { q: '重点实验室' }, hits: [T.B] },
  { name: 'an agency name', request: { q: '生态环境局' }, hits: [T.D, T.E], anyOrder: true },
  { name: 'a phrase from a body', request: { q: '水环境治理' }, hits: [T.E] },
  { name: 'a query that matches nothing', request: { q: '人工智能' }, hits: [] },
  { name: 'newest first', request: { q: '创新', sort: 'newest' }, hits: [T.H, T.B, T.A] },
  { name: 'an English word', request: { q: 'innovation' }, hits: [T.I, T.L], anyOrder: true },
  { name: 'an English plural in title and body', request: { q: 'Laboratories' }, hits: [T.I, T.L], anyOrder: true },
  { name: 'two English words', request: { q: 'air pollution' }, hits: [T.J] },
  { name: 'an English word that only a body has', request: { q: 'graduates' }, hits: [T.K] },
  { name: 'an English agency name', request: { q: 'Science Technology Bureau' }, hits: [T.I, T.L], anyOrder: true },
  { name: 'a year across languages', request: { q: '2021' }, hits: [T.D, T.J], anyOrder: true },
  { name: 'the agency filter', request: { q: '创新', agency: KJ }, hits: [T.A, T.B], anyOrder: true },
  { name: 'the year filter', request: { q: '创新', year: '2023' }, hits: [T.H] },
  { name: 'the tag filter', request: { tag: '科技创新' }, hits: [T.A] },
  { name: 'an agency with no query, newest first', request: { agency: HB }, hits: [T.E, T.D] },
  { name: 'a year with no query, newest first', request: { year: '2022' }, hits: [T.G, T.F, T.E, T.K] },
];
