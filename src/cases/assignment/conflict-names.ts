/**
 * Does a report name this inspector among the reported persons? Reporters write names as they
 * know them: with academic and religious titles ("Drs. H. Andi Pratama, M.Si."), with initials
 * ("A. Pratama"), in any case and spacing. A miss lets a conflicted inspector through silently,
 * while a false hit only asks the supervisor for a reason, so the match leans towards flagging,
 * but not so far that "A. Pratama" flags every Pratama: an initial must agree with the first
 * letter of the name it stands for.
 */

/** Titles and honorifics, written without dots and in lower case ("S.Kom." → "skom"). */
const TITLES = new Set([
  // academic and professional, prefix
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'drg',
  'apt',
  'ns',
  'ak',
  // academic, suffix (Indonesian degrees and a few foreign ones)
  'se',
  'sh',
  'st',
  'sp',
  'ssos',
  'spd',
  'sag',
  'sip',
  'sikom',
  'skom',
  'ssi',
  'skm',
  'sked',
  'sfarm',
  'sei',
  'shi',
  'sth',
  'sstp',
  'stp',
  'amd',
  'ame',
  'amk',
  'mm',
  'mh',
  'msi',
  'mt',
  'mpd',
  'mkom',
  'mag',
  'mkes',
  'map',
  'mba',
  'msc',
  'bsc',
  'phd',
  'lc',
  'cpa',
  // religious and forms of address
  'h',
  'hj',
  'kh',
  'ust',
  'ustadz',
  'ustaz',
  'bapak',
  'pak',
  'bpk',
  'ibu',
  'bu',
  'sdr',
  'sdri',
  'saudara',
  'saudari',
  'tn',
  'ny',
  'nn',
]);

/** Words that join two people in a list ("Andi dan Budi"). */
const JOINERS = /\s(?:dan|and|serta|beserta|with)\s/g;

/** Lower case, without accents or apostrophes; anything else that is not a letter or dot separates words. */
function plain(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('id')
    .replace(/['’`‘]/g, '');
}

/** One written name as words, titles removed where they can only be titles. */
export function nameWords(written: string): string[] {
  const words: { text: string; title: boolean }[] = [];
  for (const raw of written.split(/[^\p{L}\p{N}.]+/u)) {
    if (!raw.replace(/\./g, '')) continue;
    if (TITLES.has(raw.replace(/\./g, ''))) {
      words.push({ text: raw.replace(/\./g, ''), title: true });
      continue;
    }
    // "A.Pratama" is two words; "S.E." was caught above as a title.
    for (const part of raw.split('.')) if (part) words.push({ text: part, title: false });
  }
  // A one-letter title ("H." for Haji) is also an initial ("H. Pratama"): it is only dropped
  // where at least two other words follow it. Longer titles are dropped wherever they stand.
  const out = words.filter((w) => !w.title || w.text.length === 1);
  while (out.length > 2 && out[0].title) out.shift();
  return out.map((w) => w.text);
}

/** The persons in a free-text list, each as words. Commas followed only by titles belong to the name before. */
function persons(list: string): string[][] {
  return plain(list)
    .replace(JOINERS, ';')
    .split(/[;,\n\r/&|()[\]+]+/)
    .map(nameWords)
    .filter((w) => w.length > 0);
}

const isInitial = (w: string) => w.length === 1;
/** The same word, or an initial and a word starting with it. */
const agree = (a: string, b: string) => a === b || (isInitial(a) && b.startsWith(a)) || (isInitial(b) && a.startsWith(b));
const same = (a: string, b: string) => a === b && !isInitial(a);

/**
 * Two written names for the same person. Same length: word for word, with at least one whole
 * word in common. Different length (a middle name left out): the first names must be equal in
 * full and the last ones agree, and the shorter name's middle words appear in order in the
 * longer one's; a name starting with an initial must have as many words as the other.
 */
export function sameName(a: string[], b: string[]): boolean {
  if (!a.length || !b.length) return false;
  if (a.length === b.length) return a.every((w, i) => agree(w, b[i])) && a.some((w, i) => same(w, b[i]));
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length < 2 || !same(short[0], long[0]) || !agree(short[short.length - 1], long[long.length - 1])) return false;
  let j = 1;
  for (const w of short.slice(1, -1)) {
    while (j < long.length - 1 && !agree(w, long[j])) j++;
    if (j >= long.length - 1) return false;
    j++;
  }
  return true;
}

/**
 * True when the inspector's name appears among the reported persons. Each person is searched for
 * the inspector's name anywhere in it, so a role around the name ("Kepala Dinas Andi Pratama")
 * does not hide it.
 */
export function namedAmong(inspectorName: string, reportedPersons: string): boolean {
  const name = nameWords(plain(inspectorName));
  if (!name.length || !reportedPersons.trim()) return false;
  const longest = name.length + 3;
  for (const words of persons(reportedPersons)) {
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= Math.min(longest, words.length - i); n++) {
        if (sameName(words.slice(i, i + n), name)) return true;
      }
    }
  }
  return false;
}
