// ISO 8601 as Python's fromisoformat reads it (the subset DCCs and --at use).
const RE = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6})\d*)?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/;

// Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not
export function utc(y, m, d, h = 0, mi = 0, s = 0) {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(h, mi, s, 0);
  return t.getTime();
}

function validDate(y, m, d) {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate() || (m === 2 && d === 29 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

// -> ms since the epoch (naive means UTC), or null
export function parseTime(text) {
  if (typeof text !== "string") return null;
  const m = RE.exec(text.trim().replace(/Z$/, "Z"));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return null;
  const h = Number(m[4] || 0), mi = Number(m[5] || 0), s = Number(m[6] || 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  const frac = m[7] ? Number(m[7].padEnd(6, "0")) / 1000 : 0;
  let ms = utc(y, mo, d, h, mi, s) + frac;
  if (m[8] && m[8] !== "Z") {
    const sign = m[8][0] === "-" ? -1 : 1;
    const digits = m[8].slice(1).replace(/:/g, "");
    const off = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
    if (Number(digits.slice(0, 2)) > 23) return null;
    ms -= sign * off * 60000;
  }
  return ms;
}

// date.fromisoformat(text[:10])
export function parseDate(text) {
  if (typeof text !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.slice(0, 10));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(y, mo, d) ? utc(y, mo, d) : null;
}

const INT = /^\s*[+-]?\d+\s*$/;
// the first day a (possibly partial) ISO date may mean: 1990 -> 1990-01-01
export function earliestDate(text) {
  if (typeof text !== "string") return null;
  const parts = text.trim().slice(0, 10).split("-");
  const nums = [];
  for (let i = 0; i < 3; i++) {
    if (i >= parts.length) { nums.push(1); continue; }
    if (!INT.test(parts[i])) return null;
    nums.push(parseInt(parts[i], 10));
  }
  const [y, m, d] = nums;
  if (y > 9999 || !validDate(y, m, d)) return null;
  return utc(y, m, d);
}

export const DAY = 86400000;
export function utcDay(ms) {
  return Math.floor(ms / DAY) * DAY;
}
export function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
