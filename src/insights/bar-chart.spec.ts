import { escapeXml, renderBarChart } from './bar-chart';

describe(renderBarChart.name, () => {
  const chart = (bars: { label: string; value: number | null; text: string }[]) => renderBarChart({ id: 'chart-opd', title: 'Laporan per OPD', desc: 'Diagram batang.', bars });

  it('is an image with a title and a description that name it', () => {
    const svg = chart([{ label: 'Dinas Kesehatan', value: 4, text: '4' }]);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="chart-opd-title chart-opd-desc"/);
    expect(svg).toContain('<title id="chart-opd-title">Laporan per OPD</title>');
    expect(svg).toContain('<desc id="chart-opd-desc">Diagram batang.</desc>');
  });

  it('escapes labels, values, title and description', () => {
    const svg = renderBarChart({
      id: 'x',
      title: 'A & B <script>',
      desc: '"quoted"',
      bars: [
        { label: "<img onerror=x> & 'D'", value: 3, text: '3' },
        { label: 'OPD kecil', value: null, text: '< 3' },
      ],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('A &amp; B &lt;script&gt;');
    expect(svg).toContain('&lt;img onerror=x&gt; &amp; &#39;D&#39;');
    expect(svg).toContain('&quot;quoted&quot;');
    expect(svg).toContain('>&lt; 3</text>');
  });

  it('draws bars in proportion to the largest value, none for hidden or zero values', () => {
    const svg = chart([
      { label: 'a', value: 10, text: '10' },
      { label: 'b', value: 5, text: '5' },
      { label: 'c', value: null, text: '< 3' },
      { label: 'd', value: 0, text: '0' },
    ]);
    const widths = [...svg.matchAll(/<rect class="chart-bar"[^>]* width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBe(widths[1] * 2);
    expect(svg).toContain('class="chart-value chart-hidden"');
  });

  it('uses no style attribute, script or event handler (the CSP refuses them)', () => {
    const svg = chart([{ label: 'onload', value: 1, text: '1' }]);
    expect(svg).not.toMatch(/\sstyle=/);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/\son[a-z]+=/i);
  });

  it('shortens long labels in the chart', () => {
    const svg = chart([{ label: 'Dinas Pekerjaan Umum dan Penataan Ruang Kota Kendari', value: 1, text: '1' }]);
    expect(svg).toContain('…</text>');
    expect(svg).not.toContain('Kota Kendari');
  });

  it('keeps only safe characters of the id', () => {
    expect(renderBarChart({ id: 'a"b<c', title: 't', desc: 'd', bars: [] })).toContain('id="abc-title"');
  });
});

describe(escapeXml.name, () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
