// The EU DCC value sets (the Python package's data): membership for the checks, display names
// for the screen (English from the value set, Thai from our own short table).
import disease from "../../formats/hcert/data/valuesets/disease-agent-targeted.json";
import prophylaxis from "../../formats/hcert/data/valuesets/vaccine-prophylaxis.json";
import product from "../../formats/hcert/data/valuesets/vaccine-medicinal-product.json";
import manufacturer from "../../formats/hcert/data/valuesets/vaccine-mah-manf.json";
import country from "../../formats/hcert/data/valuesets/country-2-codes.json";
import testType from "../../formats/hcert/data/valuesets/test-type.json";
import testResult from "../../formats/hcert/data/valuesets/test-result.json";
import testManf from "../../formats/hcert/data/valuesets/test-manf-example.json";

export const SETS = {
  "disease-agent-targeted": disease,
  "vaccine-prophylaxis": prophylaxis,
  "vaccine-medicinal-product": product,
  "vaccine-mah-manf": manufacturer,
  "country-2-codes": country,
  "test-type": testType,
  "test-result": testResult,
  "test-manf-example": testManf,
};

// (group, field) -> [value-set stem, what the field is]
export const FIELD_VALUE_SETS = [
  ["v", "tg", "disease-agent-targeted", "disease or agent"],
  ["v", "vp", "vaccine-prophylaxis", "vaccine or prophylaxis"],
  ["v", "mp", "vaccine-medicinal-product", "medicinal product"],
  ["v", "ma", "vaccine-mah-manf", "marketing authorisation holder or manufacturer"],
  ["v", "co", "country-2-codes", "country"],
  ["t", "tg", "disease-agent-targeted", "disease or agent"],
  ["t", "tt", "test-type", "test type"],
  ["t", "tr", "test-result", "test result"],
  ["t", "ma", "test-manf-example", "test device"],
  ["t", "co", "country-2-codes", "country"],
  ["r", "tg", "disease-agent-targeted", "disease or agent"],
  ["r", "co", "country-2-codes", "country"],
];

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

export function valueSetProblems(dcc) {
  const problems = [];
  for (const group of ["v", "t", "r"]) {
    const entries = dcc[group];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return;
      for (const [g, field, stem, what] of FIELD_VALUE_SETS) {
        if (g !== group || !has(entry, field)) continue;
        const code = entry[field];
        if (typeof code !== "string" || !has(SETS[stem].valueSetValues, code)) {
          problems.push({ path: `/${group}/${index}/${field}`, message: `unknown ${what} ${pyRepr(code)}`, code: "valueset" });
        }
      }
    });
  }
  return problems;
}

export function pyRepr(value) {
  if (typeof value === "string") return `'${value}'`;
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  return JSON.stringify(value);
}

const THAI = {
  "840539006": "โควิด-19", "1119349007": "วัคซีนชนิด mRNA", "1119305005": "วัคซีนชนิดแอนติเจน",
  J07BX03: "วัคซีนโควิด-19", "LP6464-4": "การตรวจหาสารพันธุกรรม (RT-PCR)", "LP217198-3": "การตรวจหาแอนติเจนแบบเร็ว (ATK)",
  "260415000": "ไม่พบเชื้อ", "260373001": "พบเชื้อ", TH: "ประเทศไทย",
};

// {code, en, th} for the screen: never a bare code when the value set names it
export function display(stem, code) {
  const entry = SETS[stem] && typeof code === "string" && has(SETS[stem].valueSetValues, code) ? SETS[stem].valueSetValues[code] : null;
  const en = entry ? entry.display : code;
  return { code, en, th: THAI[code] || en };
}
