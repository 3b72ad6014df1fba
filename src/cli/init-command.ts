import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { builtinTemplatesDir } from '../config/resolve-config.js';
import { EXIT } from './common.js';

const CONFIG = `# bulletin site configuration. Every setting is optional; see the README for all of them.
title: 明川市科学技术局
url: https://www.example.gov.cn/
lang: zh-CN
timezone: Asia/Shanghai
permalink: /{yyyy}/{mm}/{slug}/
pageSize: 20
defaultAgency: 明川市科学技术局
agencies:
  明川市科学技术局: science-technology
`;

const EXAMPLE = `---
title: 示例稿件：欢迎使用 bulletin
date: 2025-01-06 09:00
agency: 明川市科学技术局
tags: [示例]
---

这是一篇示例稿件。每篇稿件是 content/ 文件夹中的一个 Markdown 文件，开头的两行 --- 之间写标题、发布日期、发布机构等信息，之后写正文。
`;

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new site folder with a config file and an example bulletin')
    .argument('[dir]', 'the folder to create', '.')
    .option('--templates', 'also copy the default templates, to customise them')
    .action((dir: string, opts: { templates?: boolean }) => {
      const root = path.resolve(dir);
      const configFile = path.join(root, 'bulletin.config.yaml');
      if (fs.existsSync(configFile)) {
        console.error(`${configFile} already exists; nothing was changed.`);
        process.exitCode = EXIT.usage;
        return;
      }
      fs.mkdirSync(path.join(root, 'content', '2025'), { recursive: true });
      fs.writeFileSync(configFile, CONFIG, { flag: 'wx' });
      const example = path.join(root, 'content', '2025', '2025-01-06-welcome.md');
      if (!fs.existsSync(example)) fs.writeFileSync(example, EXAMPLE, { flag: 'wx' });
      if (opts.templates) {
        const target = path.join(root, 'templates');
        if (fs.existsSync(target)) console.error('templates/ already exists; the default templates were not copied.');
        else fs.cpSync(builtinTemplatesDir, target, { recursive: true });
      }
      console.log(`Created a site in ${root}. Next: cd ${dir} && npx bulletin build`);
    });
}
