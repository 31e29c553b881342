import { describe, expect, it } from 'vitest';
import { spokenTrackingNumber, trackingGroups } from './tracking-dictation.ts';

describe('a tracking number for dictation', () => {
  it('keeps the three groups of four, however it was written', () => {
    expect(trackingGroups('4827-3915-0266')).toEqual(['4827', '3915', '0266']);
    expect(trackingGroups('482739150266')).toEqual(['4827', '3915', '0266']);
  });

  it('reads each digit on its own, in Turkish and English', () => {
    expect(spokenTrackingNumber('4827-3915-0266', 'tr')).toBe(
      'dört sekiz iki yedi – üç dokuz bir beş – sıfır iki altı altı',
    );
    expect(spokenTrackingNumber('4827-3915-0266', 'en')).toBe(
      'four eight two seven – three nine one five – zero two six six',
    );
  });
});
