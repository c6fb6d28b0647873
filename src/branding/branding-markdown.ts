import MarkdownIt from 'markdown-it';

/**
 * The small Markdown subset admins write the public texts in: paragraphs, line breaks, bold,
 * italic, bullet and numbered lists, headings and links to http(s) or mailto. markdown-it runs
 * with its `zero` preset (every rule off) and only those rules on, with raw HTML off, so anything
 * else an admin types — `<script>`, images, code, tables — comes out as escaped text. The output
 * is built by markdown-it's renderer, which escapes every text and attribute.
 */
const RULES = ['paragraph', 'newline', 'emphasis', 'list', 'link', 'heading', 'escape', 'entity', 'text_join', 'balance_pairs', 'fragments_join'];

/** Schemes a link may use: the web and mail. Relative links, javascript:, data: and the like are refused. */
const ALLOWED_LINK = /^(https?:\/\/|mailto:)/i;

function markdown(validateLink: (url: string) => boolean) {
  const md = new MarkdownIt('zero', { html: false, linkify: false, typographer: false, breaks: false });
  md.enable(RULES);
  md.validateLink = validateLink;
  // The page owns its <h1>: an admin's "# Heading" becomes an <h2>, "##" an <h3>, and so on, so
  // the outline of the page stays in order (axe checks it).
  md.renderer.rules.heading_open = (tokens, idx) => `<h${headingLevel(tokens[idx].tag)}>`;
  md.renderer.rules.heading_close = (tokens, idx) => `</h${headingLevel(tokens[idx].tag)}>\n`;
  // A page may ask for a class on the paragraphs (the landing page's lead text keeps `lead`).
  md.renderer.rules.paragraph_open = (tokens, idx, options, env, self) =>
    (env as RenderEnv | undefined)?.paragraphClass && !tokens[idx].hidden ? `<p class="${md.utils.escapeHtml(String((env as RenderEnv).paragraphClass))}">` : self.renderToken(tokens, idx, options);
  return md;
}

function headingLevel(tag: string): number {
  return Math.min(Number(tag.slice(1)) + 1, 6);
}

interface RenderEnv {
  paragraphClass?: string;
}

const strict = markdown((url) => ALLOWED_LINK.test(url.trim()));
// Parses every link, so the admin is told which one has a scheme that will not be linked.
const lenient = markdown(() => true);

/** Block text (paragraphs, lists, headings) as HTML; safe to put into a page unescaped. */
export function renderBlocks(text: string, opts: { paragraphClass?: string } = {}): string {
  return strict.render(text, { paragraphClass: opts.paragraphClass } satisfies RenderEnv);
}

/** One paragraph's worth (bold, italic, links), for text inside a label: no block elements. */
export function renderInline(text: string): string {
  return strict.renderInline(text);
}

/** The link targets in the text that are not http(s) or mailto (these would show as plain text). */
export function refusedLinks(text: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof lenient.parse>) => {
    for (const token of tokens) {
      if (token.type === 'link_open') {
        const href = String(token.attrGet('href') ?? '');
        if (!ALLOWED_LINK.test(href.trim())) found.push(href);
      }
      if (token.children) walk(token.children);
    }
  };
  walk(lenient.parse(text, {}));
  return found;
}
