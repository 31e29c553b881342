import { describe, expect, it } from 'vitest';
import {
  foldForMatching,
  matchTerm,
  matchTerms,
  stemTurkish,
  tokenizeTurkish,
  turkishLowerCase,
  turkishStems,
  turkishUpperCase,
} from './turkish-text.ts';

const term = (word: string) => {
  const [t] = matchTerms(word);
  if (!t) throw new Error(`no term in ${word}`);
  return t;
};

describe('Turkish case and folding', () => {
  it('lower- and upper-cases the dotted and dotless i the Turkish way', () => {
    expect(turkishLowerCase('IŞIK İSTANBUL')).toBe('ışık istanbul');
    expect(turkishUpperCase('ışık istanbul')).toBe('IŞIK İSTANBUL');
  });

  it('folds Turkish letters, circumflexes and punctuation for matching', () => {
    expect(foldForMatching('ÇUKUR')).toBe('cukur');
    expect(foldForMatching('Ağaç, Şoför; GÜZERGÂH!')).toBe('agac sofor guzergah');
    expect(foldForMatching('İŞ Çukuru')).toBe('is cukuru');
    expect(foldForMatching('  kırık   ızgara ')).toBe('kirik izgara');
  });

  it("keeps a proper name's suffix attached across the apostrophe", () => {
    expect(tokenizeTurkish("Atatürk'te ÇUKUR var")).toEqual(['ataturkte', 'cukur', 'var']);
    expect(tokenizeTurkish('Atatürk’ün heykeli')).toEqual(['ataturkun', 'heykeli']);
  });

  it('gives no words for empty or punctuation-only text', () => {
    expect(tokenizeTurkish('')).toEqual([]);
    expect(tokenizeTurkish(' ... !!! ')).toEqual([]);
  });
});

describe('stemTurkish', () => {
  it.each([
    ['cukurlar', 'cukur'],
    ['cukuru', 'cukur'],
    ['cukurda', 'cukur'],
    ['cukurlarimizda', 'cukur'],
    ['agaclar', 'agac'],
    ['agaci', 'agac'],
    ['sokaga', 'sokak'],
    ['sokagimizda', 'sokak'],
    ['sokaktaki', 'sokak'],
    ['kopegi', 'kopek'],
    ['kopekler', 'kopek'],
    ['isigi', 'isik'],
    ['parkta', 'park'],
    ['parktaki', 'park'],
    ['copler', 'cop'],
    ['copleri', 'cop'],
    ['sular', 'su'],
    ['suyu', 'su'],
    ['suda', 'su'],
    ['suyumuz', 'su'],
    ['suyun', 'su'],
    ['yollar', 'yol'],
    ['yolu', 'yol'],
  ])('%s → %s', (word, stem) => {
    expect(stemTurkish(word)).toBe(stem);
  });

  it('gives every inflection of a word the same stem', () => {
    const stems = (words: string[]) => new Set(words.map(stemTurkish));
    expect(stems(['lamba', 'lambasi', 'lambalar', 'lambalari', 'lambasinin'])).toHaveProperty('size', 1);
    expect(stems(['kaldirim', 'kaldirimda', 'kaldirimlar', 'kaldirimi'])).toHaveProperty('size', 1);
    expect(stems(['mahalle', 'mahallemizde', 'mahalleler'])).toHaveProperty('size', 1);
    expect(stems(['boru', 'borusu', 'borular'])).toHaveProperty('size', 1);
  });

  it('leaves short roots, one-syllable ğ roots and non-words alone', () => {
    expect(stemTurkish('su')).toBe('su');
    expect(stemTurkish('yol')).toBe('yol');
    expect(stemTurkish('yagi')).toBe('yag');
    expect(stemTurkish('4982')).toBe('4982');
    expect(stemTurkish('e2')).toBe('e2');
  });

  it('stems a whole text after folding', () => {
    expect(turkishStems('ÇUKURLARIMIZDA su birikiyor')).toEqual(['cukur', 'su', 'birikiyor']);
  });
});

describe('matchTerm', () => {
  it('matches the same word, what is typed so far, inflections and derivations', () => {
    expect(matchTerm(term('çukur'), term('Çukur'))).toBe('exact');
    expect(matchTerm(term('cuk'), term('çukuru'))).toBe('prefix');
    expect(matchTerm(term('çukurlar'), term('çukuru'))).toBe('stem');
    expect(matchTerm(term('ağaçlar'), term('Ağaç'))).toBe('stem');
    expect(matchTerm(term('budanmalı'), term('budama'))).toBe('root');
    expect(matchTerm(term('lamba'), term('sokaklambası'))).toBe('infix');
  });

  it('does not match unrelated words', () => {
    expect(matchTerm(term('çukur'), term('çöp'))).toBeUndefined();
    expect(matchTerm(term('ağaç'), term('ağır'))).toBeUndefined();
    expect(matchTerm(term('su'), term('sokak'))).toBeUndefined();
  });
});
