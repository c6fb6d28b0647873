const { cleanPdf } = require('./dist/src/platform/uploads/attachments/document-metadata.js');
(async () => {
  const n = Number(process.argv[2]);
  const parts = ['%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n'];
  for (let i = 3; i < n; i++) parts.push(`${i} 0 obj [${i} ${i} ${i}] endobj\n`);
  parts.push('trailer << /Root 1 0 R >>\n%%EOF\n');
  const data = Buffer.from(parts.join(''));
  let peak = 0;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = Date.now();
  const r = await cleanPdf(data);
  clearInterval(t);
  console.log(
    'pdf MiB',
    (data.length / 1048576).toFixed(1),
    'result',
    'data' in r ? (r.data.length / 1048576).toFixed(1) : r,
    'peak heap',
    (peak / 1048576).toFixed(0),
    'rss',
    (process.memoryUsage().rss / 1048576).toFixed(0),
    'ms',
    Date.now() - started,
  );
})();
