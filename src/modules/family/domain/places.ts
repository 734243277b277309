/**
 * French postcodes and the towns they serve, from La Poste's official list as published by the
 * Base Adresse Nationale (npm `codes-postaux`). Addresses are checked against it and the address
 * form autocompletes from it.
 */
export interface Place {
  postcode: string;
  city: string;
  /** INSEE code of the commune */
  inseeCode: string;
}

interface Entry {
  codePostal: string;
  codeCommune: string;
  nomCommune: string;
  libelleAcheminement: string;
}

let entries: Entry[] | undefined;
let byPostcode: Map<string, Entry[]> | undefined;
let byName: { key: string; routing: string; place: Place }[] | undefined;

function allEntries(): Entry[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  entries ??= require('codes-postaux/codes-postaux.json') as Entry[];
  return entries;
}

function findByPostcode(postcode: string): Entry[] {
  if (!byPostcode) {
    byPostcode = new Map();
    for (const e of allEntries()) byPostcode.set(e.codePostal, [...(byPostcode.get(e.codePostal) ?? []), e]);
  }
  return byPostcode.get(postcode) ?? [];
}

function allPlaces(): { key: string; routing: string; place: Place }[] {
  byName ??= allEntries()
    .map((e) => ({ key: foldPlace(e.nomCommune), routing: foldPlace(e.libelleAcheminement), place: toPlace(e) }))
    .sort((a, b) => a.key.localeCompare(b.key) || a.place.postcode.localeCompare(b.place.postcode));
  return byName;
}

/** Towns whose postcode starts with the digits typed, or whose name starts with the letters typed. */
export function searchPlaces(query: string, limit = 20): Place[] {
  const q = query.trim();
  if (/^\d{1,5}$/.test(q)) {
    return allPlaces()
      .filter((p) => p.place.postcode.startsWith(q))
      .map((p) => p.place)
      .sort((a, b) => a.postcode.localeCompare(b.postcode) || a.city.localeCompare(b.city, 'fr'))
      .slice(0, limit);
  }
  const key = foldPlace(q);
  if (key.length < 2) return [];
  const seen = new Set<string>();
  return allPlaces()
    .filter((p) => p.key.startsWith(key) || p.routing.startsWith(key))
    .sort((a, b) => Number(b.key === key) - Number(a.key === key) || a.key.length - b.key.length || a.key.localeCompare(b.key))
    .map((p) => p.place)
    .filter((p) => !seen.has(`${p.postcode}|${p.inseeCode}`) && seen.add(`${p.postcode}|${p.inseeCode}`))
    .slice(0, limit);
}

/** The official place for this postcode and town name (any case, accents, hyphens; "St" for "Saint"), or why not. */
export function checkPostcodeCity(postcode: string, city: string): { place?: Place; postcodeError?: string; cityError?: string } {
  const code = postcode.trim();
  if (!/^\d{5}$/.test(code)) return { postcodeError: 'Le code postal doit comporter 5 chiffres.' };
  const candidates = findByPostcode(code).map(toPlace);
  if (!candidates.length) return { postcodeError: `Le code postal ${code} n'existe pas.` };
  if (!city.trim()) return { cityError: 'La ville est obligatoire.' };
  const key = foldPlace(city);
  const match = findByPostcode(code).find((e) => foldPlace(e.nomCommune) === key || foldPlace(e.libelleAcheminement) === key);
  if (!match) {
    const names = [...new Set(candidates.map((c) => c.city))].slice(0, 8).join(', ');
    return { cityError: `Cette ville ne correspond pas au code postal ${code} (villes possibles : ${names}).` };
  }
  return { place: toPlace(match) };
}

function toPlace(e: Entry): Place {
  return { postcode: e.codePostal, city: e.nomCommune, inseeCode: e.codeCommune };
}

function foldPlace(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/giu, 'oe')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bste?\b/g, (s) => (s === 'st' ? 'saint' : 'sainte'))
    .trim();
}
