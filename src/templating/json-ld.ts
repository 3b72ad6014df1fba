import type { Config } from '../config/config.js';
import type { Bulletin } from '../content/bulletin.js';
import type { BulletinDate } from '../content/dates.types.js';

/**
 * schema.org NewsArticle for one bulletin (what search engines and GOV.UK-style readers use): dates
 * with their offsets, the issuing agency as author and the site's organisation as publisher.
 * `<`, `>` and `&` are escaped so the JSON can never close its script element.
 * @param updated the latest public update, when there is one after publication
 */
export function newsArticleJsonLd(config: Config, b: Bulletin, description: string, updated?: BulletinDate): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: b.title,
    description,
    datePublished: b.date.iso,
    dateModified: (updated ?? b.date).iso,
    inLanguage: b.lang,
    mainEntityOfPage: config.url + b.url.slice(1),
    author: { '@type': 'GovernmentOrganization', name: b.agency },
    publisher: { '@type': 'GovernmentOrganization', name: config.site.name ?? config.title, url: config.url },
  };
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
