import { describe, expect, it } from 'vitest';
import { postJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';

const bearer = async (username: string) => ({
  authorization: `Bearer ${(await signIn(username)).IdToken}`,
});

describe('POST /v1/staff/work-type-suggestions', () => {
  it('suggests the three likeliest work types, named in both languages, for what a caller says', async () => {
    const res = await postJson(
      '/v1/staff/work-type-suggestions',
      { text: 'Sokağımızdaki lamba iki gündür YANMIYOR, akşamları zifiri karanlık' },
      await bearer('metro.agent'),
    );
    expect(res.status).toBe(200);
    const suggestions = res.json.suggestions as { code: string; score: number; name: { tr: string } }[];
    expect(suggestions).toHaveLength(3);
    expect(suggestions[0]).toMatchObject({
      code: 'LIGHT-STREETLIGHT-OUT',
      name: { tr: 'Sokak lambası yanmıyor', en: expect.any(String) },
      group: 'LIGHT',
      groupName: { tr: expect.any(String), en: expect.any(String) },
    });
    const scores = suggestions.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('works for muhtars and unit staff, who file cases too', async () => {
    for (const username of ['karesi.muhtar', 'karesi.staff']) {
      const res = await postJson(
        '/v1/staff/work-type-suggestions',
        { text: 'mahallede cop konteyneri tasiyor, kokudan durulmuyor' },
        await bearer(username),
      );
      expect(res.status, username).toBe(200);
      expect((res.json.suggestions as { code: string }[]).map((s) => s.code)).toContain(
        'WASTE-CONTAINER-OVERFLOW',
      );
    }
  });

  it('gives no suggestion for text with no subject in it', async () => {
    const res = await postJson(
      '/v1/staff/work-type-suggestions',
      { text: '!!! ... 12345' },
      await bearer('metro.agent'),
    );
    expect(res.status).toBe(200);
    expect(res.json.suggestions).toEqual([]);
  });

  it('refuses those who may not file cases, and empty text', async () => {
    const manager = await postJson(
      '/v1/staff/work-type-suggestions',
      { text: 'su yok' },
      await bearer('baski.manager'),
    );
    expect(manager.status).toBe(403);
    const empty = await postJson(
      '/v1/staff/work-type-suggestions',
      { text: '   ' },
      await bearer('metro.agent'),
    );
    expect(empty.status).toBe(400);
    const anonymous = await postJson('/v1/staff/work-type-suggestions', { text: 'su yok' });
    expect(anonymous.status).toBe(401);
  });
});
