import { refusedLinks, renderBlocks, renderInline } from './branding-markdown';

describe('branding Markdown', () => {
  it('renders paragraphs, bold, italic, lists and headings below the page title', () => {
    expect(renderBlocks('# Layanan\n\nKami **melindungi** pelapor, *selalu*.\n\n- satu\n- dua\n\n1. a')).toBe(
      '<h2>Layanan</h2>\n<p>Kami <strong>melindungi</strong> pelapor, <em>selalu</em>.</p>\n<ul>\n<li>satu</li>\n<li>dua</li>\n</ul>\n<ol>\n<li>a</li>\n</ol>\n',
    );
  });

  it('escapes any HTML an admin types, in text and in link texts', () => {
    const html = renderBlocks('<script>alert(1)</script> <img src=x onerror=alert(1)> [<b>x</b>](https://a.example/"onmouseover=")');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="https://a.example/%22onmouseover=%22"');
  });

  it('links only http(s) and mailto; other schemes stay text and are named', () => {
    const text = '[a](javascript:alert(1)) [b](data:text/html,x) [c](/track) [d](https://kendarikota.go.id) [e](mailto:wbs@kendarikota.go.id)';
    const html = renderBlocks(text);
    expect(html.match(/<a /g)).toHaveLength(2);
    expect(html).not.toContain('href="javascript');
    expect(refusedLinks(text)).toEqual(['javascript:alert(1)', 'data:text/html,x', '/track']);
    expect(refusedLinks('[d](https://kendarikota.go.id)')).toEqual([]);
  });

  it('leaves images, code, quotes and tables as text', () => {
    expect(renderBlocks('![x](https://a/b.png)\n\n`code`\n\n> quote')).not.toMatch(/<img|<code|<blockquote/);
  });

  it('puts a class on the paragraphs when the page asks, and renders inline text without blocks', () => {
    expect(renderBlocks('Satu\n\nDua', { paragraphClass: 'lead' })).toBe('<p class="lead">Satu</p>\n<p class="lead">Dua</p>\n');
    expect(renderInline('Saya **setuju**\n\n- bukan daftar')).toBe('Saya <strong>setuju</strong>\n\n- bukan daftar');
  });
});
