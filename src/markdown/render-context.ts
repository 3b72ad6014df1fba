/**
 * What a bulletin's Markdown needs to know about the rest of the site to render: where it lives, and
 * where the bulletins and attachments it may link to live. Passed as `file.data.site` to the plugins.
 */
export interface RenderContext {
  /** The bulletin's content path (`2024/2024-03-18-policy.md`) — relative links resolve against it. */
  contentPath: string;
  /** The bulletin's site path (`/2024/03/policy/`) — rewritten links are relative to it. */
  pageUrl: string;
  /** Content path of every bulletin that can be linked to → its site path. */
  bulletinUrls: ReadonlyMap<string, string>;
  /**
   * Bulletins this build does not publish (drafts, scheduled, expired): content path → what they are,
   * e.g. "a draft". A link to one is an error that says why, not "does not exist".
   */
  unpublished?: ReadonlyMap<string, string>;
  /** Content paths of every attachment under content/ (they are copied to the same path under dist/). */
  attachments: ReadonlySet<string>;
  /** Page language, for the words added to external links. */
  lang: string;
}

/** What rendering found out, beside the HTML. */
export interface RenderFacts {
  /** Attachments (content paths) the body links to or shows. */
  attachmentsUsed: string[];
}

declare module 'vfile' {
  interface DataMap {
    site: RenderContext;
    facts: RenderFacts;
  }
}
