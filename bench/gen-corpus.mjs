#!/usr/bin/env node
// Deterministic benchmark corpus of press releases, so `npm run bench` runs from a fresh clone.
//
//   node bench/gen-corpus.mjs --out DIR --count N [--seed S]
//
// Writes N bulletins (YAML front matter: title, date, draft, lang, agency, tags, summary) flat into
// DIR as YYYY-MM-DD-NNNNN.md, plus DIR/topics.json ({ file: hidden main topic }) as ground truth for
// related articles. Half Simplified Chinese, half English; dates 2015-2026 at +08:00; bodies of
// 3-12 paragraphs (~0.8-5 k characters) with headings, lists, links, a bare URL now and then, and a
// GFM table in about one in ten. Document i depends only on (seed, i), so a small corpus is a prefix
// of a larger one and every run measures the same bytes. No dependencies.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])),
);
const out = args.out;
const count = Number(args.count);
const seed = String(args.seed ?? '1');
if (!out || !Number.isInteger(count) || count < 1) {
  console.error('usage: node bench/gen-corpus.mjs --out DIR --count N [--seed S]');
  process.exit(2);
}

/** xmur3 string hash seeding sfc32: a small, well-mixed generator; per document, so order never matters. */
function random(key) {
  let h = 1779033703 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const next = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = next(), b = next(), c = next(), d = next();
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

const list = (s) => s.split('|');
// Each topic: tags as [zh, en], the agencies that usually issue it, and its vocabulary.
const TOPICS = [
  ['科技创新/Innovation|研发投入/R&D|成果转化/Technology Transfer|实验室/Laboratories', [0, 1],
    '科技成果转化|关键技术攻关|创新平台|研发投入|重点实验室|高新技术企业|中试基地|创新联合体|技术合同|科技金融',
    'technology transfer|core technologies|innovation platforms|research spending|key laboratories|high-tech firms|pilot plants|innovation consortia|technology contracts|science finance'],
  ['营商环境/Business Climate|中小企业/Small Business|招商引资/Investment|民营经济/Private Sector', [1, 11],
    '营商环境|中小企业|招商引资|民营经济|市场主体|减税降费|融资服务|企业开办|重点项目|惠企政策',
    'the business climate|small businesses|investment promotion|the private sector|market entities|tax relief|financing services|company registration|key projects|business support'],
  ['就业/Jobs|人才/Talent|职业技能/Skills|高校毕业生/Graduates', [2, 0],
    '稳就业|人才引进|职业技能培训|高校毕业生就业|创业担保贷款|人才公寓|技能人才|就业服务站|劳动权益|青年人才',
    'job stability|talent attraction|skills training|graduate jobs|start-up loans|talent housing|skilled workers|job centres|labour rights|young professionals'],
  ['生态保护/Ecology|空气质量/Air Quality|水环境/Water|碳达峰/Carbon', [3],
    '生态环境保护|大气污染防治|水环境治理|碳达峰|生态修复|河湖长制|垃圾分类|绿色低碳|环境执法|清洁能源',
    'ecological protection|air pollution control|water quality|carbon peaking|ecological restoration|river stewardship|waste sorting|low-carbon growth|environmental enforcement|clean energy'],
  ['交通/Transport|城市更新/Urban Renewal|水利/Water Works|新基建/New Infrastructure', [4, 1],
    '交通基础设施|城市更新|老旧小区改造|轨道交通|水利工程|公路建设|地下管网|充电设施|公共交通|重大工程',
    'transport links|urban renewal|estate renovation|rail transit|water works|road building|underground pipes|charging points|public transport|major works'],
  ['乡村振兴/Rural Development|粮食安全/Food Security|农业科技/Agritech|农村改革/Rural Reform', [5],
    '乡村振兴|粮食生产|高标准农田|农业科技|种业|农村人居环境|农民增收|特色产业|集体经济|冷链物流',
    'rural development|grain output|high-standard farmland|farm technology|the seed industry|village living conditions|farm incomes|local specialties|collective economy|cold-chain logistics'],
  ['医疗卫生/Health|公共卫生/Public Health|医疗保障/Medical Insurance|养老/Elderly Care', [6],
    '医疗卫生服务|公共卫生体系|分级诊疗|基层医疗|医疗保障|养老服务|家庭医生|疾病防控|中医药|急救网络',
    'health services|public health|tiered care|community clinics|medical insurance|elderly care|family doctors|disease control|traditional medicine|emergency care'],
  ['教育/Education|文化/Culture|旅游/Tourism|体育/Sport', [7, 8],
    '基础教育|学前教育|职业教育|校园安全|公共文化服务|文化遗产|文旅融合|全民健身|体育赛事|课后服务',
    'schools|preschool education|vocational education|campus safety|public culture|cultural heritage|culture and tourism|public fitness|sports events|after-school care'],
  ['数字政府/Digital Government|政务服务/Public Services|数据安全/Data Security|人工智能/AI', [9, 11],
    '数字政府|一网通办|政务服务|数据共享|数据安全|人工智能|智慧城市|电子证照|算力设施|网络安全',
    'digital government|one-stop services|public services|data sharing|data security|artificial intelligence|smart city|e-licences|computing capacity|cybersecurity'],
  ['安全生产/Work Safety|应急管理/Emergencies|防汛/Flood Control|消防/Fire Safety', [10],
    '安全生产|应急管理|防汛抗旱|消防安全|隐患排查|应急救援|灾害防治|危化品监管|物资储备|燃气安全',
    'work safety|emergency management|flood control|fire safety|hazard checks|rescue teams|disaster prevention|chemical safety|emergency stockpiles|gas safety'],
].map(([tags, agencies, zh, en]) => ({ tags: tags.split('|').map((t) => t.split('/')), agencies, zh: list(zh), en: list(en) }));

const AGENCIES = [
  ['科学技术局', 'Science and Technology Bureau', 'kj'], ['发展和改革委员会', 'Development and Reform Commission', 'fg'],
  ['人力资源和社会保障局', 'Human Resources and Social Security Bureau', 'rs'], ['生态环境局', 'Ecology and Environment Bureau', 'st'],
  ['交通运输局', 'Transport Bureau', 'jt'], ['农业农村局', 'Agriculture and Rural Affairs Bureau', 'nn'],
  ['卫生健康委员会', 'Health Commission', 'wj'], ['教育局', 'Education Bureau', 'jy'],
  ['文化广电旅游局', 'Culture and Tourism Bureau', 'wl'], ['政务服务和数据管理局', 'Government Services and Data Bureau', 'sj'],
  ['应急管理局', 'Emergency Management Bureau', 'yj'], ['人民政府办公室', 'General Office of the Municipal Government', 'bgs'],
].map(([zh, en, code]) => ({ zh: `云岭市${zh}`, en: `Yunling Municipal ${en}`, code }));

const WORDS = {
  zh: {
    verb: list('推进|加强|落实|推动|深化|完善|强化|优化|提升|支持|促进|统筹'),
    adv: list('持续|扎实|稳步|进一步|全面|加快|有序|系统'),
    goal: list('服务能力|治理水平|群众满意度|发展质量|保障水平|运行效率'),
    when: list('近日|日前|本周|今年以来|上月'),
    unit: list('个项目|家企业|项|人次|亿元'),
    meeting: list('工作推进会|专题会议|座谈会|现场会'),
  },
  en: {
    verb: list('advance|strengthen|implement|promote|deepen|improve|expand|upgrade|support|coordinate'),
    adv: list('steadily|further|fully|continuously|systematically'),
    goal: list('service capacity|governance|public satisfaction|development quality|efficiency'),
    when: list('On Monday|On Wednesday|This week|Recently|Last month'),
    unit: list('projects|companies|programmes|service points|pilot sites'),
    meeting: list('working meeting|coordination meeting|symposium|site visit'),
  },
};

function makeBulletin(i) {
  const r = random(`${seed}/${i}`);
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const zh = r() < 0.5;
  const lang = zh ? 'zh' : 'en';
  const W = WORDS[lang];
  const topicNo = int(0, TOPICS.length - 1);
  const topic = TOPICS[topicNo];
  const other = pick(TOPICS);
  const agencyNo = r() < 0.8 ? pick(topic.agencies) : int(0, AGENCIES.length - 1);
  const agency = AGENCIES[agencyNo][lang];
  const noun = () => (r() < 0.85 ? pick(topic[lang]) : pick(other[lang]));
  const title1 = (s) => s.replace(/(^|\s)([a-z])/g, (_, sp, c) => sp + c.toUpperCase());

  const shuffled = [...topic.tags].sort(() => r() - 0.5);
  const tags = shuffled.slice(0, int(2, 4));
  if (r() < 0.3) tags[tags.length - 1] = pick(other.tags);
  const tagNames = [...new Set(tags.map((t) => t[zh ? 0 : 1]))];

  const day = new Date(Date.UTC(2015, 0, 1) + int(0, 4382) * 86400000).toISOString().slice(0, 10);
  const two = (n) => String(n).padStart(2, '0');
  const date = `${day}T${two(int(8, 19))}:${two(int(0, 59))}:00+08:00`;

  const sentences = zh
    ? [
        () => `${pick(W.when)}，${agency}召开${noun()}${pick(W.meeting)}，研究部署${noun()}相关工作。`,
        () => `会议强调，要${pick(W.adv)}${pick(W.verb)}${noun()}，${pick(W.verb)}${noun()}，不断提升${pick(W.goal)}。`,
        () => `今年以来，全市${noun()}领域累计完成${int(3, 980)}${pick(W.unit)}，同比增长${(int(5, 400) / 10).toFixed(1)}%。`,
        () => `下一步，将${pick(W.adv)}${pick(W.verb)}${noun()}，为全市高质量发展提供有力支撑。`,
      ]
    : [
        () => `${pick(W.when)}, the ${agency} held a ${pick(W.meeting)} on ${noun()} and set out next steps for ${noun()}.`,
        () => `Officials said the city will ${pick(W.adv)} ${pick(W.verb)} ${noun()} and ${pick(W.verb)} ${noun()}, raising ${pick(W.goal)}.`,
        () => `So far this year the city has completed ${int(3, 980)} ${pick(W.unit)} in ${noun()}, up ${(int(5, 400) / 10).toFixed(1)} percent.`,
        () => `Going forward, the bureau will ${pick(W.adv)} ${pick(W.verb)} ${noun()} to support the city's development.`,
      ];
  const title = zh ? `${agency}${pick(list('部署|推进|通报'))}${noun()}工作` : `${title1(noun())}: ${agency} ${pick(list('Sets Out Plans|Reports Progress|Launches Campaign'))}`;
  const summary = zh ? `${agency}近日部署${noun()}相关工作，提出多项具体举措。` : `The ${agency} outlined its work on ${noun()} and proposed concrete measures.`;

  const paragraphs = int(3, 12);
  const length = int(800, 4800);
  const withList = r() < 0.35;
  const withTable = r() < 0.1;
  const withLink = r() < 0.7;
  const withBareUrl = r() < 0.1;
  const headingEvery = r() < 0.3 ? int(2, 4) : 0;
  const blocks = [];
  let written = 0;
  for (let p = 0; p < paragraphs; p++) {
    if (headingEvery && p > 0 && p % headingEvery === 0) blocks.push(`## ${zh ? `${pick(W.verb)}${noun()}` : title1(`${pick(W.verb)} ${noun()}`)}`);
    let text = sentences[p === 0 ? 0 : int(1, sentences.length - 1)]();
    const budget = (length - written) / (paragraphs - p);
    while (text.length < budget) text += (zh ? '' : ' ') + pick(sentences)();
    const url = `https://www.example.org/yunling/${AGENCIES[agencyNo].code}/${day.slice(0, 4)}/${i}.html`;
    if (withLink && p === paragraphs - 1) text += zh ? `详见[${agency}网站](${url})。` : ` See the [${agency} website](${url}).`;
    if (withBareUrl && p === paragraphs - 1) text += zh ? ` 原文：${url}` : ` Original: ${url}`;
    blocks.push(text);
    written += text.length;
    if (withList && p === 1) {
      blocks.push(zh ? '主要举措：' : 'Main measures:');
      blocks.push(Array.from({ length: int(3, 6) }, () => `- ${zh ? `${pick(W.verb)}${noun()}` : `${title1(pick(W.verb))} ${noun()}`}`).join('\n'));
    }
    if (withTable && p === 2) {
      const y = Number(day.slice(0, 4));
      const rows = Array.from({ length: int(3, 6) }, () => {
        const a = int(3, 980);
        const b = a + int(1, 200);
        return `| ${noun()} | ${a} | ${b} | ${((100 * (b - a)) / a).toFixed(1)}% |`;
      });
      blocks.push([zh ? `| 指标 | ${y - 1}年 | ${y}年 | 增幅 |` : `| Indicator | ${y - 1} | ${y} | Change |`, '| --- | ---: | ---: | ---: |', ...rows].join('\n'));
    }
  }
  const q = JSON.stringify; // a JSON string is a valid YAML double-quoted scalar
  const front = [
    '---', `title: ${q(title)}`, `date: ${date}`, 'draft: false', `lang: ${zh ? 'zh-CN' : 'en'}`,
    `agency: ${q(agency)}`, `tags: [${tagNames.map((t) => q(t)).join(', ')}]`, `summary: ${q(summary)}`, '---',
  ];
  return { name: `${day}-${String(i).padStart(5, '0')}.md`, text: `${front.join('\n')}\n\n${blocks.join('\n\n')}\n`, topic: topicNo };
}

mkdirSync(out, { recursive: true });
const topics = {};
for (let i = 1; i <= count; i++) {
  const doc = makeBulletin(i);
  writeFileSync(join(out, doc.name), doc.text);
  topics[doc.name] = doc.topic;
}
writeFileSync(join(out, 'topics.json'), `${JSON.stringify(topics)}\n`);
console.log(`wrote ${count} bulletins to ${out} (seed ${seed})`);
